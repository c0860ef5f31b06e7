// Full-text search: finds words of decrypted bodies, ranks and snips, and reports a malformed query in one line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SealmailError } from '../../../crypto/errors.js';
import { sampleMessage, storeFixture, type StoreFixture } from './fixture.js';

let f: StoreFixture;
beforeEach(async () => {
  f = await storeFixture();
});
afterEach(async () => {
  await f.dispose();
});

describe('Store search', () => {
  it('finds a word that only the decrypted body of an encrypted message holds', () => {
    const sealed = Buffer.from('Subject: ...\r\nContent-Type: multipart/encrypted\r\n\r\n-----BEGIN PGP MESSAGE-----\r\nwcBMA...\r\n');
    const id = f.store.messages.put(sampleMessage(f, 1, { subject: '...', raw: sealed }));
    f.store.messages.put(sampleMessage(f, 2, { searchText: { body: 'nothing to see' } }));
    expect(f.store.search('pomegranate')).toEqual([]);

    // What the caller does once crypto `open` has decrypted it: index the protected subject and the body.
    f.store.messages.index(id, { subject: 'Quarterly plan', from: 'Bob <bob@example.org>', to: 'alice@example.org', body: 'Bring the pomegranate report' });
    const hits = f.store.search('pomegranate');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ id, uid: 1, accountId: f.accountId, folderId: f.inbox });
    expect(hits[0]?.snippet).toBe('Bring the [pomegranate] report');
    expect(f.store.search('subject:quarterly').map((h) => h.id)).toEqual([id]);
    expect(f.store.search('to:alice').map((h) => h.id)).toEqual([id]);
    expect(f.store.search('pomegran*').map((h) => h.id)).toEqual([id]);
    expect(f.store.search('from:bob AND body:report').map((h) => h.id)).toEqual([id]);
  });

  it('ranks by relevance and can be limited to one account', () => {
    f.store.messages.put(sampleMessage(f, 1, { searchText: { body: 'kiwi once' } }));
    const best = f.store.messages.put(sampleMessage(f, 2, { subject: 'kiwi', searchText: { body: 'kiwi kiwi kiwi' } }));
    expect(f.store.search('kiwi')[0]?.id).toBe(best);
    expect(f.store.search('kiwi', { limit: 1 })).toHaveLength(1);
    const other = f.store.accounts.add({
      address: 'carol@example.org',
      username: 'carol',
      imap: { host: 'h', port: 993, security: 'tls' },
      smtp: { host: 'h', port: 465, security: 'tls' },
    });
    expect(f.store.search('kiwi', { accountId: other })).toEqual([]);
  });

  it('turns a malformed query into a one-line bad-option error', () => {
    for (const query of ['"unterminated', 'AND', 'nosuchcolumn:word', '   ']) {
      let error: unknown;
      try {
        f.store.search(query);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SealmailError);
      expect((error as SealmailError).code).toBe('bad-option');
      expect((error as SealmailError).message).toMatch(/^search: /);
      expect((error as SealmailError).message).not.toContain('\n');
    }
  });
});
