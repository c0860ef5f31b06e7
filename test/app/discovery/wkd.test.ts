// WKD against a local HTTPS key directory: the URLs, the advanced-then-direct rule, user ID filtering, refusals and timeouts.
import { generateKey, type PublicKey } from 'openpgp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyInfo } from '../../../crypto/pgp/keys.js';
import { wkdLookup, wkdUrls } from '../../../app/discovery/wkd.js';
import { zBase32 } from '../../../app/discovery/zbase32.js';
import { startKeyDirectory, type KeyDirectory } from '../../helpers/key-directory.js';
import { person, type Person } from '../../helpers/keys.js';

let directory: KeyDirectory;
let alice: Person;
let bob: Person;

const ADVANCED = `openpgpkey.example.test/.well-known/openpgpkey/example.test/hu/${wkdUrls('alice@example.test').advanced.pathname.split('/').pop() ?? ''}`;
const DIRECT = `example.test/.well-known/openpgpkey/hu/${wkdUrls('alice@example.test').direct.pathname.split('/').pop() ?? ''}`;

beforeAll(async () => {
  directory = await startKeyDirectory();
  alice = await person('Alice', 'alice@example.test');
  bob = await person('Bob', 'bob@example.test');
});
afterAll(() => directory.close());
beforeEach(() => {
  directory.reset();
});

const exists = async (): Promise<boolean> => true;
const missing = async (): Promise<boolean> => false;
const lookup = (options: { hosts?: readonly string[]; hostExists?: (host: string) => Promise<boolean>; timeoutMs?: number } = {}): ReturnType<typeof wkdLookup> =>
  wkdLookup({
    address: 'alice@example.test',
    connection: { https: directory.https(options.hosts), timeoutMs: options.timeoutMs ?? 5_000 },
    hostExists: options.hostExists ?? exists,
  });

async function uids(key: PublicKey): Promise<string[]> {
  return (await keyInfo({ key })).userIds.map((u) => u.uid);
}

describe('wkdUrls', () => {
  it('hashes the lower-cased local part with SHA-1 into z-base-32 and sends the local part as typed in l=', () => {
    // The example from draft-koch-openpgp-webkey-service, section 3.1.
    const { advanced, direct } = wkdUrls('Joe.Doe@Example.ORG');
    expect(advanced.href).toBe('https://openpgpkey.example.org/.well-known/openpgpkey/example.org/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe');
    expect(direct.href).toBe('https://example.org/.well-known/openpgpkey/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe');
  });

  it('encodes z-base-32 bit by bit', () => {
    expect(zBase32(Uint8Array.of(0xf0, 0xbf, 0xc7))).toBe('6n9hq');
    expect(zBase32(Uint8Array.of(0xd4, 0x7a, 0x04))).toBe('4t7ye');
  });

  it('refuses what is not a mail address', () => {
    expect(() => wkdUrls('alice')).toThrow('is not a mail address');
    expect(() => wkdUrls('alice@exa/mple.test')).toThrow('is not a mail address');
  });
});

