// The store writer's worker thread, loaded from this test run's compiled build: a worker cannot load the TypeScript source.
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type * as StoreModule from '../../../app/store/store.js';
import { sampleMessage, storeFixture, type StoreFixture } from './fixture.js';

const built = join(dirname(inject('sealmailBin')), '..', 'dist', 'app', 'store', 'store.js');
const { Store: BuiltStore } = (await import(pathToFileURL(built).href)) as typeof StoreModule;

let f: StoreFixture;
beforeEach(async () => {
  f = await storeFixture();
});
afterEach(async () => {
  await f.dispose();
});

describe('message writer (worker thread)', () => {
  it('stores batches in the order sent, byte for byte and searchable; a failed batch stores nothing and the next ones still land', async () => {
    const writing = BuiltStore.open({ profile: f.profile, key: f.key });
    const writer = writing.messageWriter();
    expect(writer).toBeDefined();
    const binary = Buffer.concat([Buffer.from('Subject: Message 2\r\n\r\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n')]);
    // A view into a larger buffer: only the view's bytes may be stored.
    const padded = Buffer.concat([Buffer.from('xx'), binary, Buffer.from('yy')]);
    const batches = [
      [sampleMessage(f, 1, { searchText: { to: 'carol@example.org' } }), sampleMessage(f, 2, { raw: padded.subarray(2, 2 + binary.length) })],
      [sampleMessage(f, 3), sampleMessage(f, 4, { folderId: 999 })], // no such folder
      [sampleMessage(f, 5), sampleMessage(f, 6, { flags: ['\\Seen'] })],
    ];
    const results = await Promise.allSettled(batches.map((b) => writer!.write(b)));
    await writer!.close();
    writing.close();

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'io', message: expect.stringMatching(/FOREIGN KEY/) as unknown });
    const ids = [results[0], results[2]].flatMap((r) => (r as PromiseFulfilledResult<number[]>).value);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.map((id) => f.store.messages.get(id)?.uid)).toEqual([1, 2, 5, 6]);
    expect(f.store.messages.raw(ids[1] as number)?.equals(binary)).toBe(true);
    expect(f.store.messages.get(ids[3] as number)?.flags).toEqual(['\\Seen']);
    expect(f.store.search('carol').map((h) => h.uid)).toEqual([1]);
    expect(f.store.messages.count(f.inbox)).toBe(4);
  });
});
