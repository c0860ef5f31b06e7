import { generateKey, readKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { open, seal, isSealmailError } from '../../crypto/index.js';
import { parseMessage } from '../../crypto/mime/entity.js';
import { known, person, type Person } from '../helpers/keys.js';
import { bytes, plainMessage, text } from '../helpers/message.js';

let alice: Person;
let bob: Person;
let carol: Person;

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([
    person('Alice', 'alice@example.org'),
    person('Bob', 'bob@example.org'),
    person('Carol', 'carol@example.org'),
  ]);
});

const umlauts = plainMessage({
  from: 'Alice <alice@example.org>',
  to: 'Bob <bob@example.org>',
  subject: 'Grüße aus Köln',
  body: 'Hällo Bob,\nthe numbers: 42 €.\n',
});

describe('seal then open', () => {
  it('signs: the whole message is covered and valid, 8-bit text made 7-bit safe', async () => {
    const sealed = await seal({ message: umlauts, sign: true, encrypt: false, signingKey: alice.privateKey });
    const root = parseMessage(sealed);
    expect(root.type).toBe('multipart/signed');
    expect(root.params.micalg).toBe('pgp-sha512');
    expect(root.params.protocol).toBe('application/pgp-signature');
    expect(sealed.every((b) => b < 0x80)).toBe(true);
    const report = await open({ message: sealed, verificationKeys: known(alice) });
    expect(report.signature.state).toBe('valid');
    expect(report.signature.signer).toEqual({ address: 'alice@example.org', fingerprint: alice.publicKey.getFingerprint() });
    expect(report.encryption.state).toBe('none');
    expect(report.subject).toBe('Grüße aus Köln');
    expect(report.text).toBe('Hällo Bob,\nthe numbers: 42 €.\n');
  });

  it('encrypts: hides the subject outside, reads it back inside, and the sender can read the Sent copy', async () => {
    const sealed = await seal({ message: umlauts, sign: false, encrypt: true, senderKey: alice.publicKey, encryptionKeys: [bob.publicKey] });
    const outer = text(sealed);
    expect(outer).toMatch(/^Subject: \.\.\.$/m);
    expect(outer).not.toContain('numbers');
    expect(outer).not.toContain('Köln');
    for (const reader of [bob, alice]) {
      const report = await open({ message: sealed, decryptionKeys: async () => [reader.privateKey] });
      expect(report.encryption).toEqual({ state: 'encrypted', scheme: 'pgp-mime', error: null, integrity: 'authenticated' });
      expect(report.subject).toBe('Grüße aus Köln');
      expect(report.protectedHeaders).toBe(true);
      expect(report.signature.state).toBe('none');
      expect(report.text).toContain('42 €');
    }
  });

  it('signs and encrypts in one OpenPGP message', async () => {
    const sealed = await seal({ message: umlauts, sign: true, encrypt: true, signingKey: alice.privateKey, encryptionKeys: [bob.publicKey] });
    const report = await open({ message: sealed, verificationKeys: known(alice), decryptionKeys: async () => [bob.privateKey] });
    expect(report.encryption.state).toBe('encrypted');
    expect(report.signature.state).toBe('valid');
    expect(report.signature.acceptance).toBe('imported');
    expect(report.autocrypt?.fingerprint).toBe(alice.publicKey.getFingerprint());
  });

  it('keeps attachments through signing and encryption', async () => {
    const pdf = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256)).toString('base64').replace(/.{76}/g, '$&\r\n');
    const message = bytes(
      [
        'From: alice@example.org',
        'To: bob@example.org',
        'Subject: report',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="outer"',
        '',
        '--outer',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'Anbei der Bericht.',
        '--outer',
        'Content-Type: application/pdf; name="bericht.pdf"',
        'Content-Disposition: attachment; filename="bericht.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        pdf,
        '--outer--',
        '',
      ].join('\r\n'),
    );
    for (const mode of [{ sign: true, encrypt: false }, { sign: true, encrypt: true }]) {
      const sealed = await seal({ message, ...mode, signingKey: alice.privateKey, encryptionKeys: [bob.publicKey] });
      const report = await open({ message: sealed, verificationKeys: known(alice), decryptionKeys: async () => [bob.privateKey] });
      expect(report.signature.state).toBe('valid');
      expect(report.text?.trim()).toBe('Anbei der Bericht.');
      expect(report.attachments).toEqual([{ name: 'bericht.pdf', type: 'application/pdf', size: 3000 }]);
    }
  });

  it('never discloses Bcc recipients, yet each of them can decrypt', async () => {
    const message = plainMessage({ from: 'alice@example.org', to: 'bob@example.org', extraHeaders: ['Bcc: Carol <carol@example.org>'] });
    const sealed = await seal({ message, sign: true, encrypt: true, signingKey: alice.privateKey, encryptionKeys: [bob.publicKey, carol.publicKey] });
    expect(text(sealed).toLowerCase()).not.toContain('carol');
    const report = await open({ message: sealed, verificationKeys: known(alice), decryptionKeys: async () => [carol.privateKey] });
    expect(report.encryption.state).toBe('encrypted');
    expect(report.signature.state).toBe('valid');
    expect(report.text).not.toContain('carol');
  });

  it('refuses to encrypt when a recipient has no key, naming every such recipient', async () => {
    const message = plainMessage({ from: 'alice@example.org', to: 'bob@example.org, dave@example.net, erin@example.net' });
    await expect(seal({ message, sign: false, encrypt: true, senderKey: alice.publicKey, encryptionKeys: [bob.publicKey] })).rejects.toThrow(
      'no usable encryption key for dave@example.net, erin@example.net',
    );
  });

  it('refuses to sign as someone the key does not name', async () => {
    const message = plainMessage({ from: 'bob@example.org', to: 'carol@example.org' });
    const error = await seal({ message, sign: true, encrypt: false, signingKey: alice.privateKey }).catch((e: unknown) => e);
    expect(isSealmailError(error) && error.code).toBe('no-signing-key');
  });

  it('rejects unknown options instead of ignoring them', async () => {
    const options = { message: umlauts, sign: true, encrypt: false, signingKey: alice.privateKey, encrypted: true };
    await expect(seal(options as never)).rejects.toThrow('unknown option "encrypted"');
  });

  it('works with RFC 9580 v6 keys when both sides have them', async () => {
    const make = (email: string) => generateKey({ type: 'curve25519', userIDs: [{ email }], format: 'object', config: { v6Keys: true } });
    const [a, b] = await Promise.all([make('alice@example.org'), make('bob@example.org')]);
    const sealed = await seal({ message: umlauts, sign: true, encrypt: true, signingKey: a.privateKey, encryptionKeys: [b.publicKey] });
    const report = await open({
      message: sealed,
      verificationKeys: [{ key: a.publicKey, acceptance: 'accepted' }],
      decryptionKeys: async () => [b.privateKey],
    });
    expect(report.signature.state).toBe('valid');
    expect(report.encryption.state).toBe('encrypted');
  });
});

