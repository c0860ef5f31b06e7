// syncFolder against the rig's Dovecot: byte-exact raw source, incremental fetch, CONDSTORE flags, QRESYNC expunges, UIDVALIDITY resets.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { ImapSession } from '../../../app/imap/connection.js';
import { syncFolder } from '../../../app/imap/sync.js';
import { startRig, type Rig } from '../../rig/rig.js';
import type { StoreFixture } from '../store/fixture.js';
import { maildirFile, message, openRigSession, otherClient, rigStore } from './imap-fixture.js';

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
let path: string;

beforeEach(async () => {
  const r = started();
  ({ fixture, accountId } = await rigStore(r, r.users.alice));
  session = await openRigSession(r, r.users.alice);
  other = await otherClient(r, r.users.alice);
  // A folder per test, so no test sees another's messages.
  path = `Sync${randomBytes(4).toString('hex')}`;
  await other.mailboxCreate(path);
});
afterEach(async () => {
  await session.close();
  await other.logout();
  await fixture.dispose();
});

const sync = () => syncFolder({ client: session.client, store: fixture.store, accountId, path });
const token = () => randomBytes(6).toString('hex');

describe('syncFolder', () => {
  test('stores every message byte for byte as served, with its envelope, including 8-bit and CRLF bodies', async () => {
    const tokens = [token(), token(), token()];
    const sent = [
      message(tokens[0] as string, 'Plain ASCII'),
      // Raw UTF-8 in the body and a Latin-1 byte: 8-bit data must come back unchanged.
      Buffer.concat([message(tokens[1] as string, 'Eight bit', ['Grüße aus Köln, 30 €']), Buffer.from([0xe9, 0x0d, 0x0a])]),
      message(tokens[2] as string, 'CRLF body', ['line one', '', '.leading dot', 'trailing blanks   ', 'last']),
    ];
    for (const raw of sent) await other.append(path, raw);

    const result = await sync();
    expect(result).toMatchObject({ added: 3, removed: 0, uidvalidityChanged: false });
    const stored = fixture.store.messages.list(result.folderId).sort((a, b) => a.uid - b.uid);
    expect(stored.map((m) => m.subject)).toEqual(['Plain ASCII', 'Eight bit', 'CRLF body']);
    expect(stored[0]?.from).toBe('Bob <bob@example.test>');
    expect(stored[0]?.messageId).toBe(`<${tokens[0]}@sealmail.test>`);

    const maildir = join(started().users.alice.maildir, `.${path}`);
    for (const [i, summary] of stored.entries()) {
      const raw = fixture.store.messages.raw(summary.id);
      // What IMAP served is what was appended, byte for byte (CRLF on the wire).
      expect(raw?.equals(sent[i] as Buffer)).toBe(true);
      // Dovecot keeps maildir files with LF line ends (mail_save_crlf = no) and serves them with CRLF:
      // that conversion is the only difference between its file and what the store holds.
      const file = await maildirFile(maildir, tokens[i] as string);
      expect(file.includes('\r\n')).toBe(false);
      expect(raw?.equals(Buffer.from(file.toString('latin1').replaceAll('\n', '\r\n'), 'latin1'))).toBe(true);
    }
  });

  test('a fetch larger than one batch stores every message once, in UID order, when batches are written while the next streams in', async () => {
    const tokens = Array.from({ length: 7 }, token);
    for (const [i, t] of tokens.entries()) await other.append(path, message(t, `Batch ${i}`));
    const result = await syncFolder({ client: session.client, store: fixture.store, accountId, path, batchSize: 2 });
    expect(result.added).toBe(7);
    const stored = fixture.store.messages.list(result.folderId, { limit: 10 }).sort((a, b) => a.id - b.id);
    expect(stored.map((m) => m.subject)).toEqual(tokens.map((_, i) => `Batch ${i}`));
    expect(stored.map((m) => m.uid)).toEqual([...stored.map((m) => m.uid)].sort((a, b) => a - b));
    expect((await sync()).added).toBe(0);
  });

  test('a second sync fetches only the messages that arrived since', async () => {
    await other.append(path, message(token(), 'first'));
    expect((await sync()).added).toBe(1);
    expect((await sync()).added).toBe(0);
    await other.append(path, message(token(), 'second'));
    const result = await sync();
    expect(result.added).toBe(1);
    expect(fixture.store.messages.list(result.folderId).map((m) => m.subject).sort()).toEqual(['first', 'second']);
  });

  test('a flag set by another client reaches the store through CONDSTORE', async () => {
    expect(session.client.enabled.has('CONDSTORE')).toBe(true);
    await other.append(path, message(token(), 'to flag'));
    await other.append(path, message(token(), 'left alone'));
    const first = await sync();
    const before = fixture.store.accounts.folders(accountId).find((f) => f.path === path);
    expect(before?.highestModseq).toBeGreaterThan(0);

    const lock = await other.getMailboxLock(path);
    await other.messageFlagsAdd('1', ['\\Flagged', '\\Seen'], { uid: true });
    lock.release();

    const result = await sync();
    expect(result).toMatchObject({ added: 0, flagsChanged: 1 });
    const flagged = fixture.store.messages.byUid(first.folderId, first.uidvalidity, 1);
    expect(flagged?.flags).toEqual(['\\Flagged', '\\Seen']);
    expect(fixture.store.messages.byUid(first.folderId, first.uidvalidity, 2)?.flags).toEqual([]);
  });

  test('a message expunged by another client leaves the store through QRESYNC VANISHED', async () => {
    expect(session.client.enabled.has('QRESYNC')).toBe(true);
    await other.append(path, message(token(), 'stays'));
    await other.append(path, message(token(), 'goes'));
    const first = await sync();

    const lock = await other.getMailboxLock(path);
    await other.messageDelete('2', { uid: true });
    lock.release();

    const result = await sync();
    expect(result.removed).toBe(1);
    expect(fixture.store.messages.list(first.folderId).map((m) => m.subject)).toEqual(['stays']);
  });

  test('a folder emptied on the server is emptied in the store', async () => {
    await other.append(path, message(token(), 'one'));
    await other.append(path, message(token(), 'two'));
    const first = await sync();
    const lock = await other.getMailboxLock(path);
    await other.messageDelete('1:*', { uid: true });
    lock.release();

    expect(await sync()).toMatchObject({ removed: 2, added: 0, flagsChanged: 0 });
    expect(fixture.store.messages.count(first.folderId)).toBe(0);
  });

  test('without QRESYNC an expunge is found by comparing UIDs with the server', async () => {
    // `other` is a plain imapflow session: CONDSTORE enabled, QRESYNC not.
    expect(other.enabled.has('QRESYNC')).toBe(false);
    await other.append(path, message(token(), 'stays'));
    await other.append(path, message(token(), 'goes'));
    const first = await syncFolder({ client: other, store: fixture.store, accountId, path });
    expect(first.added).toBe(2);

    const lock = await session.client.getMailboxLock(path);
    await session.client.messageDelete('2', { uid: true });
    lock.release();

    const result = await syncFolder({ client: other, store: fixture.store, accountId, path });
    expect(result.removed).toBe(1);
    expect(fixture.store.messages.list(first.folderId).map((m) => m.subject)).toEqual(['stays']);
  });

  test('a folder the server does not have is one SealmailError line naming the server', async () => {
    const missing = syncFolder({ client: session.client, store: fixture.store, accountId, path: `${path}-missing` });
    await expect(missing).rejects.toMatchObject({ name: 'SealmailError', code: 'imap' });
    await expect(missing).rejects.toThrow(new RegExp(`^${session.server.replaceAll('.', '\\.')} refused the request: [^\\n]+$`));
  });

  test('a new UIDVALIDITY drops the stale messages and fetches the folder afresh', async () => {
    await other.append(path, message(token(), 'old one'));
    await other.append(path, message(token(), 'old two'));
    const first = await sync();
    expect(first.added).toBe(2);

    // Deleting and recreating a mailbox is how a server comes to assign a new UIDVALIDITY.
    await other.mailboxDelete(path);
    await other.mailboxCreate(path);
    await other.append(path, message(token(), 'new one'));

    const result = await sync();
    expect(result.uidvalidityChanged).toBe(true);
    expect(result.uidvalidity).not.toBe(first.uidvalidity);
    expect(result).toMatchObject({ removed: 2, added: 1 });
    const stored = fixture.store.messages.list(result.folderId);
    expect(stored.map((m) => [m.subject, m.uid, m.uidvalidity])).toEqual([['new one', 1, result.uidvalidity]]);
  });
});
