// Incremental sync of one folder into the store: new messages byte-exact, flag changes (CONDSTORE), expunges (QRESYNC), UIDVALIDITY resets.
import type { ExpungeEvent, FetchMessageObject, ImapFlow, MailboxObject, MessageAddressObject } from 'imapflow';
import type { Folder } from '../store/accounts.js';
import type { NewMessage } from '../store/messages.js';
import type { Store } from '../store/store.js';
import { asImapError } from './imap-errors.js';

export interface SyncResult {
  folderId: number;
  uidvalidity: number;
  /** Messages fetched and stored by this sync. */
  added: number;
  /** Stored messages whose flags the server reported changed. */
  flagsChanged: number;
  /** Stored messages removed: expunged on the server, or stale after a UIDVALIDITY change. */
  removed: number;
  /** True when the server's UIDVALIDITY differed from the stored one, so the folder was fetched afresh. */
  uidvalidityChanged: boolean;
}

export interface SyncOptions {
  client: ImapFlow;
  store: Store;
  accountId: number;
  path: string;
  /** Messages stored per transaction; one commit per batch keeps a large first sync fast. */
  batchSize?: number;
}

const DEFAULT_BATCH = 500;

/**
 * Safe to run again at any time: a message already stored under the same UIDVALIDITY and UID only
 * has its flags refreshed. The HIGHESTMODSEQ recorded is the one seen at SELECT, so a change made
 * while this sync ran is fetched again next time rather than missed.
 */
export function syncFolder(options: SyncOptions): Promise<SyncResult> {
  return asImapError(options.client, () => syncOnce(options));
}

async function syncOnce(options: SyncOptions): Promise<SyncResult> {
  const { client, store, accountId, path } = options;
  const known = store.accounts.folders(accountId).find((f) => f.path === path);
  // folder() would overwrite the special use with null, so an existing row is reused as it is.
  const folderId = known?.id ?? store.accounts.folder(accountId, path);
  const vanished: number[] = [];
  const onExpunge = (event: ExpungeEvent): void => {
    if (event.path === path && event.vanished && event.uid !== undefined) vanished.push(event.uid);
  };
  client.on('expunge', onExpunge);
  // A mailbox left selected (by a watch or an earlier sync) has UIDNEXT, UIDVALIDITY and HIGHESTMODSEQ
  // as they were at its SELECT; selecting it again is what brings them, and VANISHED (EARLIER), up to date.
  if (client.mailbox && client.mailbox.path === path) await client.mailboxClose();
  const lock = await client.getMailboxLock(path, qresyncSelect(client, known));
  try {
    const mailbox = client.mailbox as MailboxObject;
    const uidvalidity = Number(mailbox.uidValidity);
    const highestModseq = mailbox.highestModseq === undefined || mailbox.noModseq ? null : Number(mailbox.highestModseq);
    const result: SyncResult = { folderId, uidvalidity, added: 0, flagsChanged: 0, removed: 0, uidvalidityChanged: false };
    if (known?.uidvalidity != null && known.uidvalidity !== uidvalidity) {
      // RFC 3501 2.3.1.1: the old UIDs name nothing now, and QRESYNC/CONDSTORE state is void too.
      result.uidvalidityChanged = true;
      result.removed += store.messages.dropStale(folderId, uidvalidity);
    } else if (known?.uidvalidity != null) {
      const gone = client.enabled.has('QRESYNC') ? vanished : await missingOnServer(client, store, folderId, uidvalidity);
      result.removed += removeVanished(store, folderId, uidvalidity, gone);
      // An empty mailbox has no flags to refresh: a round trip saved.
      if (mailbox.exists > 0 && known.highestModseq !== null && highestModseq !== null && known.highestModseq < highestModseq) {
        result.flagsChanged = await refreshFlags(client, store, folderId, uidvalidity, known.highestModseq);
      }
    }
    const highestUid = store.messages.highestUid(folderId, uidvalidity);
    if (mailbox.exists > 0 && mailbox.uidNext > highestUid + 1) {
      result.added = await fetchNew(options, folderId, uidvalidity, highestUid, mailbox.uidNext);
    }
    store.accounts.setFolderState(folderId, { uidvalidity, highestModseq });
    return result;
  } finally {
    lock.release();
    client.off('expunge', onExpunge);
  }
}

/** SELECT (QRESYNC ...) only when the server enabled QRESYNC and a previous sync left a state to resume from. */
function qresyncSelect(client: ImapFlow, known: Folder | undefined): { uidValidity: number; changedSince: number } | undefined {
  if (!client.enabled.has('QRESYNC') || known?.uidvalidity == null || known.highestModseq === null) return undefined;
  return { uidValidity: known.uidvalidity, changedSince: known.highestModseq };
}

