// Opens the profile's SQLCipher database with the store key: WAL, foreign keys, and a clear error for a wrong key.
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { SealmailError } from '../../crypto/errors.js';
import { profileError } from '../profile.js';

export const storePath = (profile: string): string => join(profile, 'store.db');

/** Opens (creating when missing) the encrypted database at `path`; `key` is the vault's 32-byte store key. */
export function openDatabase(path: string, key: Uint8Array): Database {
  if (key.length !== 32) throw new SealmailError('bad-option', `the store key must be 32 bytes, not ${key.length}`);
  // Create the file ourselves so it is private from the first byte; SQLite gives -wal and -shm the same mode.
  try {
    closeSync(openSync(path, 'a', 0o600));
  } catch (e) {
    throw profileError(path, e);
  }
  let db: Database;
  try {
    db = new Sqlite(path);
  } catch (e) {
    throw profileError(path, e);
  }
  try {
    db.pragma("cipher = 'sqlcipher'");
    // A raw key in x'..' form skips SQLCipher's own PBKDF2: the key is already random, and opening stays fast.
    db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
    // The first read decrypts page 1; with a wrong key this is where SQLCipher says "file is not a database".
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // WAL makes NORMAL crash-safe: a power cut may lose the last commit, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
  } catch (e) {
    db.close();
    throw storeError(path, e);
  }
  return db;
}

/** One line for an SQLite failure while opening or using the store. */
export function storeError(path: string, e: unknown): SealmailError {
  if (e instanceof SealmailError) return e;
  const code = (e as { code?: unknown } | undefined)?.code;
  if (code === 'SQLITE_NOTADB') {
    return new SealmailError('profile', `store ${path} cannot be decrypted: wrong store key, or not a Sealmail store (file is not a database)`);
  }
  if (code === 'SQLITE_BUSY') return new SealmailError('profile', `store ${path} is busy: another Sealmail is writing to it; try again`);
  const line = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
  return new SealmailError('io', `store ${path}: ${line}`);
}
