// The key manager's look-up, acceptance levels and refresh through dispatch(), against a local WKD and keyserver.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/contract/dispatch.js';
import type { KeyLookupView, KeyRefreshView, KeyView } from '../../../app/contract/views.js';
import { wkdUrls } from '../../../app/discovery/wkd.js';
import { createServices, type RunningServices } from '../../../app/services/index.js';
import { startKeyDirectory, type KeyDirectory } from '../../helpers/key-directory.js';

const DAY = 24 * 60 * 60;
const ADDRESS = 'dana@example.test';
const ADVANCED = `openpgpkey.example.test${wkdUrls(ADDRESS).advanced.pathname}`;
const FAY = 'fay@example.test';
const FAY_BY_EMAIL = 'keys.example.test/vks/v1/by-email/fay%40example.test';

let directory: KeyDirectory;
let dir: string;
let running: RunningServices;

async function call<T>(method: string, input?: unknown): Promise<T> {
  const result = await dispatch(running.services, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** A key for `email` that also carries another address, which a look-up must not keep. */
async function twoAddressKey(email = ADDRESS, options: { date?: Date; lifeDays?: number } = {}) {
  return openpgp.generateKey({
    userIDs: [{ name: 'Dana', email }, { name: 'Dana at work', email: 'dana@elsewhere.test' }],
    ...(options.date ? { date: options.date } : {}),
    ...(options.lifeDays ? { keyExpirationTime: options.lifeDays * DAY } : {}),
    format: 'object',
  });
}

beforeAll(async () => {
  directory = await startKeyDirectory();
  dir = await mkdtemp(join(tmpdir(), 'sealmail-key-discovery-'));
  running = createServices({
    profile: join(dir, 'profile'),
    discovery: { caPem: directory.caPem, connectTo: directory.https().connectTo, keyserver: 'https://keys.example.test', timeoutMs: 1_500 },
  });
  await call('session.unlock', { passphrase: 'key discovery passphrase' });
}, 60_000);
afterAll(async () => {
  running?.lock();
  await directory?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  directory.reset();
});

describe('keys.lookup, keys.accept and keys.refresh through dispatch', { timeout: 60_000 }, () => {
  it('finds a key in the WKD and adds it as undecided with its WKD provenance, keeping only the searched address', async () => {
    const { publicKey } = await twoAddressKey();
    directory.replies.set(ADVANCED, { status: 200, body: publicKey.write() });
    const result = await call<KeyLookupView>('keys.lookup', { address: ADDRESS });
    expect(result.reason).toBeNull();
    expect(result.found).toHaveLength(1);
    const [found] = result.found;
    expect(found?.place).toBe('wkd-advanced');
    expect(found?.url).toMatch(/^https:\/\/openpgpkey\.example\.test\/\.well-known\/openpgpkey\/example\.test\/hu\//);
    expect(found?.userIds).toEqual([`Dana <${ADDRESS}>`]);
    expect(found?.added).toBe('new');
    expect(found?.key).toMatchObject({ fingerprint: publicKey.getFingerprint(), level: 'undecided', acceptance: 'imported', keyChange: null });
    expect(found?.key.provenances?.map((p) => [p.kind, p.detail])).toEqual([['wkd', found?.url]]);
    // WKD had it: the keyserver never heard the address.
    expect(directory.requests.map((r) => r.target.split('/')[0])).toEqual(['openpgpkey.example.test']);
    const [listed] = await call<KeyView[]>('keys.list', { filter: ADDRESS });
    expect(listed?.level).toBe('undecided');
  });

  it('says in one line that nothing was found, naming WKD and the keyserver; a directory that hangs is "unreachable"', async () => {
    const missing = await call<KeyLookupView>('keys.lookup', { address: 'nobody@example.test' });
    expect(missing.found).toEqual([]);
    expect(missing.reasonCode).toBe('not-found');
    expect(missing.reason).toMatch(/^no key found for nobody@example\.test: WKD advanced https:\/\/openpgpkey\.example\.test\/.*; VKS https:\/\/keys\.example\.test\/vks\/v1\/by-email\/nobody%40example\.test: /);
    expect(missing.reason).not.toContain('\n');

    directory.replies.set(`openpgpkey.example.test${wkdUrls('slow@example.test').advanced.pathname}`, 'hang');
    directory.replies.set('keys.example.test/vks/v1/by-email/slow%40example.test', 'hang');
    const slow = await call<KeyLookupView>('keys.lookup', { address: 'slow@example.test' });
    expect(slow.reasonCode).toBe('unreachable');
    expect(slow.reason).toContain('did not answer within 1.5 s');
  });

  it('sets every level, in Thunderbird’s words and the keyring’s values; a new key for an accepted address is a key change', async () => {
    const { publicKey: first } = await twoAddressKey(FAY);
    const [imported] = await call<KeyView[]>('keys.import', { armored: first.armor() });
    const fingerprint = imported?.fingerprint;
    const levels: [string, string, string][] = [
      ['rejected', 'rejected', 'unaccepted'],
      ['undecided', 'undecided', 'imported'],
      ['verified', 'verified', 'verified'],
      ['accepted', 'unverified', 'accepted'],
      ['unverified', 'unverified', 'accepted'],
    ];
    for (const [level, words, internal] of levels) {
      expect(await call<KeyView>('keys.accept', { fingerprint, level })).toMatchObject({ level: words, acceptance: internal });
    }
    expect(await dispatch(running.services, 'keys.accept', { fingerprint, level: 'own' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });

    // The keyserver has another key for Fay: it comes in undecided and flagged, the accepted one stays.
    const { publicKey: other } = await twoAddressKey(FAY);
    directory.replies.set(FAY_BY_EMAIL, { status: 200, body: other.armor() });
    const result = await call<KeyLookupView>('keys.lookup', { address: FAY });
    expect(result.reason).toBeNull();
    const [found] = result.found;
    expect(found?.place).toBe('vks');
    expect(found?.key.level).toBe('undecided');
    expect(found?.key.keyChange).toMatchObject({ addresses: [FAY], replaces: [fingerprint] });
    expect(await call<KeyView>('keys.accept', { fingerprint: other.getFingerprint(), level: 'rejected' })).toMatchObject({ level: 'rejected', keyChange: null });
  });

  it('refreshes a key from the WKD it was found at, one line per key; keys from no directory are left out of "refresh all"', async () => {
    const old = await twoAddressKey('gus@example.test', { date: new Date(Date.now() - DAY * 1000), lifeDays: 11 });
    const address = 'erin@example.test';
    const advanced = `openpgpkey.example.test${wkdUrls(address).advanced.pathname}`;
    const { privateKey } = await openpgp.generateKey({ userIDs: [{ name: 'Erin', email: address }], date: new Date(Date.now() - DAY * 1000), keyExpirationTime: 11 * DAY, format: 'object' });
    const erinOld = privateKey.toPublic();
    directory.replies.set(advanced, { status: 200, body: erinOld.write() });
    await call<KeyLookupView>('keys.lookup', { address });
    const { publicKey: extended } = await openpgp.reformatKey({ privateKey, userIDs: [{ name: 'Erin', email: address }], keyExpirationTime: 2 * 365 * DAY, format: 'object' });
    directory.replies.set(advanced, { status: 200, body: extended.write() });
    await call('keys.import', { armored: old.publicKey.armor() });

    const one = await call<KeyRefreshView[]>('keys.refresh', { fingerprint: erinOld.getFingerprint() });
    const expires = ((await extended.getExpirationTime()) as Date).toISOString().slice(0, 10);
    expect(one).toEqual([{ fingerprint: erinOld.getFingerprint(), address, outcome: 'new-expiry', line: `refreshed ${address}'s key from WKD: now expires ${expires}` }]);

    const all = await call<KeyRefreshView[]>('keys.refresh', {});
    expect(all.map((r) => r.outcome).sort()).toEqual(['not-found', 'not-found', 'unchanged']);
    expect(all.map((r) => r.fingerprint)).not.toContain(old.publicKey.getFingerprint());
    const handImported = await call<KeyRefreshView[]>('keys.refresh', { fingerprint: old.publicKey.getFingerprint() });
    expect(handImported.map((r) => r.outcome)).toEqual(['no-source']);
  });
});
