// Messages above the streaming threshold of crypto/pgp/decrypt.ts take the chunked path: same results, same refusals.
import { armor, enums, unarmor } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { open, seal } from '../../crypto/index.js';
import { known, person, type Person } from '../helpers/keys.js';
import { plainMessage, text, bytes } from '../helpers/message.js';

let alice: Person;
let bob: Person;
const line = 'All work and no play makes a very long but perfectly ordinary message.\n';
const body = line.repeat(Math.ceil((6 * 1024 * 1024) / line.length));

beforeAll(async () => {
  [alice, bob] = await Promise.all([person('Alice', 'alice@example.org'), person('Bob', 'bob@example.org')]);
});

describe('a 6 MB message', () => {
  it('opens encrypted and validly signed, with every byte of its text', async () => {
    const message = plainMessage({ from: 'alice@example.org', to: 'bob@example.org', body });
    const sealed = await seal({ message, sign: true, encrypt: true, signingKey: alice.privateKey, encryptionKeys: [bob.publicKey] });
    const report = await open({ message: sealed, verificationKeys: known(alice), decryptionKeys: async () => [bob.privateKey] });
    expect(report.encryption.state).toBe('encrypted');
    expect(report.signature.state).toBe('valid');
    expect(report.text?.length).toBe(body.length);
    expect(report.text === body).toBe(true);
  });

  it('shows nothing when one ciphertext bit in the middle is flipped', async () => {
    const message = plainMessage({ from: 'alice@example.org', to: 'bob@example.org', body });
    const sealed = text(await seal({ message, sign: true, encrypt: true, signingKey: alice.privateKey, encryptionKeys: [bob.publicKey] }));
    const block = /-----BEGIN PGP MESSAGE-----[^]*?-----END PGP MESSAGE-----/.exec(sealed)![0];
    const { data } = await unarmor(block);
    const binary = data as Uint8Array;
    binary[binary.length >> 1] = (binary[binary.length >> 1] as number) ^ 0x01;
    const tampered = bytes(sealed.replace(block, armor(enums.armor.message, binary).replace(/\r?\n/g, '\r\n').trimEnd()));
    const report = await open({ message: tampered, verificationKeys: known(alice), decryptionKeys: async () => [bob.privateKey] });
    expect(report.encryption.state).toBe('failed');
    expect(report.text).toBeNull();
    expect(JSON.stringify(report)).not.toContain('All work');
  });
});
