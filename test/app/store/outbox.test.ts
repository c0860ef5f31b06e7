// The outbox lifecycle: queued, claimed, completed or retried with backoff, and reclaimed after a crashed sender.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKOFF_FIRST_MS, BACKOFF_MAX_MS, backoffMs, LEASE_MS } from '../../../app/store/outbox.js';
import { Store } from '../../../app/store/store.js';
import { storeFixture, type StoreFixture } from './fixture.js';

let f: StoreFixture;
beforeEach(async () => {
  f = await storeFixture();
});
afterEach(async () => {
  await f.dispose();
});

const t0 = new Date(Date.UTC(2026, 5, 1));
const at = (ms: number): Date => new Date(t0.getTime() + ms);

describe('Outbox', () => {
  it('keeps a message until it is completed, in order, with the exact sealed bytes', () => {
    const sealed = Buffer.from([0x2d, 0x2d, 0x00, 0xff, 0x0d, 0x0a]);
    const first = f.store.outbox.enqueue({ accountId: f.accountId, raw: sealed, recipients: ['bob@example.org'] }, t0);
    const second = f.store.outbox.enqueue({ accountId: f.accountId, raw: Buffer.from('two'), recipients: ['carol@example.org'] }, t0);

    const claimed = f.store.outbox.claim(t0);
    expect(claimed).toMatchObject({ id: first, state: 'sending', attempts: 1, recipients: ['bob@example.org'] });
    expect(claimed?.raw.equals(sealed)).toBe(true);
    expect(f.store.outbox.claim(t0)?.id).toBe(second);
    expect(f.store.outbox.claim(t0)).toBeUndefined(); // both are being sent

    expect(f.store.outbox.complete(first)).toBe(true);
    expect(f.store.outbox.complete(first)).toBe(false);
    expect(f.store.outbox.list().map((i) => i.id)).toEqual([second]);
  });

  it('retries a temporary failure after a doubling backoff, and keeps a permanent one as failed', () => {
    const id = f.store.outbox.enqueue({ accountId: f.accountId, raw: Buffer.from('m'), recipients: ['b@x'] }, t0);
    f.store.outbox.claim(t0);
    expect(f.store.outbox.fail(id, 'connection refused\nstack...', { now: t0 })).toBe(true);
    expect(f.store.outbox.list()[0]).toMatchObject({ state: 'queued', attempts: 1, lastError: 'connection refused' });
    expect(f.store.outbox.claim(at(BACKOFF_FIRST_MS - 1))).toBeUndefined();
    expect(f.store.outbox.claim(at(BACKOFF_FIRST_MS))?.attempts).toBe(2);
    f.store.outbox.fail(id, 'timed out', { now: at(BACKOFF_FIRST_MS) });
    expect(f.store.outbox.list()[0]?.nextAttemptAt).toEqual(at(BACKOFF_FIRST_MS + 2 * BACKOFF_FIRST_MS));
    expect(backoffMs(30)).toBe(BACKOFF_MAX_MS);

    f.store.outbox.claim(at(BACKOFF_MAX_MS));
    f.store.outbox.fail(id, 'recipient rejected', { permanent: true, now: at(BACKOFF_MAX_MS) });
    expect(f.store.outbox.list()[0]).toMatchObject({ state: 'failed', lastError: 'recipient rejected' });
    expect(f.store.outbox.claim(at(100 * BACKOFF_MAX_MS))).toBeUndefined();
    expect(f.store.outbox.retry(id, at(2 * BACKOFF_MAX_MS))).toBe(true);
    expect(f.store.outbox.claim(at(2 * BACKOFF_MAX_MS))?.attempts).toBe(4);
  });

  it('hands a message claimed by a sender that died to the next sender once its lease is over', () => {
    const id = f.store.outbox.enqueue({ accountId: f.accountId, raw: Buffer.from('m'), recipients: ['b@x'] }, t0);
    expect(f.store.outbox.claim(t0)?.id).toBe(id);
    f.store.close(); // the sender is gone without completing or failing
    f.store = Store.open({ profile: f.profile, key: f.key });
    expect(f.store.outbox.claim(at(LEASE_MS - 1))).toBeUndefined();
    expect(f.store.outbox.claim(at(LEASE_MS))).toMatchObject({ id, attempts: 2 });
  });
});
