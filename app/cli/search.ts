// `sealmail search`: full-text search of the encrypted store, decrypted bodies of encrypted mail included.
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { findAccount } from '../accounts/account-book.js';
import { withMailProfile } from '../mail-profile.js';
import { terminalLine, writeStdout } from './output.js';
import { mailSession } from './session.js';

export function addSearchCommand(program: Command): void {
  program
    .command('search')
    .description('search synced mail: words, "phrases", AND/OR/NOT, prefix*, subject:/from:/to:/body:word')
    .argument('<query>', 'what to find')
    .option('--account <addr>', 'search only this account (default: every account)')
    .option('--limit <n>', 'show at most N messages, best matches first', '50')
    .option('--json', 'print a JSON array')
    .action(async (query: string, opts: { json?: boolean; account?: string; limit: string }, command: Command) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new SealmailError('bad-option', `--limit must be a whole number from 1 to 10000, not "${opts.limit}"`);
      const hits = await withMailProfile(mailSession(command), async (mail) => {
        const accounts = new Map(mail.store.accounts.list().map((a) => [a.id, a]));
        const folders = new Map([...accounts.keys()].flatMap((id) => mail.store.accounts.folders(id)).map((f) => [f.id, f.path]));
        const only = opts.account === undefined ? {} : { accountId: findAccount(mail, opts.account).id };
        return mail.store.search(query, { limit, ...only }).map((h) => ({
          account: accounts.get(h.accountId)?.address ?? '',
          folder: folders.get(h.folderId) ?? '',
          uid: h.uid,
          date: h.date === null ? null : h.date.toISOString(),
          from: h.from,
          subject: mail.store.messages.indexed(h.id)?.subject || h.subject,
          snippet: h.snippet,
        }));
      });
      if (opts.json) return writeStdout(`${JSON.stringify(hits, null, 2)}\n`);
      if (hits.length === 0) return writeStdout('No message matches.\n');
      const lines = hits.map((h) => [h.account, h.folder, String(h.uid), h.from, h.subject, h.snippet].map((f) => terminalLine(f)).join('  '));
      return writeStdout(`${lines.join('\n')}\n`);
    });
}
