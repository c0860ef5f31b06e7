// Key validity: a good signature counts only from a known key that was valid when it signed and is not revoked.
import { SecretKeyPacket, createMessage, enums, generateKey, readSignature, reformatKey, revokeKey, verify, type PrivateKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { open, seal, type Acceptance } from '../../crypto/index.js';
import { person, type Person } from '../helpers/keys.js';
import { crlf, detachedSignature, encode, pgpMimeSigned } from './craft.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.now();
const daysAgo = (n: number): Date => new Date(NOW - n * DAY);

const PART = crlf`
Content-Type: text/plain; charset=us-ascii

The quarterly report is final.
`;

/** A multipart/signed message from `from` whose detached signature is `signature` over PART. */
function signedMail(from: string, signature: string): Uint8Array {
  return pgpMimeSigned([`From: ${from}`], 'Report', PART, signature);
}

let carol: Person;

beforeAll(async () => {
  carol = await person('Carol', 'carol@example.org', { date: daysAgo(10) });
});

describe('expiry', () => {
  it('is expired when the key had already expired when it signed', async () => {
    // openpgp.js will not sign with an expired key, so Carol signs while her key has no expiry, and the reader
    // holds the same key material re-certified (at its creation) to expire one day after creation.
    const expiring = await reformatKey({
      privateKey: carol.privateKey,
      userIDs: [{ name: 'Carol', email: 'carol@example.org' }],
      keyExpirationTime: DAY / 1000,
      date: daysAgo(10),
      format: 'object',
    });
    const message = signedMail('Carol <carol@example.org>', await detachedSignature(PART, carol.privateKey, { date: daysAgo(6) }));

    const report = await open({ message, verificationKeys: [{ key: expiring.publicKey, acceptance: 'verified' }] });
    expect(report.signature.state).toBe('expired');
    expect(report.signature.signer?.fingerprint).toBe(carol.publicKey.getFingerprint());
    const control = await open({ message, verificationKeys: [{ key: carol.publicKey, acceptance: 'verified' }] });
    expect(control.signature.state).toBe('valid');
  });

  it('stays valid when the key expired only after it signed, whenever the mail is read', async () => {
    const dave = await person('Dave', 'dave@example.org', { date: daysAgo(10), expiresInSeconds: (3 * DAY) / 1000 });
    const message = signedMail('Dave <dave@example.org>', await detachedSignature(PART, dave.privateKey, { date: daysAgo(9) }));
    const expiry = await dave.publicKey.getExpirationTime();
    expect(expiry instanceof Date && expiry.getTime() < daysAgo(6).getTime()).toBe(true);

    for (const date of [daysAgo(5), new Date(NOW)]) {
      const report = await open({ message, verificationKeys: [{ key: dave.publicKey, acceptance: 'accepted' }], date });
      expect(report.signature.state).toBe('valid');
      expect(Date.parse(report.signature.signedAt ?? '')).toBeLessThan((expiry as Date).getTime());
    }
  });

  it('is invalid when the signature claims to be made in the future', async () => {
    const message = signedMail('Carol <carol@example.org>', await detachedSignature(PART, carol.privateKey, { date: new Date(NOW + DAY) }));
    const report = await open({ message, verificationKeys: [{ key: carol.publicKey, acceptance: 'verified' }], date: new Date(NOW) });
    expect(report.signature.state).toBe('invalid');
    const later = await open({ message, verificationKeys: [{ key: carol.publicKey, acceptance: 'verified' }], date: new Date(NOW + 2 * DAY) });
    expect(later.signature.state).toBe('valid');
  });
});

describe('revocation', () => {
  it('is revoked when the signing key has since been revoked, even for mail it signed before', async () => {
    const message = signedMail('Carol <carol@example.org>', await detachedSignature(PART, carol.privateKey, { date: daysAgo(2) }));
    const { publicKey: revoked } = await revokeKey({
      key: carol.privateKey,
      reasonForRevocation: { flag: enums.reasonForRevocation.keyCompromised, string: 'laptop stolen' },
      date: daysAgo(1),
      format: 'object',
    });
    const report = await open({ message, verificationKeys: [{ key: revoked, acceptance: 'verified' }] });
    expect(report.signature.state).toBe('revoked');
    expect(report.warnings).toContain(`key ${carol.publicKey.getFingerprint()} is revoked`);
  });

  it('is revoked when the signing subkey has been revoked', async () => {
    const { privateKey } = await generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Carol', email: 'carol@example.org' }],
      subkeys: [{}, { sign: true }],
      date: daysAgo(2),
      format: 'object',
    });
    const signature = await detachedSignature(PART, privateKey, { date: daysAgo(1) });
    const message = signedMail('Carol <carol@example.org>', signature);
    const issuer = (await readSignature({ armoredSignature: signature })).packets[0]?.issuerKeyID;
    const index = privateKey.subkeys.findIndex((s) => issuer !== undefined && s.getKeyID().equals(issuer));
    const subkey = privateKey.subkeys[index];
    if (!subkey || !(privateKey.keyPacket instanceof SecretKeyPacket)) throw new Error('openpgp.js did not sign with the signing subkey');

    const before = await open({ message, verificationKeys: [{ key: privateKey.toPublic(), acceptance: 'verified' }] });
    expect(before.signature.state).toBe('valid');
    privateKey.subkeys[index] = await subkey.revoke(privateKey.keyPacket, { flag: enums.reasonForRevocation.keyCompromised });
    const after = await open({ message, verificationKeys: [{ key: privateKey.toPublic(), acceptance: 'verified' }] });
    expect(after.signature.state).toBe('revoked');
  });
});

