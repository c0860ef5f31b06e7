// Mail accounts and their folders as the store keeps them; passwords and tokens are in the vault, not here.
import type { Database } from 'better-sqlite3-multiple-ciphers';

export type Security = 'tls' | 'starttls';

export interface AccountSettings {
  address: string;
  displayName?: string;
  username: string;
  imap: { host: string; port: number; security: Security };
  smtp: { host: string; port: number; security: Security };
  /** A private CA (PEM) trusted for this account only. */
  caPem?: string | null;
  /** SHA-256 fingerprint of a self-signed server certificate the user confirmed. */
  pinnedSha256?: string | null;
}

export interface Account extends AccountSettings {
  id: number;
}

export interface Folder {
  id: number;
  accountId: number;
  path: string;
  specialUse: string | null;
}

interface AccountRow {
  id: number;
  address: string;
  display_name: string;
  username: string;
  imap_host: string;
  imap_port: number;
  imap_security: Security;
  smtp_host: string;
  smtp_port: number;
  smtp_security: Security;
  ca_pem: string | null;
  pinned_sha256: string | null;
}

/** The vault entry holding an account's password: named by id, so the file shows no address. */
export const accountPasswordEntry = (accountId: number): string => `account:${accountId}:password`;

export class Accounts {
  constructor(private readonly db: Database) {}

  add(settings: AccountSettings): number {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO accounts (address, display_name, username, imap_host, imap_port, imap_security,
                               smtp_host, smtp_port, smtp_security, ca_pem, pinned_sha256)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        settings.address,
        settings.displayName ?? '',
        settings.username,
        settings.imap.host,
        settings.imap.port,
        settings.imap.security,
        settings.smtp.host,
        settings.smtp.port,
        settings.smtp.security,
        settings.caPem ?? null,
        settings.pinnedSha256 ?? null,
      );
    return Number(lastInsertRowid);
  }

  list(): Account[] {
    return this.db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY id').all().map(account);
  }

  /** Removes the account with its folders, messages and outbox (the caller also deletes its vault entries). */
  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id).changes > 0;
  }

  /** The id of the folder `path` of an account, creating it when new; special-use as IMAP reports it (\Sent, ...). */
  folder(accountId: number, path: string, specialUse: string | null = null): number {
    const row = this.db
      .prepare<[number, string, string | null], { id: number }>(
        `INSERT INTO folders (account_id, path, special_use) VALUES (?, ?, ?)
         ON CONFLICT (account_id, path) DO UPDATE SET special_use = excluded.special_use RETURNING id`,
      )
      .get(accountId, path, specialUse);
    return (row as { id: number }).id;
  }

  folders(accountId: number): Folder[] {
    return this.db
      .prepare<[number], { id: number; account_id: number; path: string; special_use: string | null }>(
        'SELECT id, account_id, path, special_use FROM folders WHERE account_id = ? ORDER BY path',
      )
      .all(accountId)
      .map((r) => ({ id: r.id, accountId: r.account_id, path: r.path, specialUse: r.special_use }));
  }
}

function account(row: AccountRow): Account {
  return {
    id: row.id,
    address: row.address,
    displayName: row.display_name,
    username: row.username,
    imap: { host: row.imap_host, port: row.imap_port, security: row.imap_security },
    smtp: { host: row.smtp_host, port: row.smtp_port, security: row.smtp_security },
    caPem: row.ca_pem,
    pinnedSha256: row.pinned_sha256,
  };
}
