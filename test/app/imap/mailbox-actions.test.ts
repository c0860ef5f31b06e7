// Against the rig: the folder list with special use, IDLE picking up delivered mail, flags, move, delete, and the Sent copy.
import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { appendSent } from '../../../app/imap/append-sent.js';
import type { ImapSession } from '../../../app/imap/connection.js';
import { syncFolderList } from '../../../app/imap/folders.js';
import { deleteMessage, moveMessage, setMessageFlag } from '../../../app/imap/message-actions.js';
import { syncFolder, type SyncResult } from '../../../app/imap/sync.js';
import { watchFolder } from '../../../app/imap/watch.js';
import { startRig, type Rig } from '../../rig/rig.js';
import { SmtpClient } from '../../rig/smtp-client.js';
import type { StoreFixture } from '../store/fixture.js';
import { message, openRigSession, otherClient, rigStore } from './imap-fixture.js';

let rig: Rig | undefined;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.stop();
});

function started(): Rig {
  if (rig === undefined) throw new Error('the rig did not start');
  return rig;
}

let fixture: StoreFixture;
let accountId: number;
let session: ImapSession;
let other: ImapFlow;

beforeEach(async () => {
  const r = started();
  ({ fixture, accountId } = await rigStore(r, r.users.alice));
  session = await openRigSession(r, r.users.alice);
  other = await otherClient(r, r.users.alice);
});
afterEach(async () => {
  await session.close();
  await other.logout();
  await fixture.dispose();
});

const token = () => randomBytes(6).toString('hex');

/** A fresh folder holding one message; returns the folder path and the stored message's id. */
async function oneStoredMessage(subject: string): Promise<{ path: string; id: number; sync: SyncResult }> {
  const path = `Act${token()}`;
  await other.mailboxCreate(path);
  await other.append(path, message(token(), subject));
  const sync = await syncFolder({ client: session.client, store: fixture.store, accountId, path });
  const stored = fixture.store.messages.byUid(sync.folderId, sync.uidvalidity, 1);
  if (!stored) throw new Error('the message was not stored');
  return { path, id: stored.id, sync };
}

/** How many messages the server holds in `path`, as another client sees it. */
async function count(path: string): Promise<number> {
  const status = await other.status(path, { messages: true });
  if (status === false || status.messages === undefined) throw new Error(`no STATUS for ${path}`);
  return status.messages;
}

async function serverFlags(path: string, uid: number): Promise<string[]> {
  const lock = await other.getMailboxLock(path);
  try {
    const fetched = await other.fetchOne(String(uid), { flags: true }, { uid: true });
    return fetched ? [...(fetched.flags ?? [])].sort() : [];
  } finally {
    lock.release();
  }
}

describe('folders', () => {
  test('the folder list records the special-use folders', async () => {
    const folders = await syncFolderList(session.client, fixture.store, accountId);
    const uses = Object.fromEntries(folders.filter((f) => f.specialUse).map((f) => [f.specialUse, f.path]));
    expect(uses).toEqual({ '\\Sent': 'Sent', '\\Drafts': 'Drafts', '\\Trash': 'Trash', '\\Junk': 'Junk' });
    const stored = fixture.store.accounts.folders(accountId);
    expect(stored.find((f) => f.path === 'Sent')?.specialUse).toBe('\\Sent');
    expect(stored.find((f) => f.path === 'INBOX')?.specialUse).toBeNull();
  });
});

