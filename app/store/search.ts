// Full-text search (SQLite FTS5) over subject, sender, recipients and body text, decrypted bodies included.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { SealmailError } from '../../crypto/errors.js';

export interface SearchHit {
  id: number;
  accountId: number;
  folderId: number;
  uid: number;
  subject: string;
  from: string;
  date: Date | null;
  /** A few words around the match, the matched words between [ and ]. */
  snippet: string;
}

interface HitRow {
  id: number;
  account_id: number;
  folder_id: number;
  uid: number;
  subject: string;
  from_addr: string;
  date: number | null;
  snippet: string;
}

/**
 * Runs an FTS5 query (words, "phrases", AND/OR/NOT, prefix*, subject:/from:/to:/body:word), best matches first.
 * A malformed query is the user's typo, so it becomes one line saying so, not an SQLite error.
 */
export function search(db: Database, query: string, options: { limit?: number; accountId?: number } = {}): SearchHit[] {
  const { limit = 50, accountId } = options;
  if (query.trim() === '') throw new SealmailError('bad-option', 'search: the query is empty; give at least one word');
  // snippet() column -1: the column that matched best; 12 tokens of context.
  const sql = `SELECT m.id, m.account_id, m.folder_id, m.uid, m.subject, m.from_addr, m.date,
                      snippet(message_text, -1, '[', ']', '...', 12) AS snippet
               FROM message_text JOIN messages m ON m.id = message_text.rowid
               WHERE message_text MATCH ? ${accountId === undefined ? '' : 'AND m.account_id = ?'}
               ORDER BY bm25(message_text) LIMIT ?`;
  const params = accountId === undefined ? [query, limit] : [query, accountId, limit];
  let rows: HitRow[];
  try {
    rows = db.prepare<unknown[], HitRow>(sql).all(...params);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code !== 'SQLITE_ERROR') throw e;
    const reason = e instanceof Error ? (e.message.split('\n')[0] ?? '') : '';
    throw new SealmailError('bad-option', `search: "${query.slice(0, 80)}" is not a valid query (${reason}); put a word that holds - or : in "double quotes"`);
  }
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    folderId: r.folder_id,
    uid: r.uid,
    subject: r.subject,
    from: r.from_addr,
    date: r.date === null ? null : new Date(r.date),
    snippet: r.snippet,
  }));
}
