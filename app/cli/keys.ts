// `sealmail keys ...`: generate, import, export, list and revoke keys in the profile's keyring.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { exportKey, generateKey, keyInfo, readKeys, revokeKey, unlockKey } from '../../crypto/pgp/keys.js';
import { importKeys, type KeyToImport } from '../key-import.js';
import { keyListJson, keyListText } from './key-list.js';
import { readInputFile } from './input.js';
import { terminalLine, writeStdout } from './output.js';
import { session } from './session.js';

export function addKeyCommands(program: Command): void {
  const keys = program.command('keys').description('manage the OpenPGP keys in the profile');

  keys
    .command('generate')
    .description('create your own key (v4 Ed25519/Curve25519 unless --v6) and print its fingerprint')
    .requiredOption('--uid <uid>', 'user ID, "Name <address>"')
    .option('--v6', 'make an RFC 9580 v6 key (not readable by GnuPG 2.2)')
    .action(async (opts: { uid: string; v6?: boolean }, command: Command) => {
      const { keyring, passphrase } = session(command);
      const ring = await keyring();
      const generated = await generateKey({ uid: opts.uid, passphrase: await passphrase.get({ confirm: true }), v6: opts.v6 === true });
      const [key] = await readKeys({ data: new TextEncoder().encode(generated.privateKey) });
      if (!key) throw new SealmailError('bad-key', 'the generated key could not be read back');
      await ring.add({ key, source: 'generated' });
      await writeStdout(`${generated.fingerprint}\n`);
    });

  keys
    .command('import')
    .description('add keys from files (armored or binary, several per file); secret keys need their passphrase')
    .argument('<file...>', 'key files')
    .action(async (files: string[], _opts: object, command: Command) => {
      const { keyring, passphrase } = session(command);
      const ring = await keyring();
      const toImport: KeyToImport[] = [];
      for (const file of files) {
        const data = await readInputFile(file);
        const found = await readKeys({ data }).catch((e: unknown) => {
          throw e instanceof SealmailError ? new SealmailError(e.code, `${file}: ${e.message}`) : e;
        });
        for (const key of found) toImport.push({ key, source: resolve(file) });
      }
      const imported = await importKeys({ keyring: ring, keys: toImport, passphrase: () => passphrase.get() });
      const lines = imported.map(
        (k) => `${k.fingerprint}  ${k.secret ? 'secret' : 'public'}  ${k.status}  ${terminalLine(k.uid ?? '(no user ID)')}\n`,
      );
      await writeStdout(lines.join(''));
    });

  keys
    .command('export')
    .description('write a key to stdout: the public key, or with --secret the passphrase-protected secret key')
    .argument('<id>', 'fingerprint, key ID (8+ hex digits) or e-mail address')
    .option('--secret', 'export the secret key (stays passphrase-protected)')
    .option('--armor', 'ASCII-armored output instead of binary')
    .action(async (id: string, opts: { secret?: boolean; armor?: boolean }, command: Command) => {
      const armor = opts.armor === true;
      if (!armor && process.stdout.isTTY) {
        throw new SealmailError('bad-option', 'refusing to write binary key data to a terminal; add --armor or redirect stdout');
      }
      const entry = await (await session(command).keyring()).find(id);
      await writeStdout(exportKey({ key: entry.key, secret: opts.secret === true, armor }));
    });

  keys
    .command('list')
    .description('show the keys in the keyring')
    .option('--json', 'print a JSON array instead of a table')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const entries = (await session(command).keyring()).list();
      const listed = await Promise.all(entries.map(async (e) => ({ info: await keyInfo({ key: e.key }), meta: e.meta })));
      await writeStdout(opts.json ? keyListJson(listed) : keyListText(listed));
    });

  keys
    .command('revoke')
    .description('revoke one of your keys and print its revocation certificate')
    .argument('<id>', 'fingerprint, key ID (8+ hex digits) or e-mail address')
    .action(async (id: string, _opts: object, command: Command) => {
      const { keyring, passphrase } = session(command);
      const ring = await keyring();
      const { key, fingerprint } = await ring.find(id);
      if (!key.isPrivate()) throw new SealmailError('no-key', `the keyring has no secret key for ${fingerprint}; only its owner can revoke it`);
      const unlocked = await unlockKey({ key, passphrase: await passphrase.get() });
      const revoked = await revokeKey({ key: unlocked });
      // Merging the public half adds the revocation while the stored secret stays protected as it was.
      await ring.add({ key: revoked.publicKey, source: 'revoked' });
      await writeStdout(revoked.revocationCertificate.endsWith('\n') ? revoked.revocationCertificate : `${revoked.revocationCertificate}\n`);
    });
}