describe('who the key is to the reader', () => {
  it('is an unknown signer when the key is not in the keyring, and names the key it would need', async () => {
    const impostor = await person('Carol', 'carol@example.org');
    const message = signedMail('Carol <carol@example.org>', await detachedSignature(PART, impostor.privateKey));
    const report = await open({ message, verificationKeys: [{ key: carol.publicKey, acceptance: 'verified' }] });
    expect(report.signature.state).toBe('unknown-signer');
    expect(report.signature.signer).toEqual({ address: null, fingerprint: impostor.publicKey.getFingerprint() });
    expect(report.signature.acceptance).toBeNull();
  });

  it.each<Acceptance>(['own', 'verified', 'accepted', 'imported', 'unaccepted'])(
    'reports the keyring acceptance "%s" apart from the signature state',
    async (acceptance) => {
      const message = signedMail('Carol <carol@example.org>', await detachedSignature(PART, carol.privateKey));
      const report = await open({ message, verificationKeys: [{ key: carol.publicKey, acceptance }] });
      expect(report.signature.state).toBe('valid');
      expect(report.signature.acceptance).toBe(acceptance);
    },
  );
});

describe('weak hashes', () => {
  let rsa: PrivateKey;
  const sha1 = { preferredHashAlgorithm: enums.hash.sha1, nonDeterministicSignaturesViaNotation: false };

  beforeAll(async () => {
    // EdDSA refuses SHA-1 outright, so an RSA key whose own preferences list SHA-1 first is needed to make one.
    ({ privateKey: rsa } = await generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ name: 'Carol', email: 'carol@example.org' }], config: sha1, format: 'object' }));
  });

  it('refuses a message signature made with SHA-1, though it is mathematically good', async () => {
    const armoredSignature = await detachedSignature(PART, rsa, { config: sha1 });
    const signature = await readSignature({ armoredSignature });
    expect(signature.packets[0]?.hashAlgorithm).toBe(enums.hash.sha1);
    const permissive = await verify({
      message: await createMessage({ binary: encode(PART) }),
      signature,
      verificationKeys: rsa.toPublic(),
      expectSigned: true,
      config: { rejectMessageHashAlgorithms: new Set() },
    });
    expect(await permissive.signatures[0]?.verified).toBe(true);

    const report = await open({ message: signedMail('Carol <carol@example.org>', armoredSignature), verificationKeys: [{ key: rsa.toPublic(), acceptance: 'own' }] });
    expect(report.signature.state).toBe('invalid');
    expect(report.warnings.join('\n')).toMatch(/SHA1/);
  });
});

describe('inside encryption (the signature openpgp.js checks while decrypting)', () => {
  it('judges key validity at signing time just the same', async () => {
    const bob = await person('Bob', 'bob@example.org', { date: daysAgo(10) });
    const dave = await person('Dave', 'dave@example.org', { date: daysAgo(10), expiresInSeconds: (3 * DAY) / 1000 });
    const plain = encode(`From: Dave <dave@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: Report\r\n\r\n${PART}`);
    const sealed = await seal({ message: plain, sign: true, encrypt: true, signingKey: dave.privateKey, encryptionKeys: [bob.publicKey], date: daysAgo(9) });
    const opened = await open({ message: sealed, verificationKeys: [{ key: dave.publicKey, acceptance: 'accepted' }], decryptionKeys: async () => [bob.privateKey] });
    expect(opened.encryption.state).toBe('encrypted');
    expect(opened.signature.state).toBe('valid');

    const carolSealed = await seal({
      message: encode(`From: Carol <carol@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: Report\r\n\r\n${PART}`),
      sign: true,
      encrypt: true,
      signingKey: carol.privateKey,
      encryptionKeys: [bob.publicKey],
      date: daysAgo(6),
    });
    const expiring = await reformatKey({
      privateKey: carol.privateKey,
      userIDs: [{ name: 'Carol', email: 'carol@example.org' }],
      keyExpirationTime: DAY / 1000,
      date: daysAgo(10),
      format: 'object',
    });
    const expired = await open({ message: carolSealed, verificationKeys: [{ key: expiring.publicKey, acceptance: 'verified' }], decryptionKeys: async () => [bob.privateKey] });
    expect(expired.signature.state).toBe('expired');
    const { publicKey: revoked } = await revokeKey({ key: carol.privateKey, date: daysAgo(1), format: 'object' });
    const revokedReport = await open({ message: carolSealed, verificationKeys: [{ key: revoked, acceptance: 'verified' }], decryptionKeys: async () => [bob.privateKey] });
    expect(revokedReport.signature.state).toBe('revoked');
  });
});
