// Stored messages: the index columns a folder list needs, the raw source byte for byte, flags, and the search text.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

export interface NewMessage {
  accountId: number;
  folderId: number;
  uid: number;
  uidvalidity: number;
  flags?: readonly string[];
  messageId?: string | null;
  from?: string;
  subject?: string;
  date?: Date | null;
  /** The source exactly as the server sent it; stored and returned unchanged. */
  raw: Uint8Array;
  /** Extra text to search, such as the To line and the body; for encrypted mail, the decrypted body. */
  searchText?: SearchText;
}

export interface SearchText {
  subject?: string;
  from?: string;
  to?: string;
  body?: string;
}

export interface MessageSummary {
  id: number;
  accountId: number;
  folderId: number;
  uid: number;
  uidvalidity: number;
  flags: string[];
  messageId: string | null;
  from: string;
  subject: string;
  date: Date | null;
  size: number;
}

interface SummaryRow {
  id: number;
  account_id: number;
  folder_id: number;
  uid: number;
  uidvalidity: number;
  flags: string;
  message_id: string | null;
  from_addr: string;
  subject: string;
  date: number | null;
  size: number;
}

const SUMMARY = 'id, account_id, folder_id, uid, uidvalidity, flags, message_id, from_addr, subject, date, size';

export class Messages {
  // Compiling SQL on every call was most of a 10,000-message first sync; statements are reused instead.
  private readonly statements = new Map<string, Statement>();
  // Made once: better-sqlite3 builds a wrapper per transaction() call, and a savepoint per nested one.
  private readonly putAll: (messages: readonly NewMessage[]) => number[];
  private readonly replaceText: (id: number, text: SearchText) => void;

  constructor(private readonly db: Database) {
    this.putAll = db.transaction((messages: readonly NewMessage[]) => messages.map((m) => this.putNow(m)));
    this.replaceText = db.transaction((id: number, text: SearchText) => {
      this.prepare('DELETE FROM message_text WHERE rowid = ?').run(id);
      this.insertText(id, text);
    });
  }

