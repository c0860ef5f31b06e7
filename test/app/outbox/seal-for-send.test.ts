// A draft without Date or Message-ID gets both before sealing, so the signed message is complete and its Sent copy can be found again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../../crypto/index.js';
import { generateKey, readKeys } from '../../../crypto/pgp/keys.js';
import { Keyring } from '../../../app/keyring.js';
import { sealForSend } from '../../../app/outbox/seal-for-send.js';

const PASS = 'seal for send passphrase';
let dir: string;
let keyring: Keyring;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealmail-seal-for-send-'));
  keyring = await Keyring.open({ profile: join(dir, 'profile') });
  const generated = await generateKey({ uid: 'Alice <alice@example.org>', passphrase: PASS });
  const [key] = await readKeys({ data: new TextEncoder().encode(generated.privateKey) });
  if (!key) throw new Error('no key');
  await keyring.add({ key, source: 'generated' });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const outerHeader = (bytes: Uint8Array): string => new TextDecoder().decode(bytes).split('\r\n\r\n', 1)[0] ?? '';

describe('sealForSend', () => {
  it('adds a Date and a Message-ID in the From domain when the draft has none, inside the signature too', async () => {
    const draft = new TextEncoder().encode('From: Alice <alice@example.org>\r\nTo: bob@example.net\r\nSubject: bare\r\n\r\nhello\r\n');
    const { sealed } = await sealForSend({ keyring, message: draft, sign: true, encrypt: false, passphrase: async () => PASS });
    const header = outerHeader(sealed);
    expect(header).toMatch(/^Message-ID: <[0-9a-f-]{36}@example\.org>$/im);
    expect(header).toMatch(/^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/m);
    const report = await open({ message: sealed, verificationKeys: keyring.list().map(({ key }) => ({ key: key.toPublic(), acceptance: 'own' as const })) });
    expect(report.signature.state).toBe('valid');
    // RFC 9788: the signed part carries the same Message-ID among its protected header fields.
    const id = /^Message-ID: (<[^>]+>)$/im.exec(header)?.[1] ?? '';
    expect(new TextDecoder().decode(sealed).split(`Message-ID: ${id}`).length - 1).toBe(2);
  });

  it('keeps the Date and Message-ID the draft has', async () => {
    const draft = new TextEncoder().encode('From: alice@example.org\r\nTo: bob@example.net\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\nMessage-ID: <mine@example.org>\r\n\r\nhi\r\n');
    const { sealed } = await sealForSend({ keyring, message: draft, sign: true, encrypt: false, passphrase: async () => PASS });
    const header = outerHeader(sealed);
    expect(header.match(/^Message-ID:/gim)).toHaveLength(1);
    expect(header).toContain('Message-ID: <mine@example.org>');
    expect(header).toContain('Date: Sat, 28 Nov 2026 10:00:00 +0000');
  });
});

describe('sealForSend when a recipient key changed', () => {
  it('refuses to send (never in the clear) until the user decides between the accepted key and the new one', async () => {
    const bobKey = async () => {
      const generated = await generateKey({ uid: 'Bob <bob@example.net>', passphrase: PASS });
      const [key] = await readKeys({ data: new TextEncoder().encode(generated.privateKey) });
      if (!key) throw new Error('no key');
      return key.toPublic();
    };
    const known = await bobKey();
    await keyring.add({ key: known, source: 'bob.asc' });
    await keyring.setAcceptance(known.getFingerprint(), 'accepted');
    const arrived = await bobKey();
    await keyring.add({ key: arrived, source: 'autocrypt' });

    const draft = new TextEncoder().encode('From: Alice <alice@example.org>\r\nTo: bob@example.net\r\nSubject: changed\r\n\r\nhello\r\n');
    const refused = /^a new key appeared for bob@example\.net: compare fingerprints and accept one/;
    await expect(sealForSend({ keyring, message: draft, passphrase: async () => PASS })).rejects.toMatchObject({ code: 'no-recipient-key', message: expect.stringMatching(refused) });
    await expect(sealForSend({ keyring, message: draft, sign: true, encrypt: true, passphrase: async () => PASS })).rejects.toMatchObject({ message: expect.stringMatching(refused) });
    // Asking for OpenPGP outright (send --pgp) does not pick one of the two keys either.
    await expect(sealForSend({ keyring, message: draft, scheme: 'pgp', passphrase: async () => PASS })).rejects.toMatchObject({ message: expect.stringMatching(refused) });
    // Signing only, asked for explicitly, is the user's choice.
    expect((await sealForSend({ keyring, message: draft, sign: true, encrypt: false, passphrase: async () => PASS })).encrypted).toBe(false);

    // Rejecting the newcomer settles it: the accepted key is used.
    await keyring.setAcceptance(arrived.getFingerprint(), 'unaccepted');
    const sealed = await sealForSend({ keyring, message: draft, passphrase: async () => PASS });
    expect(sealed).toMatchObject({ encrypted: true, notEncrypted: null });
  });
});
