// lookupKeys: WKD first, the keyserver only when WKD found nothing, and the profile's cache of answers.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lookupKeys, type KeyLookupOptions } from '../../../app/discovery/key-lookup.js';
import { FOUND_TTL_MS, MISSING_TTL_MS } from '../../../app/discovery/lookup-cache.js';
import { wkdUrls } from '../../../app/discovery/wkd.js';
import { startKeyDirectory, type KeyDirectory } from '../../helpers/key-directory.js';
import { person, type Person } from '../../helpers/keys.js';

let directory: KeyDirectory;
let alice: Person;
let profile: string;
const ADVANCED = `openpgpkey.example.test${wkdUrls('alice@example.test').advanced.pathname}`;
const BY_EMAIL = 'keys.example.test/vks/v1/by-email/alice%40example.test';

beforeAll(async () => {
  directory = await startKeyDirectory();
  alice = await person('Alice', 'alice@example.test');
});
afterAll(() => directory.close());
beforeEach(async () => {
  directory.reset();
  profile = await mkdtemp(join(tmpdir(), 'sealmail-lookup-'));
});
afterEach(() => rm(profile, { recursive: true, force: true }));

const lookup = (extra: Partial<KeyLookupOptions> = {}): ReturnType<typeof lookupKeys> =>
  lookupKeys({ query: 'alice@example.test', profile, https: directory.https(), keyserver: 'https://keys.example.test', timeoutMs: 3_000, hostExists: async () => true, ...extra });

describe('lookupKeys', () => {
  it('does not ask the keyserver when WKD has the key', async () => {
    directory.replies.set(ADVANCED, { status: 200, body: alice.publicKey.write() });
    const { keys } = await lookup();
    expect(keys.map((k) => k.provenance.method)).toEqual(['wkd']);
    expect(directory.requests.map((r) => r.target.split('/')[0])).toEqual(['openpgpkey.example.test']);
  });

  it('asks the keyserver by email when WKD has nothing, naming every place asked', async () => {
    directory.replies.set(BY_EMAIL, { status: 200, body: alice.armoredPublic });
    const { keys, attempts } = await lookup();
    expect(keys.map((k) => k.provenance.url)).toEqual(['https://keys.example.test/vks/v1/by-email/alice%40example.test']);
    expect(attempts.map((a) => [a.place, a.outcome])).toEqual([['wkd-advanced', 'not-found'], ['vks', 'found']]);
  });

  it('asks only the keyserver for a fingerprint', async () => {
    const fpr = alice.publicKey.getFingerprint();
    directory.replies.set(`keys.example.test/vks/v1/by-fingerprint/${fpr.toUpperCase()}`, { status: 200, body: alice.armoredPublic });
    const { keys } = await lookup({ query: fpr.toUpperCase().replace(/(.{4})/g, '$1 ') });
    expect(keys.map((k) => k.key.getFingerprint())).toEqual([fpr]);
    expect(directory.requests).toHaveLength(1);
  });

  it('answers a second look-up from the profile cache until the TTL has passed', async () => {
    directory.replies.set(ADVANCED, { status: 200, body: alice.publicKey.write() });
    const now = new Date();
    const first = await lookup({ now });
    expect(first.cachedFrom).toBeNull();
    const second = await lookup({ now: new Date(now.getTime() + FOUND_TTL_MS - 60_000) });
    expect(second.cachedFrom).toBe(now.toISOString());
    expect(second.keys.map((k) => [k.key.getFingerprint(), k.provenance])).toEqual(first.keys.map((k) => [k.key.getFingerprint(), k.provenance]));
    expect(directory.requests).toHaveLength(1);
    expect(await readFile(join(profile, 'key-lookups.json'), 'utf8')).toContain('"method": "wkd"');
    const later = await lookup({ now: new Date(now.getTime() + FOUND_TTL_MS + 1) });
    expect(later.cachedFrom).toBeNull();
    expect(directory.requests).toHaveLength(2);
  });

  it('remembers "nothing found" for an hour, and a timeout not at all', async () => {
    const now = new Date();
    await lookup({ now });
    expect((await lookup({ now: new Date(now.getTime() + MISSING_TTL_MS - 1) })).cachedFrom).toBe(now.toISOString());
    expect(directory.requests).toHaveLength(2); // WKD and VKS, once
    await rm(join(profile, 'key-lookups.json'));
    directory.replies.set(ADVANCED, 'hang');
    await lookup({ now, timeoutMs: 200 });
    await lookup({ now, timeoutMs: 200 });
    expect(directory.requests.filter((r) => r.target.startsWith('openpgpkey'))).toHaveLength(3);
  });

  it('refuses an http:// keyserver and a query that is neither an address nor a fingerprint', async () => {
    await expect(lookup({ keyserver: 'http://keys.example.test' })).rejects.toThrow('only https:// URLs are used');
    await expect(lookup({ query: 'alice' })).rejects.toThrow('"alice" is not a mail address');
    expect(directory.requests).toEqual([]);
  });
});
