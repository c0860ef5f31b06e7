// The key layer: what users get from generate/read/unlock/protect/export/revoke and what keyInfo reports.
import * as openpgp from 'openpgp';
import type { PrivateKey, PublicKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { SealmailError } from '../../../crypto/errors.js';
import {
  exportKey,
  generateKey,
  keyAddresses,
  keyInfo,
  protectKey,
  readKeys,
  revokeKey,
  unlockKey,
} from '../../../crypto/pgp/keys.js';

/** openpgp.js's generateKey result in object form (its own KeyPair type is not exported). */
type KeyPair = { privateKey: PrivateKey; publicKey: PublicKey };

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

async function readOne(armored: string): Promise<PrivateKey> {
  const [key] = await readKeys({ data: bytes(armored) });
  if (!key?.isPrivate()) throw new Error('expected one private key');
  return key;
}

async function rejection(promise: Promise<unknown>): Promise<SealmailError> {
  const e: unknown = await promise.then(() => null, (err: unknown) => err);
  if (!(e instanceof SealmailError)) throw new Error(`expected a SealmailError, got ${String(e)}`);
  return e;
}

describe('generateKey', () => {
  let v4: PrivateKey;
  let v4Fingerprint: string;

  beforeAll(async () => {
    const generated = await generateKey({ uid: 'Alice Example <Alice@Example.org>', passphrase: 'correct horse' });
    v4 = await readOne(generated.privateKey);
    v4Fingerprint = generated.fingerprint;
  });

  it('makes a passphrase-protected v4 EdDSA key with an ECDH Curve25519 subkey, as GnuPG 2.2 reads', () => {
    expect(v4Fingerprint).toMatch(/^[0-9a-f]{40}$/);
    expect(v4.getFingerprint()).toBe(v4Fingerprint);
    expect(v4.keyPacket.version).toBe(4);
    expect(v4.getAlgorithmInfo()).toMatchObject({ algorithm: 'eddsaLegacy', curve: 'ed25519Legacy' });
    expect(v4.subkeys.map((s) => s.getAlgorithmInfo())).toEqual([{ algorithm: 'ecdh', curve: 'curve25519Legacy' }]);
    expect(v4.isDecrypted()).toBe(false);
  });

  it('stores the user ID with a lower-cased address', async () => {
    expect(v4.getUserIDs()).toEqual(['Alice Example <alice@example.org>']);
    expect(await keyAddresses(v4)).toEqual(['alice@example.org']);
  });

  it('makes an RFC 9580 v6 Ed25519/X25519 key with v6: true', async () => {
    const generated = await generateKey({ uid: 'Vera <vera@example.org>', passphrase: 'pw', v6: true });
    const key = await readOne(generated.privateKey);
    expect(generated.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(key.keyPacket.version).toBe(6);
    expect(key.getAlgorithmInfo().algorithm).toBe('ed25519');
    expect(key.subkeys.map((s) => s.getAlgorithmInfo().algorithm)).toEqual(['x25519']);
    expect(key.isDecrypted()).toBe(false);
  });

  it('refuses a user ID without an address, an empty passphrase, and unknown options', async () => {
    expect((await rejection(generateKey({ uid: 'Alice', passphrase: 'pw' }))).code).toBe('bad-option');
    expect((await rejection(generateKey({ uid: 'Alice <not-an-address>', passphrase: 'pw' }))).code).toBe('bad-option');
    expect((await rejection(generateKey({ uid: 'Alice <alice@example.org>', passphrase: '' }))).code).toBe('passphrase-required');
    const typo = { uid: 'Alice <alice@example.org>', passphrase: 'pw', v6key: true } as unknown as Parameters<typeof generateKey>[0];
    expect((await rejection(generateKey(typo))).message).toBe('generateKey: unknown option "v6key"');
  });

  it('unlocks only with the right passphrase, naming the key otherwise', async () => {
    const wrong = await rejection(unlockKey({ key: v4, passphrase: 'wrong' }));
    expect(wrong.code).toBe('wrong-passphrase');
    expect(wrong.message).toBe(`wrong passphrase for key ${v4Fingerprint}`);
    const unlocked = await unlockKey({ key: v4, passphrase: 'correct horse' });
    expect(unlocked.isDecrypted()).toBe(true);
    expect(v4.isDecrypted()).toBe(false); // the stored object stays locked
  });

  it('exports the public key, or the still-protected secret key, armored or binary', async () => {
    const publicArmored = text(exportKey({ key: v4, secret: false, armor: true }));
    expect(publicArmored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    const [fromBinary] = await readKeys({ data: exportKey({ key: v4, secret: false, armor: false }) });
    expect(fromBinary?.isPrivate()).toBe(false);
    expect(fromBinary?.getFingerprint()).toBe(v4Fingerprint);

    const secretArmored = text(exportKey({ key: v4, secret: true, armor: true }));
    expect(secretArmored).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
    const [secret] = await readKeys({ data: exportKey({ key: v4, secret: true, armor: false }) });
    expect(secret?.isPrivate() && !secret.isDecrypted()).toBe(true);
  });

  it('refuses to export a secret key in the clear, or one that is not there', async () => {
    const unlocked = await unlockKey({ key: v4, passphrase: 'correct horse' });
    expect(() => exportKey({ key: unlocked, secret: true, armor: true })).toThrow(/unprotected secret key/);
    expect(() => exportKey({ key: v4.toPublic(), secret: true, armor: true })).toThrow(/no secret part/);
  });
});

describe('readKeys', () => {
  let alice: KeyPair;
  let bob: KeyPair;

  beforeAll(async () => {
    const make = (email: string) => openpgp.generateKey({ userIDs: [{ email }], format: 'object' });
    [alice, bob] = await Promise.all([make('alice@example.org'), make('bob@example.org')]);
  });

  it('reads several concatenated armor blocks, with text around them', async () => {
    const data = bytes(`Alice's key:\n${alice.publicKey.armor()}\nand Bob's secret key:\n${bob.privateKey.armor()}`);
    const keys = await readKeys({ data });
    expect(keys.map((k) => [k.getFingerprint(), k.isPrivate()])).toEqual([
      [alice.publicKey.getFingerprint(), false],
      [bob.privateKey.getFingerprint(), true],
    ]);
  });

  it('reads several binary keys from one buffer', async () => {
    const first = alice.publicKey.write();
    const second = bob.publicKey.write();
    const data = new Uint8Array([...first, ...second]);
    expect((await readKeys({ data })).map((k) => k.getFingerprint())).toEqual([
      alice.publicKey.getFingerprint(),
      bob.publicKey.getFingerprint(),
    ]);
  });

  it('says plainly when there is no key in the data', async () => {
    for (const data of [bytes('hello, this is not a key\n'), new Uint8Array(), new Uint8Array([0x99, 0x00, 0x01, 0x02])]) {
      const e = await rejection(readKeys({ data }));
      expect(e.code).toBe('bad-key');
      expect(e.message).not.toContain('\n');
    }
    expect((await rejection(readKeys({ data: bytes('garbage') }))).message).toBe('no OpenPGP key found in the data');
  });

  it('protects a bare secret key, which then unlocks with that passphrase only', async () => {
    const [bare] = await readKeys({ data: bytes(bob.privateKey.armor()) });
    if (!bare?.isPrivate()) throw new Error('expected a private key');
    expect(await unlockKey({ key: bare, passphrase: 'anything' })).toBe(bare); // nothing to unlock
    const protectedKey = await protectKey({ key: bare, passphrase: 'new secret' });
    expect(protectedKey.isDecrypted()).toBe(false);
    expect((await rejection(unlockKey({ key: protectedKey, passphrase: 'anything' }))).code).toBe('wrong-passphrase');
    expect((await unlockKey({ key: protectedKey, passphrase: 'new secret' })).isDecrypted()).toBe(true);
    expect((await rejection(protectKey({ key: protectedKey, passphrase: 'again' }))).message).toMatch(/already passphrase-protected/);
  });
});

describe('keyInfo and revokeKey', () => {
  it('describes a fresh key: identity, algorithm, dates and capabilities', async () => {
    const generated = await generateKey({ uid: 'Alice <alice@example.org>', passphrase: 'pw', date: new Date('2025-01-02T03:04:05Z') });
    const key = await readOne(generated.privateKey);
    const info = await keyInfo({ key });
    expect(info).toEqual({
      fingerprint: generated.fingerprint,
      keyId: generated.fingerprint.slice(-16),
      version: 4,
      algorithm: 'eddsaLegacy/ed25519Legacy',
      userIds: [{ uid: 'Alice <alice@example.org>', name: 'Alice', address: 'alice@example.org', revoked: false }],
      created: '2025-01-02T03:04:05.000Z',
      expires: null,
      revoked: false,
      expired: false,
      secret: true,
      capabilities: { sign: true, encrypt: true, certify: true },
    });
    expect((await keyInfo({ key: key.toPublic() })).secret).toBe(false);
  });

  it('reports expiry, and that an expired key can do nothing', async () => {
    const { privateKey } = await openpgp.generateKey({
      userIDs: [{ email: 'old@example.org' }],
      date: new Date('2020-01-01T00:00:00Z'),
      keyExpirationTime: 86_400,
      format: 'object',
    });
    const before = await keyInfo({ key: privateKey, date: new Date('2020-01-01T12:00:00Z') });
    expect(before).toMatchObject({ expires: '2020-01-02T00:00:00.000Z', expired: false, capabilities: { sign: true, encrypt: true } });
    const after = await keyInfo({ key: privateKey });
    expect(after).toMatchObject({ expired: true, capabilities: { sign: false, encrypt: false, certify: false } });
  });

  it('revokes a key with a certificate that others can apply to the public key', async () => {
    const generated = await generateKey({ uid: 'Rita <rita@example.org>', passphrase: 'pw' });
    const locked = await readOne(generated.privateKey);
    expect((await rejection(revokeKey({ key: locked }))).code).toBe('bad-option');
    const revoked = await revokeKey({ key: await unlockKey({ key: locked, passphrase: 'pw' }), reason: 'retired' });
    expect(await keyInfo({ key: revoked.publicKey })).toMatchObject({
      revoked: true,
      capabilities: { sign: false, encrypt: false, certify: false },
    });
    expect(revoked.revocationCertificate).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    const { publicKey } = await openpgp.revokeKey({ key: locked.toPublic(), revocationCertificate: revoked.revocationCertificate, format: 'object' });
    expect((await keyInfo({ key: publicKey })).revoked).toBe(true);
  });

  it('leaves out user IDs that the key never certified', async () => {
    const { privateKey: real } = await openpgp.generateKey({ userIDs: [{ email: 'real@example.org' }], format: 'object' });
    const { privateKey: other } = await openpgp.generateKey({ userIDs: [{ email: 'forged@example.org' }], format: 'object' });
    // Append another key's user ID and self-signature to this key's packets: the signature cannot verify here.
    const forgedUser = other.toPublic().users[0];
    if (!forgedUser) throw new Error('expected a user');
    const data = new Uint8Array([...real.toPublic().write(), ...forgedUser.toPacketList().write()]);
    const [key] = await readKeys({ data });
    if (!key) throw new Error('expected a key');
    expect(key.getUserIDs()).toContain('<forged@example.org>');
    expect(await keyAddresses(key)).toEqual(['real@example.org']);
    expect((await keyInfo({ key })).userIds.map((u) => u.address)).toEqual(['real@example.org']);
  });
});
