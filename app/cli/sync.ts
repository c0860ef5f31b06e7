// `sealmail sync` and `sealmail reindex`: fetch every folder of each account into the encrypted store, and index mail for search.
import type { Command } from 'commander';
import { isSealmailError } from '../../crypto/errors.js';
import { findAccount, imapSettings } from '../accounts/account-book.js';
import { openImap } from '../imap/connection.js';
import { syncFolderList } from '../imap/folders.js';
import { syncFolder } from '../imap/sync.js';
import { Keyring } from '../keyring.js';
import { withMailProfile, type MailProfile } from '../mail-profile.js';
import { indexOpenedMessage, type IndexKeys } from '../message-search-text.js';
import type { Account } from '../store/accounts.js';
import { unlockOwnKeys } from './open.js';
import { terminalLine, writeErrorLine, writeStdout } from './output.js';
import { mailSession } from './session.js';

export function addSyncCommands(program: Command): void {
  program
    .command('sync')
    .description('fetch new mail, flag changes and removals of every folder into the encrypted store, and index it for search')
    .option('--account <addr>', 'sync only this account (default: every account)')
    .action(async (opts: { account?: string }, command: Command) => {
      const session = mailSession(command);
      const keys = await indexKeys(session);
      const { lines, failures } = await withMailProfile(session, async (mail) => {
        const out = { lines: [] as string[], failures: [] as string[] };
        for (const account of accountsOf(mail, opts.account)) {
          // One unreachable server must not keep the other accounts' mail from arriving.
          try {
            out.lines.push(...(await syncAccount(mail, account, keys)));
          } catch (e) {
            if (!isSealmailError(e)) throw e;
            out.failures.push(`${account.address}: ${e.message}`);
          }
        }
        return out;
      });
      if (lines.length === 0 && failures.length === 0) return writeStdout('No accounts to sync; add one with: sealmail account add\n');
      await writeStdout(lines.join(''));
      for (const failure of failures) writeErrorLine(`sync of ${failure}`);
      if (failures.length > 0) process.exitCode = 1;
    });

  program
    .command('reindex')
    .description('open every stored message again and rebuild its search entry (e.g. after importing the key an encrypted message needed)')
    .option('--account <addr>', 'only this account (default: every account)')
    .action(async (opts: { account?: string }, command: Command) => {
      const session = mailSession(command);
      const keys = await indexKeys(session);
      const counts = await withMailProfile(session, async (mail) => {
        let opened = 0;
        let unopened = 0;
        for (const account of accountsOf(mail, opts.account)) {
          for (const folder of mail.store.accounts.folders(account.id)) {
            for (const message of mail.store.messages.list(folder.id, { limit: mail.store.messages.count(folder.id) })) {
              if (await indexOpenedMessage(mail.store, message.id, keys)) opened++;
              else unopened++;
            }
          }
        }
        return { opened, unopened };
      });
      const rest = counts.unopened === 0 ? '' : `; ${counts.unopened} could not be opened (no key, or not decryptable) and keep their envelope entry`;
      await writeStdout(`reindexed ${counts.opened} message${counts.opened === 1 ? '' : 's'}${rest}\n`);
    });
}

function accountsOf(mail: MailProfile, address: string | undefined): Account[] {
  return address === undefined ? mail.store.accounts.list() : [findAccount(mail, address)];
}

/** Every known key verifies; the own secret keys are unlocked once, and only when an encrypted message needs them. */
async function indexKeys(session: ReturnType<typeof mailSession>): Promise<IndexKeys> {
  const ring = await Keyring.open({ profile: session.profile });
  let unlocked: ReturnType<typeof unlockOwnKeys> | undefined;
  return {
    verificationKeys: ring.list().map(({ key, meta }) => ({ key: key.toPublic(), acceptance: meta.acceptance })),
    decryptionKeys: () => (unlocked ??= unlockOwnKeys(ring, session.passphrase)),
  };
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
