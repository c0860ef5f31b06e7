// `sealmail send` and `sealmail outbox`: seal, keep in the encrypted outbox, submit, and retry what failed.
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { sendingAccount } from '../accounts/account-book.js';
import { CertificateStore } from '../certificates/certificate-store.js';
import { Keyring } from '../keyring.js';
import { recipientAddresses, refreshBeforeSend, refreshLine } from '../key-refresh.js';
import { withMailProfile } from '../mail-profile.js';
import { flushOutbox, type FlushOutcome } from '../outbox/flush.js';
import { sealForSend } from '../outbox/seal-for-send.js';
import { PREFER_ENCRYPT_FLAG, PREFER_ENCRYPT_HELP, checkSchemeFlags, preferEncryptFlag } from './seal.js';
import { mailSession } from './session.js';
import { readStdin } from './input.js';
import { terminalLine, writeStdout } from './output.js';

export function addSendCommands(program: Command): void {
  program
    .command('send')
    .description('seal the message on stdin (sign, and encrypt when every recipient has a key), queue it in the outbox and submit it')
    .option('--account <addr>', 'the account to send with (default: the one for the From address)')
    .option('--sign', 'sign (with --encrypt: exactly what is asked; default: sign, and encrypt when possible)')
    .option('--encrypt', 'encrypt, and refuse when a recipient has no key')
    .option('--later', 'only queue the message; send it with: sealmail outbox flush')
    .option('--pgp', 'use OpenPGP (PGP/MIME); without --pgp or --smime the recipient policy picks: OpenPGP when everyone has a key, else S/MIME when certificates cover everyone')
    .option('--smime', 'use S/MIME with the certificates imported by: sealmail keys import FILE.p12')
    .option('--gcm', 'S/MIME: encrypt with AES-256-GCM (AuthEnvelopedData) instead of AES-256-CBC, which Outlook and Apple Mail read')
    .option(PREFER_ENCRYPT_FLAG, PREFER_ENCRYPT_HELP)
    .action(async (opts: { account?: string; sign?: boolean; encrypt?: boolean; later?: boolean; pgp?: boolean; smime?: boolean; gcm?: boolean; preferEncrypt?: string }, command: Command) => {
      checkSchemeFlags(opts);
      const preferEncrypt = preferEncryptFlag(opts.preferEncrypt);
      const session = mailSession(command);
      const message = await readStdin();
      const keyring = await Keyring.open({ profile: session.profile });
      if (!opts.smime) {
        // Keys about to expire are refreshed from their directories first; a failure is told, never fatal.
        const refreshed = await refreshBeforeSend({ keyring, addresses: recipientAddresses(message), connection: { timeoutMs: 5_000 } });
        if (refreshed.length > 0) await writeStdout(refreshed.map((r) => `${terminalLine(refreshLine(r))}\n`).join(''));
      }
      const certificates = await CertificateStore.open({ profile: session.profile });
      const explicit = opts.sign === true || opts.encrypt === true;
      const report = await withMailProfile(session, async (mail) => {
        const sealed = await sealForSend({
          keyring,
          message,
          ...(explicit ? { sign: opts.sign === true, encrypt: opts.encrypt === true } : {}),
          passphrase: () => session.passphrase.get(),
          // Without --pgp or --smime: the recipient policy's scheme, as the compose screen shows it.
          scheme: opts.smime ? 'smime' : opts.pgp ? 'pgp' : 'auto',
          certificates,
          gcm: opts.gcm === true,
          preferEncrypt,
        });
        const account = sendingAccount(mail, sealed.from, opts.account);
        // Written (encrypted at rest) before any byte goes to the server: from here on it cannot be lost.
        const id = mail.store.outbox.enqueue({ accountId: account.id, raw: sealed.sealed, recipients: sealed.recipients });
        const how = [sealed.signed ? 'signed' : null, sealed.encrypted ? 'encrypted' : null].filter(Boolean).join(' and ') + (sealed.scheme === 'smime' ? ', S/MIME' : '');
        // Sent without a say on encryption and not encrypted: say why, in the recipient policy's words.
        const why = sealed.notEncrypted ? `not encrypted: ${sealed.notEncrypted}\n` : '';
        if (opts.later) return `queued (${how}) for ${sealed.recipients.join(', ')}; send it with: sealmail outbox flush\n${why}`;
        const outcomes = await flushOutbox(mail);
        if (outcomes === null) return `queued (${how}); another Sealmail is sending from this profile and will send it too\n${why}`;
        const mine = outcomes.find((o) => o.id === id);
        if (mine === undefined) return `queued (${how}); it is not due yet: see sealmail outbox\n${why}`;
        if (mine.result !== 'sent') throw new SealmailError(mine.code ?? 'smtp', keptLine(mine));
        return `sent (${how}) to ${sealed.recipients.join(', ')}${copyNote(mine)}\n${why}`;
      });
      await writeStdout(report);
    });

  const outbox = program.command('outbox').description('messages waiting to be sent');
  outbox
    .command('list', { isDefault: true })
    .description('show the queued messages and why they wait')
    .option('--json', 'print a JSON array')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const items = await withMailProfile(mailSession(command), async (mail) => {
        const address = new Map(mail.store.accounts.list().map((a) => [a.id, a.address]));
        return mail.store.outbox.list().map((i) => ({
          id: i.id,
          account: address.get(i.accountId) ?? '',
          recipients: i.recipients,
          state: i.state,
          attempts: i.attempts,
          nextAttemptAt: i.nextAttemptAt.toISOString(),
          lastError: i.lastError,
        }));
      });
      if (opts.json) return writeStdout(`${JSON.stringify(items, null, 2)}\n`);
      if (items.length === 0) return writeStdout('The outbox is empty.\n');
      const lines = items.map((i) => {
        const why = i.lastError === null ? '' : `: ${terminalLine(i.lastError)}`;
        const state = i.state === 'accepted' ? 'sent, Sent copy pending' : i.state;
        return `#${i.id}  ${state}  ${terminalLine(i.account)} -> ${terminalLine(i.recipients.join(', '))}  (${i.attempts} attempts, next ${i.nextAttemptAt})${why}\n`;
      });
      return writeStdout(lines.join(''));
    });
  outbox
    .command('flush')
    .description('send every due message now, including those that failed for good (after you fixed the cause)')
    .action(async (_opts: object, command: Command) => {
      const { outcomes, waiting } = await withMailProfile(mailSession(command), async (mail) => ({
        outcomes: await flushOutbox(mail, { retryFailed: true }),
        // Messages that failed for a passing reason wait out their backoff rather than hammer the server.
        waiting: mail.store.outbox.list().filter((i) => i.state === 'queued'),
      }));
      if (outcomes === null) throw new SealmailError('profile', 'another Sealmail is sending from this profile right now; try again when it is done');
      const sent = outcomes.filter((o) => o.result === 'sent');
      const failed = outcomes.filter((o) => o.result === 'retry' || o.result === 'failed');
      const pending = outcomes.filter((o) => o.sentCopy?.filed === false);
      const next = waiting[0] === undefined ? '' : `; ${waiting.length} wait to be retried from ${waiting[0].nextAttemptAt.toISOString()} on`;
      const copies = pending.length === 0 ? '' : `; ${pending.length} Sent ${pending.length === 1 ? 'copy' : 'copies'} pending`;
      const summary = `${sent.length} sent, ${failed.length} kept in the outbox${next}${copies}\n`;
      await writeStdout(outcomes.map(flushLine).join('') + summary);
      if (failed.length > 0 || pending.length > 0) process.exitCode = 1;
    });
}

/** One line per outcome of `outbox flush`. */
function flushLine(o: FlushOutcome): string {
  if (o.result === 'sent') return `sent #${o.id} to ${o.recipients.join(', ')}${copyNote(o)}\n`;
  if (o.result === 'filed') return o.sentCopy?.filed ? `filed the Sent copy of #${o.id}\n` : `sent #${o.id} earlier${copyNote(o)}\n`;
  return `${keptLine(o)}\n`;
}

/** Nothing when the Sent copy is filed; otherwise why not, and that only the copy will be retried. */
function copyNote(o: FlushOutcome): string {
  if (o.sentCopy === undefined || o.sentCopy.filed) return '';
  return `; the Sent copy is pending (${terminalLine(o.sentCopy.error)}), file it with: sealmail outbox flush (the message is not sent again)`;
}

/** One line: what went wrong, and that the message is safe and how it will go. */
function keptLine(o: FlushOutcome): string {
  const next = o.result === 'retry' ? 'retry it after a short pause with: sealmail outbox flush' : 'fix the cause, then run: sealmail outbox flush';
  return `${o.detail}; the message is kept in the outbox, ${next}`;
}
