// Signer/sender mismatch: a good signature only vouches for the From address its key itself binds.
import { PacketList, SecretKeyPacket, SignaturePacket, UserIDPacket, enums, generateKey, readKey, type PrivateKey, type PublicKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../crypto/index.js';
import { known, person, type Person } from '../helpers/keys.js';
import { armoredCiphertext, crlf, detachedSignature, encode, pgpMimeSigned } from './craft.js';

let alice: Person;
let bob: Person;
let mallory: Person;

beforeAll(async () => {
  [alice, bob, mallory] = await Promise.all([
    person('Alice', 'alice@example.org'),
    person('Bob', 'bob@example.org'),
    person('Mallory', 'mallory@evil.example'),
  ]);
});

const PART = crlf`
Content-Type: text/plain; charset=us-ascii

Please pay invoice 2026-117 today.
`;

/** A multipart/signed message claiming `from`, signed over PART by `signer`. */
async function signedMail(from: string, signer: PrivateKey): Promise<Uint8Array> {
  return pgpMimeSigned([`From: ${from}`], 'Invoice', PART, await detachedSignature(PART, signer));
}

describe('a good signature by someone other than the sender', () => {
  it('is valid only for the signer\'s own address (control)', async () => {
    const report = await open({ message: await signedMail('Alice <alice@example.org>', alice.privateKey), verificationKeys: known(alice, bob) });
    expect(report.signature.state).toBe('valid');
    expect(report.signature.signer?.address).toBe('alice@example.org');
  });

  it('is a mismatch when Bob signs a message whose From is Alice, and names Bob as the signer', async () => {
    const report = await open({ message: await signedMail('Alice <alice@example.org>', bob.privateKey), verificationKeys: known(alice, bob) });
    expect(report.from).toBe('alice@example.org');
    expect(report.signature.state).toBe('mismatch');
    expect(report.signature.signer).toEqual({ address: 'bob@example.org', fingerprint: bob.publicKey.getFingerprint() });
    expect(report.warnings).toContain('the signer (bob@example.org) is not the From address alice@example.org');
  });

  it('is a mismatch even when the signer is the only key the reader has', async () => {
    const report = await open({ message: await signedMail('Alice <alice@example.org>', bob.privateKey), verificationKeys: known(bob) });
    expect(report.signature.state).toBe('mismatch');
  });

  it('is a mismatch when the signed protected headers (RFC 9788) claim Alice but Mallory signed them', async () => {
    const part = crlf`
Content-Type: text/plain; charset=us-ascii; hp="clear"
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: Invoice

Please pay invoice 2026-117 to account 666.
`;
    const report = await open({
      message: encode(crlf`
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: Invoice
MIME-Version: 1.0
Content-Type: multipart/signed; micalg=pgp-sha512; protocol="application/pgp-signature"; boundary="sig"

--sig
${part}
--sig
Content-Type: application/pgp-signature

${await detachedSignature(part, mallory.privateKey)}
--sig--
`),
      verificationKeys: known(alice, mallory),
    });
    expect(report.protectedHeaders).toBe(true);
    expect(report.from).toBe('alice@example.org');
    expect(report.signature.state).toBe('mismatch');
    expect(report.signature.signer?.address).toBe('mallory@evil.example');
  });

  it('is a mismatch when Mallory signs inside an encrypted message that claims to be from Alice', async () => {
    const plaintext = crlf`
Content-Type: text/plain; charset=us-ascii; hp="cipher"
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: Invoice

Please pay invoice 2026-117 to account 666.
`;
    const report = await open({
      message: encode(crlf`
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: ...
MIME-Version: 1.0
Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"

--enc
Content-Type: application/pgp-encrypted

Version: 1

--enc
Content-Type: application/octet-stream

${await armoredCiphertext(plaintext, bob.publicKey, { signingKey: mallory.privateKey })}
--enc--
`),
      verificationKeys: known(alice, mallory),
      decryptionKeys: async () => [bob.privateKey],
    });
    expect(report.encryption.state).toBe('encrypted');
    expect(report.from).toBe('alice@example.org');
    expect(report.signature.state).toBe('mismatch');
    expect(report.signature.signer?.address).toBe('mallory@evil.example');
  });
});

describe('user IDs the signing key does not really bind', () => {
  /** Mallory's certificate with an extra "Alice" user ID packet inserted after his own, certified as `forge` says. */
  async function withForgedAliceUserId(forge: 'unsigned' | 'copied self-signature'): Promise<PublicKey> {
    const packets = mallory.publicKey.toPacketList();
    const forged = new PacketList<(typeof packets)[number]>();
    for (const p of packets) forged.push(p);
    forged.push(UserIDPacket.fromObject({ name: 'Alice', email: 'alice@example.org' }));
    if (forge === 'copied self-signature') {
      // Mallory's real self-certification, made over his own user ID, pasted under Alice's.
      const own = packets.filter((p): p is SignaturePacket => p instanceof SignaturePacket && p.signatureType === enums.signature.certPositive);
      forged.push(...own);
    }
    const key = await readKey({ binaryKey: forged.write() });
    expect(key.getUserIDs()).toContain('Alice <alice@example.org>');
    return key;
  }

  it.each(['unsigned', 'copied self-signature'] as const)(
    'is a mismatch when Alice\'s address was appended to Mallory\'s key as a user ID with %s certification',
    async (forge) => {
      const forgedKey = await withForgedAliceUserId(forge);
      const report = await open({
        message: await signedMail('Alice <alice@example.org>', mallory.privateKey),
        verificationKeys: [{ key: forgedKey, acceptance: 'accepted' }],
      });
      expect(report.signature.state).toBe('mismatch');
      expect(report.signature.signer?.address).toBe('mallory@evil.example');
    },
  );

  it('is a mismatch for an address whose user ID the key owner revoked before signing', async () => {
    const day = 24 * 60 * 60 * 1000;
    const { privateKey } = await generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Alice', email: 'alice@example.org' }, { name: 'Alice', email: 'alice@old-corp.example' }],
      date: new Date(Date.now() - 2 * day),
      format: 'object',
    });
    const index = privateKey.users.findIndex((u) => u.userID?.email === 'alice@old-corp.example');
    const user = privateKey.users[index];
    if (!user || !(privateKey.keyPacket instanceof SecretKeyPacket)) throw new Error('generated key lacks the user ID or its secret');
    privateKey.users[index] = await user.revoke(
      privateKey.keyPacket,
      { flag: enums.reasonForRevocation.userIDInvalid, string: 'left Old Corp' },
      new Date(Date.now() - day),
    );
    const verificationKeys = [{ key: privateKey.toPublic(), acceptance: 'verified' as const }];

    const current = await open({ message: await signedMail('Alice <alice@example.org>', privateKey), verificationKeys });
    expect(current.signature.state).toBe('valid');
    const revoked = await open({ message: await signedMail('Alice <alice@old-corp.example>', privateKey), verificationKeys });
    expect(revoked.signature.state).toBe('mismatch');
    expect(revoked.signature.signer?.address).toBe('alice@example.org');
  });
});
