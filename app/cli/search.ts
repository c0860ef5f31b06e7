// `sealmail search`: full-text search of the encrypted store, decrypted bodies of encrypted mail included.
import type { Command } from 'commander';
import { withMailProfile } from '../mail-profile.js';
import { terminalLine, writeStdout } from './output.js';
import { mailSession } from './send.js';

export function addSearchCommand(program: Command): void {
  program
    .command('search')
    .description('search synced mail: words, "phrases", AND/OR/NOT, prefix*, subject:/from:/to:/body:word')
    .argument('<query>', 'what to find')
    .option('--json', 'print a JSON array')
    .action(async (query: string, opts: { json?: boolean }, command: Command) => {
      const hits = await withMailProfile(mailSession(command), async (mail) => {
        const accounts = new Map(mail.store.accounts.list().map((a) => [a.id, a]));
        const folders = new Map([...accounts.keys()].flatMap((id) => mail.store.accounts.folders(id)).map((f) => [f.id, f.path]));
        return mail.store.search(query).map((h) => ({
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
