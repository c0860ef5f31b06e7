// Stored messages: byte-exact raw source, folder listing order and paging, flags, delete, migrations and pragmas.
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../app/store/migrations.js';
import { Store } from '../../../app/store/store.js';
import { sampleMessage, storeFixture, type StoreFixture } from './fixture.js';

let f: StoreFixture;
beforeEach(async () => {
  f = await storeFixture();
});
afterEach(async () => {
  await f.dispose();
});

describe('Store messages', () => {
  it('returns the raw source byte for byte: CR, lone LF, NUL, 8-bit and invalid UTF-8 bytes', () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\nline\rcr\nlf\r\n'),
      Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0d, 0x00, 0x0a]),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    ]);
    // A view into a larger buffer: only the view's bytes may be stored.
    const padded = Buffer.concat([Buffer.from('xx'), raw, Buffer.from('yy')]);
    const id = f.store.messages.put(sampleMessage(f, 7, { raw: padded.subarray(2, 2 + raw.length) }));
    f.store.close();
    const reopened = Store.open({ profile: f.profile, key: f.key });
    f.store = reopened;
    expect(reopened.messages.raw(id)?.equals(raw)).toBe(true);
    expect(reopened.messages.get(id)).toMatchObject({ uid: 7, size: raw.length, subject: 'Message 7', flags: [] });
  });

  it('lists a folder newest first in pages, and treats a re-fetched UID as the same message', () => {
    for (const uid of [3, 1, 5, 2, 4]) f.store.messages.put(sampleMessage(f, uid));
    f.store.messages.put(sampleMessage(f, 6, { date: null }));
    expect(f.store.messages.list(f.inbox).map((m) => m.uid)).toEqual([5, 4, 3, 2, 1, 6]);
    expect(f.store.messages.list(f.inbox, { limit: 2, offset: 2 }).map((m) => m.uid)).toEqual([3, 2]);
    const again = f.store.messages.put(sampleMessage(f, 3, { flags: ['\\Seen'] }));
    expect(f.store.messages.count(f.inbox)).toBe(6);
    expect(f.store.messages.get(again)?.flags).toEqual(['\\Seen']);
  });

  it('finds messages by UID, and forgets those of an old UIDVALIDITY', () => {
    for (const uid of [4, 9]) f.store.messages.put(sampleMessage(f, uid));
    expect(f.store.messages.highestUid(f.inbox, 1)).toBe(9);
    expect(f.store.messages.byUid(f.inbox, 1, 4)?.subject).toBe('Message 4');
    expect(f.store.messages.byUid(f.inbox, 2, 4)).toBeUndefined();
    // The server renumbered the folder: the old UIDs name nothing any more.
    f.store.messages.put(sampleMessage(f, 1, { uidvalidity: 2 }));
    expect(f.store.messages.dropStale(f.inbox, 2)).toBe(2);
    expect(f.store.messages.list(f.inbox).map((m) => [m.uidvalidity, m.uid])).toEqual([[2, 1]]);
    expect(f.store.messages.highestUid(f.inbox, 1)).toBe(0);
  });

  it('updates flags and deletes a message with its raw source and its search text', () => {
    const id = f.store.messages.put(sampleMessage(f, 1, { searchText: { body: 'zebra' } }));
    expect(f.store.messages.setFlags(id, ['\\Seen', '\\Flagged', '\\Seen'])).toBe(true);
    expect(f.store.messages.get(id)?.flags).toEqual(['\\Flagged', '\\Seen']);
    expect(f.store.search('zebra')).toHaveLength(1);
    expect(f.store.messages.delete(id)).toBe(true);
    expect(f.store.messages.get(id)).toBeUndefined();
    expect(f.store.messages.raw(id)).toBeUndefined();
    expect(f.store.search('zebra')).toEqual([]);
    expect(f.store.messages.delete(id)).toBe(false);
    expect(f.store.messages.setFlags(id, [])).toBe(false);
  });

  it('removing an account removes its folders, messages and search text (foreign keys are on)', () => {
    f.store.messages.put(sampleMessage(f, 1, { searchText: { body: 'okapi' } }));
    expect(f.store.accounts.remove(f.accountId)).toBe(true);
    expect(f.store.accounts.folders(f.accountId)).toEqual([]);
    expect(f.store.messages.count(f.inbox)).toBe(0);
    expect(f.store.search('okapi')).toEqual([]);
    expect(() => f.store.messages.put(sampleMessage(f, 2))).toThrow(/FOREIGN KEY/);
  });

  it('stores a batch all at once or, when one write fails, not at all', () => {
    f.store.batch(() => {
      for (let uid = 1; uid <= 3; uid++) f.store.messages.put(sampleMessage(f, uid));
    });
    expect(f.store.messages.count(f.inbox)).toBe(3);
    expect(() =>
      f.store.batch(() => {
        f.store.messages.put(sampleMessage(f, 4));
        f.store.messages.put(sampleMessage(f, 5, { folderId: 999 })); // no such folder
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(f.store.messages.list(f.inbox).map((m) => m.uid)).toEqual([3, 2, 1]);
  });

  it('putMany stores a fetched batch in order, searchable, refreshes flags of UIDs already stored, and rolls back whole', () => {
    f.store.messages.put(sampleMessage(f, 2));
    const ids = f.store.messages.putMany([1, 2, 3].map((uid) => sampleMessage(f, uid, { flags: ['\\Seen'], searchText: { to: `carol${uid}@example.org` } })));
    expect(ids.map((id) => f.store.messages.get(id)?.uid)).toEqual([1, 2, 3]);
    expect(f.store.messages.list(f.inbox).map((m) => [m.uid, m.flags])).toEqual([3, 2, 1].map((uid) => [uid, ['\\Seen']]));
    expect(f.store.search('carol3').map((h) => h.uid)).toEqual([3]);
    // The UID stored before keeps the search text it had: a re-fetch only refreshes flags.
    expect(f.store.search('carol2')).toEqual([]);
    expect(() => f.store.messages.putMany([sampleMessage(f, 4), sampleMessage(f, 5, { folderId: 999 })])).toThrow(/FOREIGN KEY/);
    expect(f.store.messages.count(f.inbox)).toBe(3);
  });

  it('runs in WAL mode, sets user_version, and migrates idempotently on every open', () => {
    expect(f.store.pragma('journal_mode')).toBe('wal');
    expect(f.store.pragma('foreign_keys')).toBe(1);
    expect(f.store.pragma('user_version')).toBe(MIGRATIONS.length);
    const id = f.store.messages.put(sampleMessage(f, 1));
    f.store.close();
    for (let i = 0; i < 2; i++) {
      const again = Store.open({ profile: f.profile, key: f.key });
      expect(again.schemaVersion).toBe(MIGRATIONS.length);
      expect(again.messages.get(id)?.uid).toBe(1);
      again.close();
    }
    f.store = Store.open({ profile: f.profile, key: f.key });
  });

  it('refuses a store from a newer Sealmail in one line', () => {
    f.store.close();
    const db = new Sqlite(`${f.profile}/store.db`);
    db.pragma("cipher = 'sqlcipher'");
    db.pragma(`key = "x'${f.key.toString('hex')}'"`);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => Store.open({ profile: f.profile, key: f.key })).toThrow(/was written by a newer Sealmail \(schema \d+\); update Sealmail$/);
  });
});
