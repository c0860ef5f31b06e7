// Unauthenticated or tampered ciphertext (EFAIL malleability gadgets): never a byte of its plaintext in the report.
import {
  Message,
  PacketList,
  SymEncryptedIntegrityProtectedDataPacket,
  SymmetricallyEncryptedDataPacket,
  armor,
  createMessage,
  decrypt,
  encryptSessionKey,
  enums,
  generateKey,
  readMessage,
  unarmor,
  type AnyPacket,
  type PrivateKey,
  type PublicKey,
} from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../crypto/index.js';
import { person, type Person } from '../helpers/keys.js';
import { armoredCiphertext, encode, inline, pgpMime } from './craft.js';

const SECRET = 'Vault combination 31-07-15.';
const PLAINTEXT = `Content-Type: text/plain; charset=us-ascii\r\n\r\n${SECRET}\r\n`;

let bob: Person;

beforeAll(async () => {
  bob = await person('Bob', 'bob@example.org');
});

/** What openpgp.js keeps out of the SED packet's type declarations, since nobody should make one. */
interface SedInternals {
  packets: PacketList<AnyPacket>;
  encrypt(algorithm: enums.symmetric, key: Uint8Array): Promise<void>;
}

/** RFC 4880 section 5.7: a Symmetrically Encrypted Data packet, CFB without any integrity check, to `recipient`. */
async function sedMessage(recipient: PublicKey): Promise<string> {
  const sessionKey = { data: crypto.getRandomValues(new Uint8Array(32)), algorithm: 'aes256' as const };
  const keyPackets = (await encryptSessionKey({ ...sessionKey, encryptionKeys: recipient, format: 'object' })).packets;
  const sed = new SymmetricallyEncryptedDataPacket();
  const internals = sed as unknown as SedInternals;
  internals.packets = (await createMessage({ binary: encode(PLAINTEXT) })).packets;
  await internals.encrypt(enums.symmetric.aes256, sessionKey.data);
  const packets = new PacketList<AnyPacket>();
  packets.push(...keyPackets, sed);
  return new Message(packets).armor().trimEnd().replace(/\r?\n/g, '\r\n');
}

async function dearmored(armored: string): Promise<Uint8Array> {
  const { data } = await unarmor(armored);
  return new Uint8Array(await new Response(data as ReadableStream<Uint8Array> | Uint8Array).arrayBuffer());
}

const armored = (bytes: Uint8Array): string => armor(enums.armor.message, bytes).trimEnd().replace(/\r?\n/g, '\r\n');

/** A valid armored message with the lowest bit of the byte `fromEnd` bytes before its end flipped. */
async function flipped(message: string, fromEnd: number): Promise<string> {
  const bytes = await dearmored(message);
  bytes[bytes.length - fromEnd] = (bytes[bytes.length - fromEnd] as number) ^ 0x01;
  return armored(bytes);
}



async function openWith(key: PrivateKey, message: Uint8Array) {
  return open({ message, decryptionKeys: async () => [key] });
}

function expectFailedWithoutPlaintext(report: Awaited<ReturnType<typeof open>>): void {
  expect(report.encryption.state).toBe('failed');
  expect(report.text).toBeNull();
  expect(report.html).toBeNull();
  expect(report.attachments).toEqual([]);
  expect(JSON.stringify(report)).not.toContain('31-07-15');
}

/** openpgp.js with its safety off: shows what an unprotected reader would have shown. */
async function plaintextWithoutChecks(ciphertext: string, key: PrivateKey): Promise<string> {
  const message = await readMessage({ armoredMessage: ciphertext });
  const result = await decrypt({ message, decryptionKeys: key, config: { allowUnauthenticatedMessages: true }, format: 'binary' });
  return new TextDecoder().decode(result.data);
}

describe('ciphertext without integrity protection (SED, no MDC)', () => {
  let sed: string;

  beforeAll(async () => {
    sed = await sedMessage(bob.publicKey);
  });

  it('decrypts to the secret for a reader that skips the integrity check (the control)', async () => {
    expect(await plaintextWithoutChecks(sed, bob.privateKey)).toContain(SECRET);
  });

  it.each([
    ['PGP/MIME', pgpMime],
    ['inline PGP', inline],
  ])('fails as %s, showing nothing', async (_, wrap) => {
    const report = await openWith(bob.privateKey, wrap(sed));
    expectFailedWithoutPlaintext(report);
    expect(report.encryption.error).toBe('the encrypted data failed its integrity check or has none; nothing was decrypted');
  });
});

describe('integrity-protected ciphertext that was modified', () => {
  it.each([
    ['in the encrypted text', 40],
    ['in the encrypted MDC', 1],
  ])('fails for a SEIPD v1 (MDC) message with one bit flipped %s', async (_, fromEnd) => {
    const genuine = await armoredCiphertext(PLAINTEXT, bob.publicKey);
    const control = await openWith(bob.privateKey, pgpMime(genuine));
    expect(control.encryption.state).toBe('encrypted');
    expect(control.text).toContain(SECRET);

    const tampered = await flipped(genuine, fromEnd);
    expect(tampered).not.toBe(genuine);
    const report = await openWith(bob.privateKey, pgpMime(tampered));
    expectFailedWithoutPlaintext(report);
    expect(report.encryption.error).toBe('the encrypted data failed its integrity check or has none; nothing was decrypted');
  });

  it('fails for a SEIPD v2 (AEAD) message with one bit flipped in its last chunk', async () => {
    const aead = { aeadProtect: true };
    const { privateKey, publicKey } = await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'bob@example.org' }], config: aead, format: 'object' });
    const genuine = await armoredCiphertext(PLAINTEXT, publicKey, { config: aead });
    const packets = (await readMessage({ armoredMessage: genuine })).packets;
    const seipd = packets.find((p) => p instanceof SymEncryptedIntegrityProtectedDataPacket) as unknown as { version: number } | undefined;
    expect(seipd?.version).toBe(2);
    expect((await openWith(privateKey, pgpMime(genuine))).text).toContain(SECRET);

    const report = await openWith(privateKey, pgpMime(await flipped(genuine, 20)));
    expectFailedWithoutPlaintext(report);
    expect(report.encryption.error).toBe('the encrypted data failed its integrity check or has none; nothing was decrypted');
  });

  it('fails for a message cut short before its integrity check', async () => {
    const genuine = await armoredCiphertext(PLAINTEXT, bob.publicKey);
    const bytes = await dearmored(genuine);
    // The last 22 bytes are the encrypted MDC packet (RFC 4880 section 5.14).
    expectFailedWithoutPlaintext(await openWith(bob.privateKey, pgpMime(armored(bytes.subarray(0, bytes.length - 22)))));
  });
});