describe('wkdLookup', () => {
  it('finds the key by the advanced method (binary answer) and never asks the direct URL', async () => {
    directory.replies.set(ADVANCED, { status: 200, body: alice.publicKey.write() });
    const { found, attempts } = await lookup();
    expect(found.map((f) => f.key.getFingerprint())).toEqual([alice.publicKey.getFingerprint()]);
    expect(found[0]?.provenance).toMatchObject({ method: 'wkd', url: `https://${ADVANCED}?l=alice` });
    expect(attempts.map((a) => [a.place, a.outcome])).toEqual([['wkd-advanced', 'found']]);
    expect(directory.requests.map((r) => r.target)).toEqual([`${ADVANCED}?l=alice`]);
    expect(directory.requests[0]?.method).toBe('GET');
  });

  it('uses the direct method (armored answer) when openpgpkey.DOMAIN does not exist', async () => {
    directory.replies.set(DIRECT, { status: 200, body: alice.armoredPublic, type: 'application/pgp-keys' });
    const { found, attempts } = await lookup({ hosts: ['example.test'], hostExists: missing });
    expect(found.map((f) => f.provenance.url)).toEqual([`https://${DIRECT}?l=alice`]);
    expect(attempts).toMatchObject([
      { place: 'wkd-advanced', outcome: 'not-found', message: 'openpgpkey.example.test does not exist' },
      { place: 'wkd-direct', outcome: 'found' },
    ]);
    expect(directory.requests.map((r) => r.target)).toEqual([`${DIRECT}?l=alice`]);
  });

  it('does not fall back to the direct method when the advanced host exists but has no key', async () => {
    directory.replies.set(DIRECT, { status: 200, body: alice.publicKey.write() });
    const { found, attempts } = await lookup();
    expect(found).toEqual([]);
    expect(attempts).toMatchObject([{ place: 'wkd-advanced', outcome: 'not-found', message: 'openpgpkey.example.test has no key for alice@example.test' }]);
    expect(directory.requests.map((r) => r.target)).toEqual([`${ADVANCED}?l=alice`]);
  });

  it('keeps only the user IDs with the searched address when the directory serves more', async () => {
    const { publicKey } = await generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Alice', email: 'alice@work.test' }, { name: 'Alice', email: 'Alice@Example.test' }, { name: 'Mallory', email: 'mallory@example.test' }],
      format: 'object',
    });
    directory.replies.set(ADVANCED, { status: 200, body: publicKey.write() });
    const { found } = await lookup();
    expect(found).toHaveLength(1);
    expect(await uids(found[0]!.key)).toEqual(['Alice <Alice@Example.test>']);
    expect(found[0]!.key.write().length).toBeLessThan(publicKey.write().length);
  });

  it('refuses a key none of whose user IDs is the searched address, saying so', async () => {
    directory.replies.set(ADVANCED, { status: 200, body: bob.publicKey.write() });
    const { found, attempts } = await lookup();
    expect(found).toEqual([]);
    expect(attempts).toMatchObject([
      { outcome: 'refused', message: `key ${bob.publicKey.getFingerprint()} has no valid user ID for alice@example.test (only bob@example.test)` },
    ]);
  });

  it('keeps the matching key of several and refuses the other', async () => {
    directory.replies.set(ADVANCED, { status: 200, body: alice.armoredPublic + bob.armoredPublic });
    const { found, attempts } = await lookup();
    expect(found.map((f) => f.key.getFingerprint())).toEqual([alice.publicKey.getFingerprint()]);
    expect(attempts[0]?.message).toMatch(/^1 key\(s\) for alice@example.test; key [0-9a-f]+ has no valid user ID/);
  });

  it('never keeps secret key material a server sends', async () => {
    directory.replies.set(ADVANCED, { status: 200, body: alice.armoredPrivate });
    const { found } = await lookup();
    expect(found[0]?.key.isPrivate()).toBe(false);
  });

  it('reports a server that never answers in one line, within the timeout', async () => {
    directory.replies.set(ADVANCED, 'hang');
    const started = Date.now();
    const { found, attempts } = await lookup({ timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(found).toEqual([]);
    expect(attempts).toEqual([
      { place: 'wkd-advanced', url: `https://${ADVANCED}?l=alice`, outcome: 'failed', message: 'openpgpkey.example.test did not answer within 0.3 s' },
    ]);
  });

  it('refuses an answer over the size cap and one that is not a key', async () => {
    directory.replies.set(ADVANCED, { status: 200, body: new Uint8Array(600 * 1024).fill(0x99) });
    expect((await lookup()).attempts[0]).toMatchObject({ outcome: 'failed', message: expect.stringContaining('sent more than 524288 bytes') });
    directory.replies.set(ADVANCED, { status: 200, body: '<html>hello</html>', type: 'text/html' });
    expect((await lookup()).attempts[0]).toMatchObject({ outcome: 'refused', message: 'openpgpkey.example.test answered with something that is not an OpenPGP key' });
  });

  it('refuses a certificate the test CA did not issue', async () => {
    directory.replies.set(ADVANCED, { status: 200, body: alice.publicKey.write() });
    const result = await wkdLookup({
      address: 'alice@example.test',
      connection: { https: { connectTo: directory.https().connectTo ?? {} }, timeoutMs: 5_000 },
      hostExists: exists,
    });
    expect(result.found).toEqual([]);
    expect(result.attempts[0]).toMatchObject({ outcome: 'failed', message: expect.stringContaining('the certificate of openpgpkey.example.test is not valid') });
  });
});
