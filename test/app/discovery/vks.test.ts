// VKS against a local keyserver: by email, by fingerprint, HTTPS only, and upload with the verification request.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readKeys } from '../../../crypto/pgp/keys.js';
import { vksBase, vksByEmail, vksByFingerprint, vksUpload } from '../../../app/discovery/vks.js';
import { startKeyDirectory, type KeyDirectory } from '../../helpers/key-directory.js';
import { person, type Person } from '../../helpers/keys.js';

let directory: KeyDirectory;
let alice: Person;
let bob: Person;
const base = vksBase('https://keys.example.test');

beforeAll(async () => {
  directory = await startKeyDirectory();
  alice = await person('Alice', 'alice@example.test');
  bob = await person('Bob', 'bob@example.test');
});
afterAll(() => directory.close());
beforeEach(() => {
  directory.reset();
});

const connection = (): { https: ReturnType<KeyDirectory['https']>; timeoutMs: number } => ({ https: directory.https(), timeoutMs: 5_000 });

describe('VKS look-ups', () => {
  it('finds a key by email', async () => {
    directory.replies.set('keys.example.test/vks/v1/by-email/alice%40example.test', { status: 200, body: alice.armoredPublic, type: 'application/pgp-keys' });
    const { found, attempts } = await vksByEmail({ base, address: 'alice@example.test', connection: connection() });
    expect(found.map((f) => f.key.getFingerprint())).toEqual([alice.publicKey.getFingerprint()]);
    expect(found[0]?.provenance).toMatchObject({ method: 'vks', url: 'https://keys.example.test/vks/v1/by-email/alice%40example.test' });
    expect(attempts).toMatchObject([{ place: 'vks', outcome: 'found' }]);
    expect(directory.requests[0]?.headers.accept).toBe('application/pgp-keys');
  });

  it('says when the keyserver has no key, and refuses a key for another address', async () => {
    const none = await vksByEmail({ base, address: 'alice@example.test', connection: connection() });
    expect(none.attempts).toMatchObject([{ outcome: 'not-found', message: 'keys.example.test has no key for alice@example.test' }]);
    directory.replies.set('keys.example.test/vks/v1/by-email/alice%40example.test', { status: 200, body: bob.armoredPublic });
    const wrong = await vksByEmail({ base, address: 'alice@example.test', connection: connection() });
    expect(wrong.found).toEqual([]);
    expect(wrong.attempts[0]?.message).toContain('has no valid user ID for alice@example.test (only bob@example.test)');
  });

  it('finds a key by fingerprint (upper-case hex in the path) and refuses another key sent instead', async () => {
    const fpr = alice.publicKey.getFingerprint();
    directory.replies.set(`keys.example.test/vks/v1/by-fingerprint/${fpr.toUpperCase()}`, { status: 200, body: alice.armoredPublic });
    const { found } = await vksByFingerprint({ base, fingerprint: fpr, connection: connection() });
    expect(found.map((f) => f.key.getFingerprint())).toEqual([fpr]);
    directory.replies.set(`keys.example.test/vks/v1/by-fingerprint/${fpr.toUpperCase()}`, { status: 200, body: bob.armoredPublic });
    const swapped = await vksByFingerprint({ base, fingerprint: fpr, connection: connection() });
    expect(swapped.found).toEqual([]);
    expect(swapped.attempts[0]).toMatchObject({ outcome: 'refused', message: expect.stringContaining(`is not the key ${fpr} that was asked for`) });
  });

  it('refuses an http:// keyserver before asking anything', () => {
    expect(() => vksBase('http://keys.example.test')).toThrow('refusing the keyserver http://keys.example.test: only https:// URLs are used');
    expect(directory.requests).toEqual([]);
  });
});

describe('VKS upload', () => {
  it('uploads only the public key, then requests verification for the unpublished addresses', async () => {
    const fpr = alice.publicKey.getFingerprint().toUpperCase();
    directory.replies.set('keys.example.test/vks/v1/upload', () => ({
      status: 200,
      type: 'application/json',
      body: JSON.stringify({ key_fpr: fpr, token: 'tok-123', status: { 'alice@example.test': 'unpublished' } }),
    }));
    directory.replies.set('keys.example.test/vks/v1/request-verify', () => ({
      status: 200,
      type: 'application/json',
      body: JSON.stringify({ key_fpr: fpr, token: 'tok-123', status: { 'alice@example.test': 'pending' } }),
    }));
    // The caller hands over the public half; the secret key is what a careless caller would have.
    const { uploaded, requested } = await vksUpload({ base, publicKey: alice.privateKey.toPublic(), connection: connection() });
    expect(uploaded).toEqual({ fingerprint: fpr.toLowerCase(), token: 'tok-123', status: { 'alice@example.test': 'unpublished' } });
    expect(requested?.status).toEqual({ 'alice@example.test': 'pending' });

    expect(directory.requests.map((r) => [r.method, r.target, r.headers['content-type']])).toEqual([
      ['POST', 'keys.example.test/vks/v1/upload', 'application/json'],
      ['POST', 'keys.example.test/vks/v1/request-verify', 'application/json'],
    ]);
    const upload = JSON.parse(directory.requests[0]?.body ?? '') as Record<string, string>;
    expect(Object.keys(upload)).toEqual(['keytext']);
    expect(upload.keytext).not.toContain('PRIVATE KEY');
    const sent = await readKeys({ data: new TextEncoder().encode(upload.keytext) });
    expect(sent.map((k) => [k.getFingerprint(), k.isPrivate()])).toEqual([[alice.publicKey.getFingerprint(), false]]);
    expect(JSON.parse(directory.requests[1]?.body ?? '')).toEqual({ token: 'tok-123', addresses: ['alice@example.test'] });
  });

  it('refuses to upload a secret key, and passes on the server\'s refusal in one line', async () => {
    await expect(vksUpload({ base, publicKey: alice.privateKey as never, connection: connection() })).rejects.toThrow('only the public key may be uploaded');
    directory.replies.set('keys.example.test/vks/v1/upload', { status: 400, type: 'application/json', body: JSON.stringify({ error: 'Key has no valid user IDs' }) });
    await expect(vksUpload({ base, publicKey: alice.publicKey, connection: connection() })).rejects.toThrow(
      'keyserver keys.example.test refused /vks/v1/upload with HTTP 400: Key has no valid user IDs',
    );
    expect(directory.requests.filter((r) => r.target.endsWith('request-verify'))).toEqual([]);
  });
});
