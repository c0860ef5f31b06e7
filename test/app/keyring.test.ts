// The on-disk keyring: what it stores, how it finds keys, and how it reports a damaged profile.
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import type { PrivateKey, PublicKey } from 'openpgp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Keyring } from '../../app/keyring.js';
import { importKeys } from '../../app/key-import.js';
import { SealmailError } from '../../crypto/errors.js';
import { generateKey, readKeys, unlockKey } from '../../crypto/pgp/keys.js';

/** openpgp.js's generateKey result in object form (its own KeyPair type is not exported). */
type KeyPair = { privateKey: PrivateKey; publicKey: PublicKey };

let profile: string;
beforeEach(async () => {
  profile = join(await mkdtemp(join(tmpdir(), 'sealmail-keyring-')), 'profile');
});
afterEach(async () => {
  await rm(join(profile, '..'), { recursive: true, force: true });
});

async function ownKey(uid: string, passphrase = 'pw'): Promise<PrivateKey> {
  const { privateKey } = await generateKey({ uid, passphrase });
  const [key] = await readKeys({ data: new TextEncoder().encode(privateKey) });
  if (!key?.isPrivate()) throw new Error('expected a private key');
  return key;
}

async function failure(promise: Promise<unknown>): Promise<SealmailError> {
  const e: unknown = await promise.then(() => null, (err: unknown) => err);
  if (!(e instanceof SealmailError)) throw new Error(`expected a SealmailError, got ${String(e)}`);
  return e;
}

describe('Keyring storage', () => {
  let alice: PrivateKey;
  let bob: KeyPair;
  beforeAll(async () => {
    alice = await ownKey('Alice <alice@example.org>');
    bob = await openpgp.generateKey({ userIDs: [{ name: 'Bob', email: 'bob@example.org' }], format: 'object' });
  });

  it('creates a private profile and stores each key as keys/<fingerprint>.asc with metadata, mode 0600', async () => {
    const ring = await Keyring.open({ profile });
    expect((await stat(profile)).mode & 0o777).toBe(0o700);
    expect((await ring.add({ key: alice, source: 'generated' })).status).toBe('new');
    expect((await ring.add({ key: bob.publicKey, source: '/tmp/bob.asc' })).status).toBe('new');

    const fpr = alice.getFingerprint();
    const file = join(profile, 'keys', `${fpr}.asc`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(profile, 'keyring.json'))).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
    expect(await readdir(join(profile, 'keys'))).toHaveLength(2); // no temp files left behind

    const reopened = await Keyring.open({ profile });
    const listed = reopened.list().map((e) => [e.fingerprint, e.meta.acceptance, e.meta.source, e.key.isPrivate()]);
    expect(listed).toEqual([
      [fpr, 'own', 'generated', true],
      [bob.publicKey.getFingerprint(), 'imported', '/tmp/bob.asc', false],
    ]);
    const stored = reopened.list()[0]?.key as PrivateKey;
    expect(stored.isDecrypted()).toBe(false);
    expect((await unlockKey({ key: stored, passphrase: 'pw' })).isDecrypted()).toBe(true);
  });

  it('refuses to store a secret key without a passphrase', async () => {
    const ring = await Keyring.open({ profile });
    const e = await failure(ring.add({ key: bob.privateKey, source: 'x' }));
    expect(e.message).toMatch(/without a passphrase/);
    expect(ring.list()).toEqual([]);
  });

  it('merges a re-imported key: unchanged when nothing is new, secret half makes it own', async () => {
    const ring = await Keyring.open({ profile });
    await ring.add({ key: alice.toPublic(), source: 'alice.asc' });
    expect(ring.list()[0]?.meta.acceptance).toBe('imported');
    expect((await ring.add({ key: alice.toPublic(), source: 'again.asc' })).status).toBe('unchanged');
    const { status, entry } = await ring.add({ key: alice, source: 'alice-secret.asc' });
    expect(status).toBe('updated');
    expect(entry.key.isPrivate()).toBe(true);
    expect(entry.meta).toMatchObject({ acceptance: 'own', source: 'alice.asc' });
    // A public copy arriving later must not strip the stored secret key.
    await ring.add({ key: alice.toPublic(), source: 'later.asc' });
    expect((await Keyring.open({ profile })).list()[0]?.key.isPrivate()).toBe(true);
  });

  it('imports all or nothing: a wrong passphrase for one secret key stores none', async () => {
    const ring = await Keyring.open({ profile });
    const keys = [
      { key: bob.publicKey, source: 'bob.asc' },
      { key: alice, source: 'alice.asc' },
    ];
    const e = await failure(importKeys({ keyring: ring, keys, passphrase: async () => 'wrong' }));
    expect(e.code).toBe('wrong-passphrase');
    expect((await Keyring.open({ profile })).list()).toEqual([]);
    const imported = await importKeys({ keyring: ring, keys, passphrase: async () => 'pw' });
    expect(imported.map((k) => [k.uid, k.secret, k.status])).toEqual([
      ['Bob <bob@example.org>', false, 'new'],
      ['Alice <alice@example.org>', true, 'new'],
    ]);
  });

  it('protects a bare secret key on import with the given passphrase', async () => {
    const ring = await Keyring.open({ profile });
    await importKeys({ keyring: ring, keys: [{ key: bob.privateKey, source: 'bob.asc' }], passphrase: async () => 'fresh' });
    const stored = (await Keyring.open({ profile })).list()[0]?.key as PrivateKey;
    expect(stored.isDecrypted()).toBe(false);
    expect((await failure(unlockKey({ key: stored, passphrase: 'pw' }))).code).toBe('wrong-passphrase');
    expect((await unlockKey({ key: stored, passphrase: 'fresh' })).isDecrypted()).toBe(true);
  });

  it('removes a key and its file', async () => {
    const ring = await Keyring.open({ profile });
    await ring.add({ key: bob.publicKey, source: 'bob.asc' });
    await ring.remove(bob.publicKey.getFingerprint());
    expect((await Keyring.open({ profile })).list()).toEqual([]);
    expect(await readdir(join(profile, 'keys'))).toEqual([]);
  });
});

