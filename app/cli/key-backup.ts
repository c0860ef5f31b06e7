// `sealmail keys backup` and `keys restore`: the own secret keys to one passphrase-protected file for a second device, and back.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { unlockKey } from '../../crypto/pgp/keys.js';
import { writeFileAtomic } from '../atomic-file.js';
import {
  MIN_BACKUP_PASSPHRASE_CHARS,
  checkBackupPassphrase,
  makeKeyBackup,
  readKeyBackup,
  restoreKeyBackup,
  unlockKeyBackup,
} from '../key-backup.js';
import { readInputFile } from './input.js';
import { terminalLine, writeErrorLine, writeStdout } from './output.js';
import { TERMINAL_ATTEMPTS, withPassphraseAttempts } from './passphrase-attempts.js';
import { passphraseSource } from './passphrase.js';
import { session } from './session.js';

const BACKUP_FILE_OPTION = '--backup-passphrase-file';

/** A passphrase asked afresh per try: one try from a file, a few at a terminal. */
interface Asker {
  ask(options?: { confirm?: boolean }): Promise<string>;
  attempts: number;
}

function asker(file: string | undefined, label: string, fileOption: string): Asker {
  return {
    ask: (options) => passphraseSource({ file, label, fileOption }).get(options),
    attempts: file ? 1 : TERMINAL_ATTEMPTS,
  };
}

function profileAsker(command: Command): Asker {
  const { passphraseFile } = command.optsWithGlobals<{ passphraseFile?: string }>();
  return asker(passphraseFile, 'passphrase', '--passphrase-file');
}

export function addKeyBackupCommands(keys: Command): void {
  keys
    .command('backup')
    .description(
      'write all your own secret keys to one file for another device: an ASCII-armored OpenPGP secret key block, ' +
        `each key protected with a new backup passphrase of at least ${MIN_BACKUP_PASSPHRASE_CHARS} characters (AES-256, iterated+salted S2K), ` +
        'that "sealmail keys restore" and "gpg --import" read',
    )
    .option('--out <file>', 'write the backup to FILE (mode 0600, replaced atomically) instead of stdout')
    .option(`${BACKUP_FILE_OPTION} <file>`, 'read the backup passphrase from the first line of FILE instead of asking twice')
    .action(async (opts: { out?: string; backupPassphraseFile?: string }, command: Command) => {
      const ring = await session(command).keyring();
      const own = ring.ownSecretKeys();
      if (own.length === 0) throw new SealmailError('no-key', 'the profile has no secret keys of your own to back up');
      const profile = profileAsker(command);
      const profilePassphrase = await withPassphraseAttempts({
        ask: () => profile.ask(),
        use: async (passphrase) => {
          for (const key of own) await unlockKey({ key, passphrase });
          return passphrase;
        },
        attempts: profile.attempts,
        warn: writeErrorLine,
        giveUp: 'no backup was written',
      });
      const backupPassphrase = await asker(opts.backupPassphraseFile, 'backup passphrase', BACKUP_FILE_OPTION).ask({ confirm: true });
      checkBackupPassphrase(backupPassphrase);
      const armored = await makeKeyBackup({ keys: own, profilePassphrase, backupPassphrase });
      if (!opts.out) return writeStdout(armored);
      await writeFileAtomic(resolve(opts.out), armored);
      await writeStdout(own.map((k) => `${k.getFingerprint()}  backed up\n`).join(''));
    });

  keys
    .command('restore')
    .description(
      'add the secret keys of a backup (from "sealmail keys backup", or any passphrase-protected OpenPGP secret key file) ' +
        "as your own, protected with this profile's passphrase; all of them or, with a wrong backup passphrase, none",
    )
    .argument('<file>', 'the backup file')
    .option(`${BACKUP_FILE_OPTION} <file>`, 'read the backup passphrase from the first line of FILE instead of asking')
    .action(async (file: string, opts: { backupPassphraseFile?: string }, command: Command) => {
      const ring = await session(command).keyring();
      const locked = await readKeyBackup({ data: await readInputFile(file), name: file });
      const backup = asker(opts.backupPassphraseFile, 'backup passphrase', BACKUP_FILE_OPTION);
      const unlocked = await withPassphraseAttempts({
        ask: () => backup.ask(),
        use: (backupPassphrase) => unlockKeyBackup({ keys: locked, backupPassphrase }),
        attempts: backup.attempts,
        warn: writeErrorLine,
        giveUp: 'nothing was restored',
      });
      const profile = profileAsker(command);
      // A profile without own keys gets its passphrase now, so a terminal asks for it twice.
      const fresh = ring.ownSecretKeys().length === 0;
      const restored = await withPassphraseAttempts({
        ask: () => profile.ask({ confirm: fresh }),
        use: (profilePassphrase) => restoreKeyBackup({ keyring: ring, keys: unlocked, profilePassphrase, source: `backup ${resolve(file)}` }),
        attempts: profile.attempts,
        warn: writeErrorLine,
        giveUp: 'nothing was restored',
      });
      await writeStdout(restored.map((k) => `${k.fingerprint}  secret  ${k.status}  ${terminalLine(k.uid ?? '(no user ID)')}\n`).join(''));
    });
}