describe('watchFolder', () => {
  test('mail delivered through the MX while idling is synced within seconds', async () => {
    const r = started();
    const path = 'INBOX';
    await syncFolder({ client: session.client, store: fixture.store, accountId, path });
    const stopWatch: (() => Promise<void>)[] = [];
    const arrived = new Promise<SyncResult>((resolve) => {
      void watchFolder({
        client: session.client,
        store: fixture.store,
        accountId,
        path,
        onNew: (result) => {
          if (result.added > 0) resolve(result);
        },
      }).then((watch) => stopWatch.push(watch.stop));
    });
    // Let IDLE start before the mail arrives, so it is IDLE that reports it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const subject = `idle ${token()}`;
    const smtp = await SmtpClient.open(r.smtp.mx);
    try {
      await smtp.ehlo();
      expect((await smtp.command(`MAIL FROM:<bob@${r.domain}>`)).code).toBe(250);
      expect((await smtp.command(`RCPT TO:<${r.users.alice.address}>`)).code).toBe(250);
      expect((await smtp.data(message(token(), subject).toString())).code).toBe(250);
    } finally {
      smtp.close();
    }
    const timeout = new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('no sync within 8 s')), 8_000));
    const result = await Promise.race([arrived, timeout]);
    await Promise.all(stopWatch.map((stop) => stop()));
    expect(result.added).toBe(1);
    expect(fixture.store.messages.list(result.folderId).map((m) => m.subject)).toContain(subject);
  });
});

describe('message actions', () => {
  test('seen and flagged are set and cleared on the server and in the store', async () => {
    const { path, id } = await oneStoredMessage('flags');
    await setMessageFlag({ client: session.client, store: fixture.store, messageId: id, flag: 'seen', value: true });
    await setMessageFlag({ client: session.client, store: fixture.store, messageId: id, flag: 'flagged', value: true });
    expect(await serverFlags(path, 1)).toEqual(['\\Flagged', '\\Seen']);
    expect(fixture.store.messages.get(id)?.flags).toEqual(['\\Flagged', '\\Seen']);
    await setMessageFlag({ client: session.client, store: fixture.store, messageId: id, flag: 'seen', value: false });
    expect(await serverFlags(path, 1)).toEqual(['\\Flagged']);
    expect(fixture.store.messages.get(id)?.flags).toEqual(['\\Flagged']);
  });

  test('move takes the message out of its folder into the destination', async () => {
    const { path, id } = await oneStoredMessage('moving');
    const destination = `Dest${token()}`;
    await other.mailboxCreate(destination);
    await moveMessage({ client: session.client, store: fixture.store, messageId: id, destination });
    expect(fixture.store.messages.get(id)).toBeUndefined();
    expect(await count(path)).toBe(0);
    const arrived = await syncFolder({ client: session.client, store: fixture.store, accountId, path: destination });
    expect(fixture.store.messages.list(arrived.folderId).map((m) => m.subject)).toEqual(['moving']);
  });

  test('delete moves into Trash; deleting from Trash expunges for good', async () => {
    const { path, id } = await oneStoredMessage(`trash ${token()}`);
    const subject = fixture.store.messages.get(id)?.subject;
    await deleteMessage({ client: session.client, store: fixture.store, messageId: id });
    expect(await count(path)).toBe(0);

    const trash = await syncFolder({ client: session.client, store: fixture.store, accountId, path: 'Trash' });
    const inTrash = fixture.store.messages.list(trash.folderId).find((m) => m.subject === subject);
    expect(inTrash).toBeDefined();
    const before = await count('Trash');
    await deleteMessage({ client: session.client, store: fixture.store, messageId: inTrash?.id ?? -1 });
    expect(await count('Trash')).toBe(before - 1);
    expect(fixture.store.messages.get(inTrash?.id ?? -1)).toBeUndefined();
  });
});

describe('appendSent', () => {
  test('files the raw bytes, seen, in the \\Sent folder and returns the UID', async () => {
    const raw = message(token(), 'sent copy', ['-----BEGIN PGP MESSAGE-----', 'wV4D', '-----END PGP MESSAGE-----']);
    const appended = await appendSent(session.client, raw);
    expect(appended.path).toBe('Sent');
    const lock = await other.getMailboxLock('Sent');
    try {
      const fetched = await other.fetchOne(String(appended.uid), { source: true, flags: true }, { uid: true });
      expect(fetched && fetched.source?.equals(raw)).toBe(true);
      expect(fetched && [...(fetched.flags ?? [])]).toContain('\\Seen');
      expect(Number(other.mailbox && other.mailbox.uidValidity)).toBe(appended.uidvalidity);
    } finally {
      lock.release();
    }
  });
});
