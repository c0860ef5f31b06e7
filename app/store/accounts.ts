// Mail accounts and their folders as the store keeps them; passwords and tokens are in the vault, not here.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { SealmailError } from '../../crypto/errors.js';

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
  /** The confirmed self-signed server certificate itself (PEM), the trust anchor TLS needs for the pin. */
  pinnedPem?: string | null;
}

export interface Account extends AccountSettings {
  id: number;
}

export interface Folder {
  id: number;
  accountId: number;
  path: string;
  specialUse: string | null;
  /** What the last sync saw (RFC 3501 UIDVALIDITY, RFC 7162 HIGHESTMODSEQ); null before the first sync. */
  uidvalidity: number | null;
  highestModseq: number | null;
}

interface FolderRow {
  id: number;
  account_id: number;
  path: string;
  special_use: string | null;
  uidvalidity: number | null;
  highest_modseq: number | null;
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
  pinned_pem: string | null;
}

/** The vault entry holding an account's password: named by id, so the file shows no address. */
export const accountPasswordEntry = (accountId: number): string => `account:${accountId}:password`;

export class Accounts {
  constructor(private readonly db: Database) {}

  /** Adds an account and returns its id; one account per address. */
  add(settings: AccountSettings): number {
    if (this.find(settings.address)) {
      throw new SealmailError('bad-option', `an account for ${settings.address} exists already; edit or remove it instead`);
    }
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO accounts (address, display_name, username, imap_host, imap_port, imap_security,
                               smtp_host, smtp_port, smtp_security, ca_pem, pinned_sha256, pinned_pem)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(settings.address, ...columns(settings));
    return Number(lastInsertRowid);
  }

  /** Replaces the settings of account `id` (its address stays); false when there is no such account. */
  update(id: number, settings: Omit<AccountSettings, 'address'>): boolean {
    return (
      this.db
        .prepare(
          `UPDATE accounts SET display_name = ?, username = ?, imap_host = ?, imap_port = ?, imap_security = ?,
                               smtp_host = ?, smtp_port = ?, smtp_security = ?, ca_pem = ?, pinned_sha256 = ?, pinned_pem = ?
           WHERE id = ?`,
        )
        .run(...columns(settings), id).changes > 0
    );
  }

  list(): Account[] {
    return this.db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY id').all().map(account);
  }

  /** The account for `address` (compared without regard to case), or undefined. */
  find(address: string): Account | undefined {
    const row = this.db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE lower(address) = lower(?)').get(address);
    return row && account(row);
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
    return this.db.prepare<[number], FolderRow>('SELECT * FROM folders WHERE account_id = ? ORDER BY path').all(accountId).map(folder);
  }

  /** Records what a sync of the folder saw, for the next incremental sync. */
  setFolderState(folderId: number, state: { uidvalidity: number; highestModseq: number | null }): boolean {
    return (
      this.db.prepare('UPDATE folders SET uidvalidity = ?, highest_modseq = ? WHERE id = ?').run(state.uidvalidity, state.highestModseq, folderId)
        .changes > 0
    );
  }
}

/** The settings columns after the address, in table order. */
function columns(settings: Omit<AccountSettings, 'address'>): (string | number | null)[] {
  return [
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
    settings.pinnedPem ?? null,
  ];
}

function folder(row: FolderRow): Folder {
  return {
    id: row.id,
    accountId: row.account_id,
    path: row.path,
    specialUse: row.special_use,
    uidvalidity: row.uidvalidity,
    highestModseq: row.highest_modseq,
  };
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
    pinnedPem: row.pinned_pem,
  };
}