/**
 * Without QRESYNC nothing reports what was expunged while we were away, so the stored UIDs are
 * compared with the server's (one UID SEARCH ALL: a list of numbers, no message data).
 */
async function missingOnServer(client: ImapFlow, store: Store, folderId: number, uidvalidity: number): Promise<number[]> {
  const onServer = new Set((await client.search({ all: true }, { uid: true })) || []);
  return store.messages
    .list(folderId, { limit: store.messages.count(folderId) })
    .filter((m) => m.uidvalidity === uidvalidity && !onServer.has(m.uid))
    .map((m) => m.uid);
}

function removeVanished(store: Store, folderId: number, uidvalidity: number, uids: readonly number[]): number {
  return store.batch(() => {
    let removed = 0;
    for (const uid of uids) {
      const stored = store.messages.byUid(folderId, uidvalidity, uid);
      if (stored && store.messages.delete(stored.id)) removed++;
    }
    return removed;
  });
}

/** CONDSTORE (RFC 7162 3.1.4): only the messages whose flags changed since the stored HIGHESTMODSEQ are sent. */
async function refreshFlags(client: ImapFlow, store: Store, folderId: number, uidvalidity: number, since: number): Promise<number> {
  const changes: { uid: number; flags: string[] }[] = [];
  for await (const message of client.fetch('1:*', { uid: true, flags: true }, { uid: true, changedSince: since })) {
    changes.push({ uid: message.uid, flags: lasting(message.flags) });
  }
  return store.batch(() => {
    let changed = 0;
    for (const { uid, flags } of changes) {
      const stored = store.messages.byUid(folderId, uidvalidity, uid);
      if (stored && store.messages.setFlags(stored.id, flags)) changed++;
    }
    return changed;
  });
}

async function fetchNew(options: SyncOptions, folderId: number, uidvalidity: number, highestUid: number, uidNext: number): Promise<number> {
  const { client, store, accountId } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  // Starting a worker costs tens of milliseconds: worth it only when there is more than one batch to store.
  const writer = uidNext - highestUid - 1 > batchSize ? store.messageWriter() : undefined;
  const write = writer ? (batch: NewMessage[]) => writer.write(batch) : (batch: NewMessage[]) => Promise.resolve(store.messages.putMany(batch));
  const inFlight: Promise<number[]>[] = [];
  let pending: NewMessage[] = [];
  let added = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    inFlight.push(write(pending));
    pending = [];
    // Two batches at most wait for the writer, so a slow disk holds back the fetch instead of filling memory.
    while (inFlight.length > 1) added += (await inFlight.shift())!.length;
  };
  try {
    // `n:*` always includes the highest UID even when it is below n (RFC 3501 6.4.8), hence the filter.
    const range = `${highestUid + 1}:*`;
    for await (const message of client.fetch(range, { uid: true, flags: true, envelope: true, source: true }, { uid: true })) {
      if (message.uid <= highestUid || !message.source) continue;
      pending.push(newMessage(message, accountId, folderId, uidvalidity));
      if (pending.length >= batchSize) await flush();
    }
    await flush();
    while (inFlight.length > 0) added += (await inFlight.shift())!.length;
    return added;
  } finally {
    // After a failure, the batches already handed over still commit, so the next sync resumes after them.
    await Promise.allSettled(inFlight);
    await writer?.close();
  }
}

function newMessage(message: FetchMessageObject, accountId: number, folderId: number, uidvalidity: number): NewMessage {
  const envelope = message.envelope;
  return {
    accountId,
    folderId,
    uid: message.uid,
    uidvalidity,
    flags: lasting(message.flags),
    messageId: envelope?.messageId ?? null,
    from: address(envelope?.from?.[0]),
    subject: envelope?.subject ?? '',
    date: envelope?.date ? new Date(envelope.date) : null,
    // The literal exactly as the server sent it: imapflow hands over the bytes unparsed.
    raw: message.source as Buffer,
    searchText: { to: (envelope?.to ?? []).map(address).join(', ') },
  };
}

/** \Recent belongs to one session only (and is gone in IMAP4rev2): storing it would show stale state. */
function lasting(flags: Set<string> | undefined): string[] {
  return [...(flags ?? [])].filter((flag) => flag !== '\\Recent');
}

function address(entry: MessageAddressObject | undefined): string {
  if (!entry) return '';
  return entry.name ? `${entry.name} <${entry.address ?? ''}>` : (entry.address ?? '');
}
