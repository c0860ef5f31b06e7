// HKP against a local HTTPS keyserver: asked only when named and after WKD, filtered like VKS, HTTPS only, cached, noted as 'other' provenance.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey } from 'openpgp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyInfo } from '../../../crypto/pgp/keys.js';
import { hkpBase } from '../../../app/discovery/hkp.js';
import { lookupKeys, nothingFoundLine, placeOf, type KeyLookupOptions } from '../../../app/discovery/key-lookup.js';
import { wkdUrls } from '../../../app/discovery/wkd.js';
import { fromDiscovery, provenanceFromSource, sourceFromProvenance } from '../../../app/key-provenance.js';
import { startKeyDirectory, type KeyDirectory } from '../../helpers/key-directory.js';
import { person, type Person } from '../../helpers/keys.js';

let directory: KeyDirectory;
let alice: Person;
let bob: Person;
let profile: string;
const ADVANCED = `openpgpkey.example.test${wkdUrls('alice@example.test').advanced.pathname}`;
const HKP = 'keys.example.test/pks/lookup';
const BY_EMAIL_URL = 'https://keys.example.test/pks/lookup?op=get&options=mr&search=alice%40example.test';

beforeAll(async () => {
  directory = await startKeyDirectory();
  alice = await person('Alice', 'alice@example.test');
  bob = await person('Bob', 'bob@example.test');
});
afterAll(() => directory.close());
beforeEach(async () => {
  directory.reset();
  profile = await mkdtemp(join(tmpdir(), 'sealmail-hkp-'));
});
afterEach(() => rm(profile, { recursive: true, force: true }));

const lookup = (extra: Partial<KeyLookupOptions> = {}): ReturnType<typeof lookupKeys> =>
  lookupKeys({ query: 'alice@example.test', profile, https: directory.https(), hkp: 'https://keys.example.test', timeoutMs: 3_000, hostExists: async () => true, ...extra });

describe('HKP look-ups', () => {
  it('asks the named HKP server by address after WKD found nothing, keeping only the searched address', async () => {
    const { publicKey } = await generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Alice', email: 'alice@example.test' }, { name: 'Alice', email: 'alice@elsewhere.test' }],
      format: 'object',
    });
    directory.replies.set(HKP, { status: 200, type: 'application/pgp-keys', body: publicKey.armor() + bob.armoredPublic });
    const { keys, attempts } = await lookup();

    expect(directory.requests.map((r) => r.target)).toEqual([`${ADVANCED}?l=alice`, 'keys.example.test/pks/lookup?op=get&options=mr&search=alice%40example.test']);
    expect(keys.map((k) => k.key.getFingerprint())).toEqual([publicKey.getFingerprint()]);
    expect((await keyInfo({ key: keys[0]!.key })).userIds.map((u) => u.uid)).toEqual(['Alice <alice@example.test>']);
    expect(keys[0]?.provenance).toMatchObject({ method: 'hkp', url: BY_EMAIL_URL });
    expect(attempts.map((a) => [a.place, a.outcome])).toEqual([['wkd-advanced', 'not-found'], ['hkp', 'found']]);
    expect(attempts[1]?.message).toContain(`key ${bob.publicKey.getFingerprint()} has no valid user ID for alice@example.test (only bob@example.test)`);
    expect(placeOf(keys[0]!, attempts)).toBe('hkp');
  });

  it('does not ask the HKP server when WKD has the key, and never asks keys.openpgp.org', async () => {
    directory.replies.set(ADVANCED, { status: 200, body: alice.publicKey.write() });
    directory.replies.set(HKP, { status: 200, body: alice.armoredPublic });
    const { keys } = await lookup();
    expect(keys.map((k) => k.provenance.method)).toEqual(['wkd']);
    expect(directory.requests.map((r) => r.target.split('/')[0])).toEqual(['openpgpkey.example.test']);
  });

  it('names the HKP URL in the one line when the server has no key (404), and remembers that apart from VKS answers', async () => {
    const { keys, attempts } = await lookup();
    expect(keys).toEqual([]);
    expect(nothingFoundLine('alice@example.test', attempts)).toBe(
      `no key found for alice@example.test: WKD advanced https://${ADVANCED}?l=alice: openpgpkey.example.test has no key for alice@example.test; ` +
        `HKP ${BY_EMAIL_URL}: keys.example.test has no key for alice@example.test`,
    );
    expect((await lookup()).cachedFrom).not.toBeNull();
    expect(directory.requests).toHaveLength(2);
    directory.replies.set('keys.example.test/vks/v1/by-email/alice%40example.test', { status: 200, body: alice.armoredPublic });
    const viaVks = await lookup({ hkp: undefined, keyserver: 'https://keys.example.test' });
    expect(viaVks.cachedFrom).toBeNull();
    expect(viaVks.keys).toHaveLength(1);
  });

  it('searches a fingerprint as 0xFPR, keeps only that key, and refuses another key sent instead', async () => {
    const fpr = alice.publicKey.getFingerprint();
    directory.replies.set(HKP, { status: 200, body: bob.armoredPublic });
    const swapped = await lookup({ query: fpr });
    expect(directory.requests.map((r) => r.target)).toEqual([`keys.example.test/pks/lookup?op=get&options=mr&search=0x${fpr.toUpperCase()}`]);
    expect(swapped.keys).toEqual([]);
    expect(swapped.attempts).toMatchObject([{ place: 'hkp', outcome: 'refused', message: `key ${bob.publicKey.getFingerprint()} is not the key ${fpr} that was asked for` }]);

    directory.replies.set(HKP, { status: 200, body: alice.armoredPrivate });
    const found = await lookup({ query: fpr, refresh: true });
    expect(found.keys.map((k) => [k.key.getFingerprint(), k.key.isPrivate()])).toEqual([[fpr, false]]);
  });

  it('refuses http://, hkp:// and naming both kinds of keyserver before asking anything; takes hkps:// as https://', async () => {
    await expect(lookup({ hkp: 'http://keys.example.test' })).rejects.toThrow('refusing the HKP keyserver http://keys.example.test: only https:// (or hkps://) URLs are used');
    await expect(lookup({ hkp: 'hkp://keys.example.test' })).rejects.toMatchObject({ code: 'bad-option' });
    await expect(lookup({ keyserver: 'https://keys.example.test' })).rejects.toThrow('not both');
    expect(directory.requests).toEqual([]);
    expect(hkpBase('hkps://keys.example.test:8443').href).toBe('https://keys.example.test:8443/');
  });

  it('goes into the keyring as an "other" sighting with hkp:URL, which older keyrings already read', () => {
    const sighting = fromDiscovery({ method: 'hkp', url: BY_EMAIL_URL, fetchedAt: '2026-01-01T00:00:00.000Z' });
    expect(sighting).toEqual({ kind: 'other', detail: `hkp:${BY_EMAIL_URL}`, seenAt: '2026-01-01T00:00:00.000Z' });
    expect(provenanceFromSource(sourceFromProvenance(sighting))).toEqual({ kind: 'other', detail: `hkp:${BY_EMAIL_URL}` });
  });
});