describe('Keyring lookups', () => {
  let ring: Keyring;
  let alice: PrivateKey;
  let bob: KeyPair;
  let bobRevoked: KeyPair;
  let carolV6: PrivateKey;
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sealmail-lookup-'));
    alice = await ownKey('Alice <alice@example.org>');
    bob = await openpgp.generateKey({ userIDs: [{ email: 'bob@example.org' }], format: 'object' });
    const old = await openpgp.generateKey({ userIDs: [{ email: 'bob@example.org' }], format: 'object' });
    bobRevoked = await openpgp.revokeKey({ key: old.privateKey, format: 'object' });
    const v6 = await generateKey({ uid: 'Carol <carol@example.org>', passphrase: 'pw', v6: true });
    carolV6 = (await readKeys({ data: new TextEncoder().encode(v6.privateKey) }))[0] as PrivateKey;
    ring = await Keyring.open({ profile: join(folder, 'profile') });
    for (const key of [alice, bob.publicKey, bobRevoked.publicKey, carolV6.toPublic()]) await ring.add({ key, source: 'test' });
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('finds a key by fingerprint, key ID, 8+ hex digit suffix, subkey ID, or address', async () => {
    const fpr = alice.getFingerprint();
    const subkeyId = alice.subkeys[0]?.getKeyID().toHex() ?? '';
    for (const id of [fpr, fpr.toUpperCase(), `0x${fpr.slice(-16)}`, fpr.slice(-8), subkeyId, 'ALICE@example.org', '<alice@example.org>']) {
      expect((await ring.find(id)).fingerprint, id).toBe(fpr);
    }
    const v6 = carolV6.getFingerprint();
    expect((await ring.find(v6.slice(0, 16))).fingerprint).toBe(v6); // v6 key IDs are fingerprint prefixes
  });

  it('says when an ID matches nothing, several keys, or is not an ID at all', async () => {
    const none = await failure(ring.find('deadbeefdeadbeef'));
    expect([none.code, none.message]).toEqual(['no-key', 'no key in the keyring matches "deadbeefdeadbeef"']);
    const several = await failure(ring.find('bob@example.org'));
    expect(several.code).toBe('bad-option');
    expect(several.message).toContain(bob.publicKey.getFingerprint());
    expect(several.message).toContain(bobRevoked.publicKey.getFingerprint());
    expect((await failure(ring.find('abc'))).message).toMatch(/is not a key ID/);
  });

  it('encrypts only to usable, accepted keys of an address', async () => {
    const fingerprints = async (address: string) => (await ring.encryptionKeysFor(address)).map((k) => k.getFingerprint());
    expect(await fingerprints('BOB@example.org')).toEqual([bob.publicKey.getFingerprint()]); // the revoked one is left out
    expect(await fingerprints('nobody@example.org')).toEqual([]);
    await ring.setAcceptance(bob.publicKey.getFingerprint(), 'unaccepted');
    expect(await fingerprints('bob@example.org')).toEqual([]);
    await ring.setAcceptance(bob.publicKey.getFingerprint(), 'imported');
  });

  it('offers own secret keys for signing, and never a public key as own', async () => {
    expect((await ring.signingKeysFor('alice@example.org')).map((k) => k.getFingerprint())).toEqual([alice.getFingerprint()]);
    expect(await ring.signingKeysFor('bob@example.org')).toEqual([]);
    expect(ring.ownSecretKeys().map((k) => k.getFingerprint())).toEqual([alice.getFingerprint()]);
    expect((await failure(ring.setAcceptance(bob.publicKey.getFingerprint(), 'own'))).code).toBe('bad-option');
  });
});

describe('a damaged profile', () => {
  it('is reported in one line naming the path when the profile is a file', async () => {
    await writeFile(join(profile, '..', 'profile'), 'not a folder');
    const e = await failure(Keyring.open({ profile }));
    expect(e.code).toBe('profile');
    expect(e.message).toBe(`profile ${profile}: exists and is not a directory`);
  });

  it('is reported when keyring.json is not a keyring', async () => {
    await Keyring.open({ profile });
    for (const content of ['{ not json', '{"version": 2, "keys": {}}', '{"version": 1, "keys": {"abc": {}}}']) {
      await writeFile(join(profile, 'keyring.json'), content);
      const e = await failure(Keyring.open({ profile }));
      expect(e.code).toBe('profile');
      expect(e.message).toContain(`keyring ${join(profile, 'keyring.json')} is corrupt`);
      expect(e.message).not.toContain('\n');
    }
  });

  it('is reported when a listed key file is missing or holds another key', async () => {
    const ring = await Keyring.open({ profile });
    const alice = await ownKey('Alice <alice@example.org>');
    const bob = await ownKey('Bob <bob@example.org>');
    await ring.add({ key: alice, source: 'generated' });
    const file = join(profile, 'keys', `${alice.getFingerprint()}.asc`);
    await writeFile(file, bob.armor());
    expect((await failure(Keyring.open({ profile }))).message).toBe(
      `key file ${file} is corrupt (it does not hold exactly the key ${alice.getFingerprint()})`,
    );
    await rm(file);
    expect((await failure(Keyring.open({ profile }))).message).toBe(`keyring lists ${alice.getFingerprint()} but ${file} is missing`);
  });
});
