// Watches one folder with IDLE (RFC 2177) and syncs it into the store whenever the server announces new mail.
import type { ExistsEvent, ImapFlow } from 'imapflow';
import type { Store } from '../store/store.js';
import { syncFolder, type SyncResult } from './sync.js';

export interface FolderWatch {
  /** Stops watching: ends IDLE and waits for a sync in progress. The session stays open. */
  stop(): Promise<void>;
}

export interface WatchOptions {
  client: ImapFlow;
  store: Store;
  accountId: number;
  path: string;
  /** Called after every sync the server's EXISTS caused, with what it stored. */
  onNew: (result: SyncResult) => void;
  /** Called when such a sync fails; watching goes on. */
  onError?: (error: unknown) => void;
}

/**
 * Needs a session of its own: IDLE occupies the connection. The folder is selected once and imapflow
 * stays in IDLE; an EXISTS that grows the count starts a sync on the same connection, which ends IDLE
 * for its commands, and IDLE resumes afterwards. Announcements during a sync are folded into one more sync.
 */
export async function watchFolder(options: WatchOptions): Promise<FolderWatch> {
  const { client, path } = options;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;

  const run = async (): Promise<void> => {
    do {
      again = false;
      try {
        options.onNew(await syncFolder({ client, store: options.store, accountId: options.accountId, path }));
      } catch (e) {
        options.onError?.(e);
      }
    } while (again && !stopped);
    running = undefined;
    if (!stopped) idle(client);
  };
  const onExists = (event: ExistsEvent): void => {
    if (stopped || event.path !== path || event.count <= event.prevCount) return;
    if (running) {
      again = true;
      return;
    }
    running = run();
  };

  await client.mailboxOpen(path);
  client.on('exists', onExists);
  idle(client);
  return {
    stop: async () => {
      stopped = true;
      client.off('exists', onExists);
      await running;
    },
  };
}

/** IDLE until the next command breaks it; imapflow ends IDLE itself before any command it sends. */
function idle(client: ImapFlow): void {
  client.idle().catch(() => undefined);
}
