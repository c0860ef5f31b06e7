// `sealmail sync` and `sealmail reindex`: fetch every folder of each account into the encrypted store, and index mail for search.
import type { Command } from 'commander';
import { isSealmailError } from '../../crypto/errors.js';
import { findAccount } from '../accounts/account-book.js';
import { Keyring } from '../keyring.js';
import { syncAccount } from '../mail-sync.js';
import { withMailProfile, type MailProfile } from '../mail-profile.js';
import { indexOpenedMessage, type IndexKeys } from '../message-search-text.js';
import type { Account } from '../store/accounts.js';
import { smimeOpenOptions } from '../smime-trust.js';
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
            const folders = await syncAccount(mail, account, keys);
            out.lines.push(...folders.map((f) => `${terminalLine(account.address)} ${terminalLine(f.path)}: ${f.added} new, ${f.changed} changed, ${f.removed} removed\n`));
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
    smime: await smimeOpenOptions({ profile: session.profile, passphrase: () => session.passphrase.get() }),
  };
}
