// New mail live: one IDLE session per account on its INBOX, each arrival stored, indexed and announced to the UI.
import { isSealmailError } from '../../crypto/errors.js';
import { imapSettings } from '../accounts/account-book.js';
import { autocryptSyncHook } from '../autocrypt/sync-hook.js';
import { openImap, type ImapSession } from '../imap/connection.js';
import { watchFolder, type FolderWatch } from '../imap/watch.js';
import { indexOpenedMessage, type IndexKeys } from '../message-search-text.js';
import type { ServiceRuntime } from './runtime.js';

interface Watching {
  session: ImapSession;
  watch: FolderWatch;
}

export class InboxWatch {
  private readonly watching = new Map<number, Watching>();

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly keys: () => Promise<IndexKeys>,
  ) {
    // A locked profile has no store to write into: every watch ends with it.
    runtime.events.on('event', (event) => {
      if (event.type === 'locked') void this.stopAll();
    });
  }

  /** Starts watching every account not watched yet; returns the accounts that could not be watched, in one line each. */
  async startAll(): Promise<string[]> {
    const { mail } = this.runtime.need();
    const problems: string[] = [];
    for (const account of mail.store.accounts.list()) {
      if (this.watching.has(account.id)) continue;
      try {
        const session = await openImap(imapSettings(mail, account));
        const watch = await watchFolder({
          client: session.client,
          store: mail.store,
          accountId: account.id,
          path: 'INBOX',
          onNew: (result) => void this.announce(result.folderId, result.added),
        });
        this.watching.set(account.id, { session, watch });
      } catch (e) {
        if (!isSealmailError(e)) throw e;
        problems.push(`${account.address}: ${e.message}`);
      }
    }
    return problems;
  }

  async stopAll(): Promise<void> {
    const all = [...this.watching.values()];
    this.watching.clear();
    await Promise.all(all.map(async ({ session, watch }) => {
      await watch.stop();
      await session.close();
    }));
  }

  private async announce(folderId: number, added: number): Promise<void> {
    if (added === 0 || !this.runtime.isUnlocked()) return;
    const { store } = this.runtime.need().mail;
    // Row ids only grow, so the highest ones are what this sync stored, whatever their Date headers say.
    const all = store.messages.list(folderId, { limit: store.messages.count(folderId) });
    const arrived = all.sort((a, b) => b.id - a.id).slice(0, added);
    const keys = await this.keys();
    for (const message of arrived) await indexOpenedMessage(store, message.id, keys);
    // Autocrypt headers and gossip of live arrivals count as they do in a sync.
    const { mail, keyring } = this.runtime.need();
    await autocryptSyncHook(mail, keys, keyring)(arrived.map((m) => m.id)).catch((e: unknown) => {
      if (!isSealmailError(e)) throw e;
    });
    this.runtime.events.emit('event', { type: 'new-mail', folderId, count: added });
  }
}
