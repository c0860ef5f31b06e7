// `sealmail list`: one stored folder, newest first, with the protected subject of encrypted mail once sync has opened it.
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { findAccount } from '../accounts/account-book.js';
import { withMailProfile, type MailProfile } from '../mail-profile.js';
import type { Account, Folder } from '../store/accounts.js';
import { terminalLine, writeStdout } from './output.js';
import { mailSession } from './session.js';

export interface ListedMessage {
  uid: number;
  date: string | null;
  from: string;
  subject: string;
  flags: string[];
}

export function addListCommand(program: Command): void {
  program
    .command('list')
    .description('list the messages of a synced folder, newest first')
    .option('--folder <path>', 'the folder', 'INBOX')
    .option('--account <addr>', 'the account (needed when there are several)')
    .option('--limit <n>', 'at most this many messages', '50')
    .option('--json', 'print a JSON array')
    .action(async (opts: { folder: string; account?: string; limit: string; json?: boolean }, command: Command) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new SealmailError('bad-option', `--limit "${opts.limit}" is not a positive whole number`);
      const messages = await withMailProfile(mailSession(command), async (mail) => {
        const { folder } = mailboxFolder(mail, opts.folder, opts.account);
        return mail.store.messages.list(folder.id, { limit }).map(
          (m): ListedMessage => ({
            uid: m.uid,
            date: m.date === null ? null : m.date.toISOString(),
            from: m.from,
            // The index holds the protected subject once sync decrypted the message; the outer one is often "...".
            subject: mail.store.messages.indexed(m.id)?.subject || m.subject,
            flags: m.flags,
          }),
        );
      });
      if (opts.json) return writeStdout(`${JSON.stringify(messages, null, 2)}\n`);
      if (messages.length === 0) return writeStdout(`${terminalLine(opts.folder)} is empty; fetch new mail with: sealmail sync\n`);
      const lines = messages.map((m) => {
        const flags = m.flags.length === 0 ? '' : `  ${m.flags.join(' ')}`;
        return `${m.uid}  ${m.date ?? '(no date)'}  ${terminalLine(m.from)}  ${terminalLine(m.subject)}${flags}\n`;
      });
      return writeStdout(lines.join(''));
    });
}

/** The account (the given one, else the only one) and its synced folder `path`, or a one-line error saying what to do. */
export function mailboxFolder(mail: MailProfile, path: string, address?: string): { account: Account; folder: Folder } {
  let account: Account;
  if (address !== undefined) account = findAccount(mail, address);
  else {
    const accounts = mail.store.accounts.list();
    if (accounts.length === 0) throw new SealmailError('bad-option', 'there are no accounts; add one with: sealmail account add');
    if (accounts.length > 1) throw new SealmailError('bad-option', `there are several accounts; choose one with --account (${accounts.map((a) => a.address).join(', ')})`);
    account = accounts[0] as Account;
  }
  const folder = mail.store.accounts.folders(account.id).find((f) => f.path === path);
  if (!folder || folder.uidvalidity === null) {
    throw new SealmailError('bad-option', `${account.address} has no synced folder "${path}"; run: sealmail sync`);
  }
  return { account, folder };
}
