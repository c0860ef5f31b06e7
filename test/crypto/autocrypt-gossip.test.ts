// Autocrypt key gossip (Level 1 section 2.7): sent inside the encryption of group mail, believed only for recipients.
import { decrypt, readKey, readMessage } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAutocryptMessage } from '../../crypto/autocrypt-message.js';
import { seal } from '../../crypto/seal.js';
import { autocryptHeader, encryptedMail, receivedMail } from '../app/autocrypt/autocrypt-mail.js';
import { person, type Person } from '../helpers/keys.js';
import { plainMessage, text } from '../helpers/message.js';

let alice: Person, bob: Person, carol: Person, dave: Person;
beforeAll(async () => {
  [alice, bob, carol, dave] = await Promise.all([
    person('Alice', 'alice@example.org'),
    person('Bob', 'bob@example.org'),
    person('Carol', 'carol@example.org'),
    person('Dave', 'dave@example.org'),
  ]);
});

async function sealTo(to: string, extraHeaders: string[], keys: Person[], preferEncrypt?: 'mutual'): Promise<Uint8Array> {
  return seal({
    message: plainMessage({ from: `Alice <${alice.address}>`, to, extraHeaders }),
    sign: true,
    encrypt: true,
    signingKey: alice.privateKey,
    encryptionKeys: keys.map((p) => p.publicKey),
    ...(preferEncrypt ? { preferEncrypt } : {}),
  });
}

/** The payload's own header, as a recipient's OpenPGP client decrypts it, unfolded, name -> values. */
async function innerHeader(sealed: Uint8Array, reader: Person): Promise<{ name: string; value: string }[]> {
  const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(text(sealed))?.[0] ?? '';
  const { data } = await decrypt({ message: await readMessage({ armoredMessage: armored }), decryptionKeys: reader.privateKey, format: 'binary' });
  const head = text(data as Uint8Array).split(/\r?\n\r?\n/)[0] ?? '';
  return head
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .map((line) => ({ name: line.slice(0, line.indexOf(':')).toLowerCase(), value: line.slice(line.indexOf(':') + 1).trim() }));
}

async function gossipedFingerprints(fields: { name: string; value: string }[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of fields.filter((g) => g.name === 'autocrypt-gossip')) {
    const addr = /addr=([^;]+)/.exec(f.value)?.[1] ?? '';
    const keydata = (/keydata=(.*)$/.exec(f.value)?.[1] ?? '').replace(/\s+/g, '');
    out[addr] = (await readKey({ binaryKey: Buffer.from(keydata, 'base64') })).getFingerprint();
  }
  return out;
}

describe('gossip sent', () => {
  it('a message encrypted to two recipients carries a gossip field per recipient inside, none outside', async () => {
    const sealed = await sealTo(bob.address, [`Cc: ${carol.address}`], [bob, carol], 'mutual');
    for (const reader of [bob, carol]) {
      const inner = await innerHeader(sealed, reader);
      // The sender's own preference is not the gossiped peers' preference.
      expect(inner.filter((f) => f.name === 'autocrypt-gossip').map((f) => f.value)).not.toContainEqual(expect.stringContaining('prefer-encrypt'));
      expect(await gossipedFingerprints(inner)).toEqual({
        [bob.address]: bob.publicKey.getFingerprint(),
        [carol.address]: carol.publicKey.getFingerprint(),
      });
    }
    const outer = text(sealed).split('\r\n\r\n')[0] ?? '';
    expect(outer).not.toMatch(/autocrypt-gossip/i);
    expect(outer).toMatch(/^Autocrypt: addr=alice@example\.org; prefer-encrypt=mutual;/m);
  });

  it('one recipient gets no gossip: their own key is no news to them', async () => {
    const sealed = await sealTo(bob.address, [], [bob]);
    expect(await gossipedFingerprints(await innerHeader(sealed, bob))).toEqual({});
  });

  it('a Bcc recipient is never gossiped, so the others cannot learn of them', async () => {
    const sealed = await sealTo(bob.address, [`Cc: ${carol.address}`, `Bcc: ${dave.address}`], [bob, carol, dave]);
    expect(Object.keys(await gossipedFingerprints(await innerHeader(sealed, dave))).sort()).toEqual([bob.address, carol.address]);
  });

  it('autocrypt: false turns gossip off with the header', async () => {
    const sealed = await seal({
      message: plainMessage({ from: alice.address, to: bob.address, extraHeaders: [`Cc: ${carol.address}`] }),
      sign: false,
      encrypt: true,
      senderKey: alice.publicKey,
      encryptionKeys: [bob.publicKey, carol.publicKey],
      autocrypt: false,
    });
    expect(await gossipedFingerprints(await innerHeader(sealed, bob))).toEqual({});
  });
});

describe('gossip received', () => {
  it("Sealmail's own group mail gives each recipient the other recipients' keys", async () => {
    const sealed = await sealTo(bob.address, [`Cc: ${carol.address}`], [bob, carol]);
    const read = await readAutocryptMessage({ message: sealed, decryptionKeys: async () => [bob.privateKey] });
    expect(read?.header?.fingerprint).toBe(alice.publicKey.getFingerprint());
    expect(read?.gossip.map((g) => [g.addr, g.fingerprint])).toEqual([
      [bob.address, bob.publicKey.getFingerprint()],
      [carol.address, carol.publicKey.getFingerprint()],
    ]);
  });

  it('gossip about an address that did not receive the message is ignored', async () => {
    const message = await encryptedMail({
      from: alice.address,
      to: bob.address,
      cc: carol.address,
      innerHeaders: [autocryptHeader(carol.address, carol.publicKey, { name: 'Autocrypt-Gossip' }), autocryptHeader(dave.address, dave.publicKey, { name: 'Autocrypt-Gossip' })],
      encryptTo: [bob.publicKey, carol.publicKey],
    });
    const read = await readAutocryptMessage({ message, decryptionKeys: async () => [bob.privateKey] });
    expect(read?.gossip.map((g) => g.addr)).toEqual([carol.address]);
  });

  it('gossip outside the encryption is ignored', async () => {
    const message = receivedMail({ from: alice.address, to: bob.address, cc: carol.address, headers: [autocryptHeader(carol.address, carol.publicKey, { name: 'Autocrypt-Gossip' })] });
    const read = await readAutocryptMessage({ message, decryptionKeys: async () => [bob.privateKey] });
    expect(read?.gossip).toEqual([]);
  });

  it('two gossip fields for one address cancel each other', async () => {
    const message = await encryptedMail({
      from: alice.address,
      to: bob.address,
      cc: carol.address,
      innerHeaders: [autocryptHeader(carol.address, carol.publicKey, { name: 'Autocrypt-Gossip' }), autocryptHeader(carol.address, dave.publicKey, { name: 'Autocrypt-Gossip' })],
      encryptTo: [bob.publicKey],
    });
    const read = await readAutocryptMessage({ message, decryptionKeys: async () => [bob.privateKey] });
    expect(read?.gossip).toEqual([]);
  });

  it('without the decryption key there is no gossip, and the outer header still counts', async () => {
    const sealed = await sealTo(bob.address, [`Cc: ${carol.address}`], [bob, carol]);
    const read = await readAutocryptMessage({ message: sealed, decryptionKeys: async () => [dave.privateKey] });
    expect(read?.gossip).toEqual([]);
    expect(read?.header?.addr).toBe(alice.address);
  });
});