  private prepare<P extends unknown[], R = unknown>(sql: string): Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Statement<P, R>;
  }

  /**
   * Stores a message and returns its id. A message already stored under the same folder, UIDVALIDITY
   * and UID is the same message (RFC 3501 guarantees it), so only its flags are updated.
   */
  put(message: NewMessage): number {
    return this.putAll([message])[0] as number;
  }

  /**
   * Stores messages as put() does, all in one transaction, and returns their ids in order. A sync stores
   * each fetched batch this way: one commit, and no savepoint per message.
   */
  putMany(messages: readonly NewMessage[]): number[] {
    return this.putAll(messages);
  }

  private putNow(message: NewMessage): number {
    const existing = this
      .prepare<[number, number, number], { id: number }>('SELECT id FROM messages WHERE folder_id = ? AND uidvalidity = ? AND uid = ?')
      .get(message.folderId, message.uidvalidity, message.uid);
    if (existing) {
      this.setFlags(existing.id, message.flags ?? []);
      return existing.id;
    }
    const { lastInsertRowid } = this
      .prepare(
        `INSERT INTO messages (account_id, folder_id, uid, uidvalidity, flags, message_id, from_addr, subject, date, size)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        message.accountId,
        message.folderId,
        message.uid,
        message.uidvalidity,
        JSON.stringify(message.flags ?? []),
        message.messageId ?? null,
        message.from ?? '',
        message.subject ?? '',
        message.date ? message.date.getTime() : null,
        message.raw.length,
      );
    const id = Number(lastInsertRowid);
    this.prepare('INSERT INTO message_raw (message_id, raw) VALUES (?, ?)').run(id, Buffer.from(message.raw.buffer, message.raw.byteOffset, message.raw.length));
    // A new id has no search row yet (deleting a message deletes its row), so there is nothing to replace.
    this.insertText(id, { subject: message.subject ?? '', from: message.from ?? '', ...message.searchText });
    return id;
  }

  get(id: number): MessageSummary | undefined {
    const row = this.prepare<[number], SummaryRow>(`SELECT ${SUMMARY} FROM messages WHERE id = ?`).get(id);
    return row && summary(row);
  }

  /** The raw source, byte-exact, or undefined when no such message is stored. */
  raw(id: number): Buffer | undefined {
    return this.prepare<[number], { raw: Buffer }>('SELECT raw FROM message_raw WHERE message_id = ?').get(id)?.raw;
  }

  /** One page of a folder, newest first (undated mail last; ties in arrival order, newest first). */
  list(folderId: number, page: { limit?: number; offset?: number } = {}): MessageSummary[] {
    const { limit = 50, offset = 0 } = page;
    return this
      .prepare<[number, number, number], SummaryRow>(
        `SELECT ${SUMMARY} FROM messages WHERE folder_id = ? ORDER BY date DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(folderId, limit, offset)
      .map(summary);
  }

  count(folderId: number): number {
    return this.prepare<[number], { n: number }>('SELECT count(*) AS n FROM messages WHERE folder_id = ?').get(folderId)?.n ?? 0;
  }

  /** The stored message with `uid` in the folder under `uidvalidity`, or undefined. */
  byUid(folderId: number, uidvalidity: number, uid: number): MessageSummary | undefined {
    const row = this
      .prepare<[number, number, number], SummaryRow>(`SELECT ${SUMMARY} FROM messages WHERE folder_id = ? AND uidvalidity = ? AND uid = ?`)
      .get(folderId, uidvalidity, uid);
    return row && summary(row);
  }

  /** The highest UID stored for the folder under `uidvalidity` (0 when none): an incremental sync fetches above it. */
  highestUid(folderId: number, uidvalidity: number): number {
    return (
      this
        .prepare<[number, number], { uid: number | null }>('SELECT max(uid) AS uid FROM messages WHERE folder_id = ? AND uidvalidity = ?')
        .get(folderId, uidvalidity)?.uid ?? 0
    );
  }

  /**
   * Removes the folder's messages stored under any other UIDVALIDITY: once the server changes it, old UIDs
   * name nothing (RFC 3501 2.3.1.1) and the folder must be fetched again. Returns how many were removed.
   */
  dropStale(folderId: number, uidvalidity: number): number {
    return this.prepare('DELETE FROM messages WHERE folder_id = ? AND uidvalidity <> ?').run(folderId, uidvalidity).changes;
  }

  /** Replaces the flags (IMAP's \Seen, \Flagged, ...); false when no such message is stored. */
  setFlags(id: number, flags: readonly string[]): boolean {
    const unique = [...new Set(flags)].sort();
    return this.prepare('UPDATE messages SET flags = ? WHERE id = ?').run(JSON.stringify(unique), id).changes > 0;
  }

  /** Removes the message, its raw source and its search text; false when no such message is stored. */
  delete(id: number): boolean {
    return this.prepare('DELETE FROM messages WHERE id = ?').run(id).changes > 0;
  }

  /** What search finds for a message (e.g. the protected subject of encrypted mail), or undefined when none is indexed. */
  indexed(id: number): Required<SearchText> | undefined {
    return this
      .prepare<[number], Required<SearchText>>('SELECT subject, "from", "to", body FROM message_text WHERE rowid = ?')
      .get(id);
  }

  /** Replaces what search finds for a message, e.g. once its encrypted body has been decrypted. */
  index(id: number, text: SearchText): void {
    this.replaceText(id, text);
  }

  private insertText(id: number, text: SearchText): void {
    this
      .prepare('INSERT INTO message_text (rowid, subject, "from", "to", body) VALUES (?, ?, ?, ?, ?)')
      .run(id, text.subject ?? '', text.from ?? '', text.to ?? '', text.body ?? '');
  }
}

function summary(row: SummaryRow): MessageSummary {
  return {
    id: row.id,
    accountId: row.account_id,
    folderId: row.folder_id,
    uid: row.uid,
    uidvalidity: row.uidvalidity,
    flags: JSON.parse(row.flags) as string[],
    messageId: row.message_id,
    from: row.from_addr,
    subject: row.subject,
    date: row.date === null ? null : new Date(row.date),
    size: row.size,
  };
}
