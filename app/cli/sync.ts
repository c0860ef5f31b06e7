// `sealmail sync`: fetches every folder of each account into the encrypted store and indexes new mail for search.
import type { Command } from 'commander';
import { findAccount, imapSettings } from '../accounts/account-book.js';
import { openImap } from '../imap/connection.js';
import { syncFolderList } from '../imap/folders.js';
import { syncFolder } from '../imap/sync.js';
import { Keyring } from '../keyring.js';
import { withMailProfile, type MailProfile } from '../mail-profile.js';
import { indexOpenedMessage, type IndexKeys } from '../message-search-text.js';
import type { Account } from '../store/accounts.js';
import { unlockOwnKeys } from './open.js';
import { terminalLine, writeStdout } from './output.js';
import { mailSession } from './send.js';

export function addSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('fetch new mail, flag changes and removals of every folder into the encrypted store, and index it for search')
    .option('--account <addr>', 'sync only this account (default: every account)')
    .action(async (opts: { account?: string }, command: Command) => {
      const session = mailSession(command);
      const ring = await Keyring.open({ profile: session.profile });
      let unlocked: ReturnType<typeof unlockOwnKeys> | undefined;
      const keys: IndexKeys = {
        verificationKeys: ring.list().map(({ key, meta }) => ({ key: key.toPublic(), acceptance: meta.acceptance })),
        // Unlocked once, and only when a new message is encrypted.
        decryptionKeys: () => (unlocked ??= unlockOwnKeys(ring, session.passphrase)),
      };
      const lines = await withMailProfile(session, async (mail) => {
        const accounts = opts.account === undefined ? mail.store.accounts.list() : [findAccount(mail, opts.account)];
        const out: string[] = [];
        for (const account of accounts) out.push(...(await syncAccount(mail, account, keys)));
        return out;
      });
      await writeStdout(lines.length === 0 ? 'No accounts to sync; add one with: sealmail account add\n' : lines.join(''));
    });
}

async function syncAccount(mail: MailProfile, account: Account, keys: IndexKeys): Promise<string[]> {
  const { store } = mail;
  const imap = await openImap(imapSettings(mail, account));
  try {
    const lines: string[] = [];
    for (const folder of await syncFolderList(imap.client, store, account.id)) {
      const before = store.accounts.folders(account.id).find((f) => f.id === folder.id);
      const highest = before?.uidvalidity == null ? 0 : store.messages.highestUid(folder.id, before.uidvalidity);
      const result = await syncFolder({ client: imap.client, store, accountId: account.id, path: folder.path });
      const above = result.uidvalidityChanged ? 0 : highest;
      const added = store.messages
        .list(folder.id, { limit: store.messages.count(folder.id) })
        .filter((m) => m.uidvalidity === result.uidvalidity && m.uid > above);
      for (const message of added) await indexOpenedMessage(store, message.id, keys);
      const what = `${result.added} new, ${result.flagsChanged} changed, ${result.removed} removed`;
      lines.push(`${terminalLine(account.address)} ${terminalLine(folder.path)}: ${what}\n`);
    }
    return lines;
  } finally {
    await imap.close();
  }
}
