// `sealmail read`: the security report of a stored message, exactly as `open` gives it for the same bytes.
import type { Command } from 'commander';
import { SealmailError, open } from '../../crypto/index.js';
import { Keyring } from '../keyring.js';
import { withMailProfile } from '../mail-profile.js';
import { smimeOpenOptions } from '../smime-trust.js';
import { mailboxFolder } from './list.js';
import { unlockOwnKeys } from './open.js';
import { writeStdout } from './output.js';
import { reportText } from './report-text.js';
import { mailSession } from './session.js';

export function addReadCommand(program: Command): void {
  program
    .command('read')
    .description('decrypt and verify a synced message and show its security report and text, as open does')
    .argument('<uid>', 'the message UID, as list shows it')
    .option('--folder <path>', 'the folder', 'INBOX')
    .option('--account <addr>', 'the account (needed when there are several)')
    .option('--json', 'print the security report as one JSON object')
    .action(async (uidText: string, opts: { folder: string; account?: string; json?: boolean }, command: Command) => {
      const uid = Number(uidText);
      if (!/^\d+$/.test(uidText) || !Number.isSafeInteger(uid) || uid < 1) throw new SealmailError('bad-option', `"${uidText}" is not a message UID`);
      const session = mailSession(command);
      const raw = await withMailProfile(session, async (mail) => {
        const { folder } = mailboxFolder(mail, opts.folder, opts.account);
        const stored = mail.store.messages.byUid(folder.id, folder.uidvalidity ?? 0, uid);
        const bytes = stored && mail.store.messages.raw(stored.id);
        if (!bytes) throw new SealmailError('bad-option', `there is no message ${uid} in ${opts.folder}; see: sealmail list --folder ${opts.folder}`);
        return bytes;
      });
      const ring = await Keyring.open({ profile: session.profile });
      const report = await open({
        message: raw,
        verificationKeys: ring.list().map(({ key, meta }) => ({ key: key.toPublic(), acceptance: meta.acceptance })),
        decryptionKeys: () => unlockOwnKeys(ring, session.passphrase),
        smime: await smimeOpenOptions({ profile: session.profile, passphrase: () => session.passphrase.get() }),
      });
      // The failure policy of `open`: one line and exit 1; --json still prints the report, which then holds no plaintext.
      if (opts.json) await writeStdout(`${JSON.stringify(report)}\n`);
      if (report.encryption.state === 'failed') throw new SealmailError('decrypt-failed', report.encryption.error ?? 'the message could not be decrypted');
      if (!opts.json) await writeStdout(reportText(report));
    });
}
