// The profile's encrypted local store: accounts, folders, messages, the outbox and the search index in one SQLCipher file.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { Accounts } from './accounts.js';
import { openDatabase, storeError, storePath } from './database.js';
import { startMessageWriter, workerAvailable, type MessageWriter } from './message-writer.js';
import { Messages } from './messages.js';
import { migrate } from './migrations.js';
import { Outbox } from './outbox.js';
import { search, type SearchHit } from './search.js';

export class Store {
  readonly accounts: Accounts;
  readonly messages: Messages;
  readonly outbox: Outbox;

  private constructor(
    readonly path: string,
    private readonly db: Database,
    /** The schema version after migrating. */
    readonly schemaVersion: number,
    /** Kept only to open the worker connection of messageWriter(); the open database holds it anyway. */
    private readonly key: Uint8Array,
  ) {
    this.accounts = new Accounts(db);
    this.messages = new Messages(db);
    this.outbox = new Outbox(db);
  }

  /** Opens (creating when missing) `store.db` of `profile` with the vault's store key, and migrates it. */
  static open(options: { profile: string; key: Uint8Array }): Store {
    const path = storePath(options.profile);
    const db = openDatabase(path, options.key);
    try {
      return new Store(path, db, migrate(db, path), Uint8Array.from(options.key));
    } catch (e) {
      db.close();
      throw storeError(path, e);
    }
  }

  /**
   * Runs `fn` in one transaction: all its writes commit together or not at all. A sync stores a batch
   * of fetched messages this way, paying for one commit instead of one per message.
   */
  batch<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * A second connection on a worker thread for storing many messages while the main thread keeps reading
   * the network; undefined where no worker can run (the store's TypeScript source under the test runner).
   */
  messageWriter(): MessageWriter | undefined {
    return workerAvailable() ? startMessageWriter(this.path, this.key) : undefined;
  }

  /** Full-text search; see search.ts for the query syntax. */
  search(query: string, options: { limit?: number; accountId?: number } = {}): SearchHit[] {
    return search(this.db, query, options);
  }

  /** A pragma's current value, for diagnostics and tests (journal mode, foreign keys, user_version). */
  pragma(name: 'journal_mode' | 'foreign_keys' | 'user_version'): unknown {
    return this.db.pragma(name, { simple: true });
  }

  /** Checkpoints the WAL into the main file and closes; the -wal and -shm files are removed. */
  close(): void {
    if (this.db.open) this.db.close();
    this.key.fill(0);
  }
}