describe('Autocrypt header', () => {
  const autocryptOf = (sealed: Uint8Array) => /^Autocrypt: [^]*?(?=\r\nMIME-Version)/m.exec(text(sealed))![0];

  it('announces no preference unless the user chose mutual (Level 1 section 2.1.1)', async () => {
    for (const encrypt of [false, true]) {
      const base = { message: umlauts, sign: true, encrypt, signingKey: alice.privateKey, ...(encrypt ? { encryptionKeys: [bob.publicKey] } : {}) };
      const plain = await seal(base);
      expect(autocryptOf(plain)).toMatch(/^Autocrypt: addr=alice@example\.org; keydata=/);
      expect(text(plain)).not.toMatch(/prefer-encrypt/i);
      expect((await open({ message: plain })).autocrypt?.preferEncrypt).toBe('nopreference');
      expect(autocryptOf(await seal({ ...base, preferEncrypt: 'nopreference' }))).not.toMatch(/prefer-encrypt/i);
      expect(autocryptOf(await seal({ ...base, preferEncrypt: 'mutual' }))).toMatch(/^Autocrypt: addr=alice@example\.org; prefer-encrypt=mutual; keydata=/);
    }
    await expect(seal({ message: umlauts, sign: true, encrypt: false, signingKey: alice.privateKey, preferEncrypt: 'yes' as 'mutual' })).rejects.toMatchObject({ code: 'bad-option' });
  });

  it('reports the key offered for the From address, and ignores others', async () => {
    const signed = await seal({ message: umlauts, sign: true, encrypt: false, signingKey: alice.privateKey, preferEncrypt: 'mutual' });
    const header = autocryptOf(signed);
    const offered = await open({ message: signed });
    expect(offered.autocrypt).toMatchObject({ addr: 'alice@example.org', preferEncrypt: 'mutual' });
    expect((await readKey({ binaryKey: Buffer.from(offered.autocrypt!.keydata, 'base64') })).getFingerprint()).toBe(
      alice.publicKey.getFingerprint(),
    );

    const forged = bytes(`${header.replace('alice@', 'mallory@')}\r\n${text(plainMessage({ from: 'alice@example.org', to: 'bob@example.org' }))}`);
    expect((await open({ message: forged })).autocrypt).toBeNull();

    const padded = (n: number) =>
      bytes(`${header.replace('mutual;', `mutual; _pad=${'x'.repeat(n)};`)}\r\n${text(plainMessage({ from: 'alice@example.org', to: 'bob@example.org' }))}`);
    expect((await open({ message: padded(100) })).autocrypt?.addr).toBe('alice@example.org');
    expect((await open({ message: padded(10 * 1024) })).autocrypt).toBeNull();
  });
});
