// The outbox: sealed messages wait here until the server accepts them and their Sent copy is filed, so a crash or kill -9 loses nothing.
import type { Database } from 'better-sqlite3-multiple-ciphers';

/** `accepted`: the server took the message; only its Sent copy is still to be filed, never a second submission. */
export type OutboxState = 'queued' | 'sending' | 'failed' | 'accepted';

export interface OutboxItem {
  id: number;
  accountId: number;
  /** The sealed message, exactly the bytes to submit. */
  raw: Buffer;
  recipients: string[];
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
}

interface OutboxRow {
  id: number;
  account_id: number;
  raw: Buffer;
  recipients: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

/** First retry after 30 s, doubling up to an hour; a message is never dropped for failing too often. */
export const BACKOFF_FIRST_MS = 30_000;
export const BACKOFF_MAX_MS = 3_600_000;

/**
 * How long a claim lasts. A sender killed mid-submission never completes or fails its item; once the
 * lease runs out the item is claimed again. The server may then get it twice: a duplicate is the
 * price of never losing mail.
 */
export const LEASE_MS = 10 * 60_000;

export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_FIRST_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

export class Outbox {
  constructor(private readonly db: Database) {}

  /** Queues a sealed message for `accountId`, due at once; returns its id. */
  enqueue(item: { accountId: number; raw: Uint8Array; recipients: readonly string[] }, now = new Date()): number {
    const raw = Buffer.from(item.raw.buffer, item.raw.byteOffset, item.raw.length);
    const { lastInsertRowid } = this.db
      .prepare("INSERT INTO outbox (account_id, raw, recipients, state, next_attempt_at) VALUES (?, ?, ?, 'queued', ?)")
      .run(item.accountId, raw, JSON.stringify(item.recipients), now.getTime());
    return Number(lastInsertRowid);
  }

  /** Takes the next due message (or one whose sender died) and marks it sending; undefined when none is due. */
  claim(now = new Date(), leaseMs = LEASE_MS): OutboxItem | undefined {
    const t = now.getTime();
    const row = this.db
      .prepare<[number, number, number], OutboxRow>(
        `UPDATE outbox SET state = 'sending', attempts = attempts + 1, lease_until = ?
         WHERE id = (SELECT id FROM outbox
                     WHERE (state = 'queued' AND next_attempt_at <= ?) OR (state = 'sending' AND lease_until <= ?)
                     ORDER BY next_attempt_at, id LIMIT 1)
         RETURNING *`,
      )
      .get(t + leaseMs, t, t);
    return row && item(row);
  }

  /**
   * The server accepted the message: one UPDATE, where deleting the row used to be, so a kill after it
   * can only cost the Sent copy a retry, never the message a second submission. The sealed bytes stay.
   */
  accept(id: number): boolean {
    return this.db
      .prepare("UPDATE outbox SET state = 'accepted', lease_until = NULL, last_error = NULL WHERE id = ? AND state = 'sending'")
      .run(id).changes > 0;
  }

  /** Filing the Sent copy failed (IMAP down): the message stays accepted, the reason shown to the user. */
  copyFailed(id: number, error: string): boolean {
    const line = error.split('\n')[0] ?? '';
    return this.db.prepare("UPDATE outbox SET last_error = ? WHERE id = ? AND state = 'accepted'").run(line, id).changes > 0;
  }

  /** The message is done (sent, and its Sent copy filed): only now is it removed. */
  complete(id: number): boolean {
    return this.db.prepare("DELETE FROM outbox WHERE id = ? AND state IN ('sending', 'accepted')").run(id).changes > 0;
  }

  /**
   * Submission failed. A temporary failure (connection, 4xx) is retried after a backoff; a permanent one
   * (recipient rejected, message too large) stays as 'failed' for the user to see, fix and retry.
   */
  fail(id: number, error: string, options: { permanent?: boolean; now?: Date } = {}): boolean {
    const { permanent = false, now = new Date() } = options;
    const row = this.db.prepare<[number], { attempts: number }>("SELECT attempts FROM outbox WHERE id = ? AND state = 'sending'").get(id);
    if (!row) return false;
    const line = error.split('\n')[0] ?? '';
    this.db
      .prepare('UPDATE outbox SET state = ?, next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?')
      .run(permanent ? 'failed' : 'queued', now.getTime() + backoffMs(row.attempts), line, id);
    return true;
  }

  /** Puts a failed message back in the queue, due at once (the user pressed "retry"). */
  retry(id: number, now = new Date()): boolean {
    return this.db.prepare("UPDATE outbox SET state = 'queued', next_attempt_at = ? WHERE id = ? AND state = 'failed'").run(now.getTime(), id).changes > 0;
  }

  /** Sent messages whose Sent copy is still to be filed, oldest first. */
  accepted(): OutboxItem[] {
    return this.db.prepare<[], OutboxRow>("SELECT * FROM outbox WHERE state = 'accepted' ORDER BY id").all().map(item);
  }

  /** Everything waiting, in the order it will be sent. */
  list(): OutboxItem[] {
    return this.db.prepare<[], OutboxRow>('SELECT * FROM outbox ORDER BY next_attempt_at, id').all().map(item);
  }
}

function item(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    accountId: row.account_id,
    raw: row.raw,
    recipients: JSON.parse(row.recipients) as string[],
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
  };
}
