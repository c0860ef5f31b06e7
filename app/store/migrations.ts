// The store's schema as a numbered list of migrations; `user_version` records how many have been applied.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { SealmailError } from '../../crypto/errors.js';

/**
 * Append only: a released migration is never edited, since stores in the field have already run it.
 * Passwords and tokens have no column anywhere: they live in the vault, keyed by account id.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    address TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL,
    imap_host TEXT NOT NULL,
    imap_port INTEGER NOT NULL,
    imap_security TEXT NOT NULL CHECK (imap_security IN ('tls', 'starttls')),
    smtp_host TEXT NOT NULL,
    smtp_port INTEGER NOT NULL,
    smtp_security TEXT NOT NULL CHECK (smtp_security IN ('tls', 'starttls')),
    ca_pem TEXT,
    pinned_sha256 TEXT
  );
  CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    special_use TEXT,
    uidvalidity INTEGER,
    highest_modseq INTEGER,
    UNIQUE (account_id, path)
  );
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    uid INTEGER NOT NULL,
    uidvalidity INTEGER NOT NULL,
    flags TEXT NOT NULL DEFAULT '[]',
    message_id TEXT,
    from_addr TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    date INTEGER,
    size INTEGER NOT NULL,
    UNIQUE (folder_id, uidvalidity, uid)
  );
  CREATE INDEX messages_by_date ON messages (folder_id, date DESC, id DESC);
  -- The raw source sits in its own table: kept inline, every 4 KB message would fill a page of
  -- messages, and listing a folder would read and decrypt every body.
  CREATE TABLE message_raw (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    raw BLOB NOT NULL
  );
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    raw BLOB NOT NULL,
    recipients TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until INTEGER,
    last_error TEXT
  );
  CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
  -- Holds decrypted text, which is why it exists only inside the encrypted store.
  -- Columns named as users filter by them: subject:plan from:bob to:alice body:word.
  CREATE VIRTUAL TABLE message_text USING fts5 (
    subject, "from", "to", body,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER message_text_delete AFTER DELETE ON messages BEGIN
    DELETE FROM message_text WHERE rowid = old.id;
  END;
  `,
  // 2: a self-signed server certificate is trusted by pinning the certificate itself: TLS needs the PEM
  // as a trust anchor (app/transport/tls-trust.ts); the SHA-256 column stays as what the user confirmed.
  `
  ALTER TABLE accounts ADD COLUMN pinned_pem TEXT;
  `,
  // 3: an outbox state 'accepted' (the server took the message; its Sent copy is not filed yet), so a
  // failed IMAP append is retried alone and never costs a second submission. SQLite cannot alter a
  // CHECK constraint: the table is rebuilt, ids kept.
  `
  CREATE TABLE outbox_v3 (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    raw BLOB NOT NULL,
    recipients TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'failed', 'accepted')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until INTEGER,
    last_error TEXT
  );
  INSERT INTO outbox_v3 SELECT id, account_id, raw, recipients, state, attempts, next_attempt_at, lease_until, last_error FROM outbox;
  DROP TABLE outbox;
  ALTER TABLE outbox_v3 RENAME TO outbox;
  CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
  `,
];

/** Applies the pending migrations, each in its own transaction with its version bump; a no-op when current. */
export function migrate(db: Database, path: string): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new SealmailError('profile', `store ${path} was written by a newer Sealmail (schema ${current}); update Sealmail`);
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1] as string);
      // PRAGMA takes no parameters; `version` is a loop counter, not input.
      db.pragma(`user_version = ${version}`);
    })();
  }
  return MIGRATIONS.length;
}
