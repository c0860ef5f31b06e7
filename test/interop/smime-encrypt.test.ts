// S/MIME encryption interop with OpenSSL 3 (`openssl cms`), both directions: CBC and GCM, RSA v1.5 and OAEP, ECDH P-256.
import { describe, expect, it } from 'vitest';
import { encryptContent, newContentKey } from '../../crypto/smime/content-encryption.js';
import { encodeEnvelopedData } from '../../crypto/smime/enveloped-data.js';
import { envelopedEntity } from '../../crypto/smime/enveloped-mime.js';
import { readRecipientCertificate } from '../../crypto/smime/enveloped-recipients.js';
import { smimeDecrypt, smimeEncrypt } from '../../crypto/smime/encryption.js';
import { keyAgreementRecipient } from '../../crypto/smime/key-agreement.js';
import { openssl, smimeRecipients, tempFile, type SmimeRecipient } from '../helpers/smime-recipients.js';

const MESSAGE = 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nQuarterly figures: 42 \u20ac.\r\n';
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

async function opensslEncrypt(args: readonly string[], input = MESSAGE): Promise<Uint8Array> {
  const inPath = await tempFile('plain.eml', input);
  const run = await openssl(['cms', '-encrypt', '-binary', '-in', inPath, ...args]);
  expect(run.exitCode, run.stderr).toBe(0);
  return run.stdout;
}

async function opensslDecrypt(message: Uint8Array, who: SmimeRecipient): Promise<string> {
  const path = await tempFile('sealed.eml', message);
  const run = await openssl(['cms', '-decrypt', '-binary', '-in', path, '-recip', who.certPath, '-inkey', who.keyPath]);
  expect(run.exitCode, run.stderr).toBe(0);
  return text(run.stdout);
}

describe('openssl cms -encrypt, then Sealmail decrypts', () => {
  it('reads AES-256-CBC with RSA PKCS#1 v1.5 (openssl default padding) and says it has no integrity', async () => {
    const { bob } = await smimeRecipients();
    const sealed = await opensslEncrypt(['-aes256', bob.certPath]);
    const result = await smimeDecrypt({ message: sealed, privateKey: bob.privateKey, certificate: bob.certificate });
    expect(text(result.content)).toBe(MESSAGE);
    expect(result).toMatchObject({ integrity: 'none', smimeType: 'enveloped-data', contentEncryption: 'aes-256-cbc', keyManagement: 'rsa-pkcs1-v1_5' });
  });

  it('reads RSA-OAEP with SHA-256', async () => {
    const { bob } = await smimeRecipients();
    const sealed = await opensslEncrypt(['-aes256', '-recip', bob.certPath, '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256']);
    const result = await smimeDecrypt({ message: sealed, privateKey: bob.privateKey, certificate: bob.certificate });
    expect(text(result.content)).toBe(MESSAGE);
    expect(result.keyManagement).toBe('rsa-oaep');
  });

  it('reads ECDH P-256 without a UKM, with the SHA-256 KDF and with OpenSSL\'s default SHA-1 KDF', async () => {
    const { carol } = await smimeRecipients();
    for (const kdf of [['-keyopt', 'ecdh_kdf_md:sha256'], []]) {
      const sealed = await opensslEncrypt(['-aes256', '-recip', carol.certPath, ...kdf]);
      const result = await smimeDecrypt({ message: sealed, privateKey: carol.privateKey, certificate: carol.certificate });
      expect(text(result.content)).toBe(MESSAGE);
      expect(result.keyManagement).toBe('ecdh');
    }
  });

  it('reads AES-256-GCM AuthEnvelopedData and says it has integrity', async () => {
    const { bob, carol } = await smimeRecipients();
    const sealed = await opensslEncrypt(['-aes-256-gcm', bob.certPath, carol.certPath]);
    expect(text(sealed)).toMatch(/smime-type=authEnveloped-data/i);
    for (const who of [bob, carol]) {
      const result = await smimeDecrypt({ message: sealed, privateKey: who.privateKey, certificate: who.certificate });
      expect(text(result.content)).toBe(MESSAGE);
      expect(result).toMatchObject({ integrity: 'aead', smimeType: 'authEnveloped-data', contentEncryption: 'aes-256-gcm' });
    }
  });

  it('finds its RecipientInfo by subject key identifier too (openssl -keyid), for RSA and ECDH', async () => {
    const { bob, carol } = await smimeRecipients();
    const sealed = await opensslEncrypt(['-aes256', '-keyid', bob.certPath, carol.certPath]);
    for (const who of [bob, carol]) {
      const result = await smimeDecrypt({ message: sealed, privateKey: who.privateKey, certificate: who.certificate });
      expect(text(result.content)).toBe(MESSAGE);
    }
  });

  it('reads a 20 MB message that openssl streamed (indefinite-length BER, the ciphertext in chunks)', async () => {
    const { bob } = await smimeRecipients();
    const large = `Content-Type: text/plain\r\n\r\n${'0123456789abcdef'.repeat(20 * 65536)}\r\n`;
    const sealed = await opensslEncrypt(['-aes-256-gcm', '-stream', bob.certPath], large);
    const result = await smimeDecrypt({ message: sealed, privateKey: bob.privateKey, certificate: bob.certificate });
    expect(result.content.length).toBe(large.length);
    expect(text(result.content) === large).toBe(true);
  });

  it('reads signed-then-enveloped mail and returns the inner signed entity, which openssl still verifies', async () => {
    const { alice, bob } = await smimeRecipients();
    const plainPath = await tempFile('plain.eml', MESSAGE);
    const signed = await openssl(['cms', '-sign', '-in', plainPath, '-signer', alice.certPath, '-inkey', alice.keyPath]);
    expect(signed.exitCode, signed.stderr).toBe(0);
    const sealed = await opensslEncrypt(['-aes256', bob.certPath], text(signed.stdout));
    const result = await smimeDecrypt({ message: sealed, privateKey: bob.privateKey, certificate: bob.certificate });
    expect(text(result.content)).toMatch(/multipart\/signed/);
    const innerPath = await tempFile('inner.eml', result.content);
    const verified = await openssl(['cms', '-verify', '-in', innerPath, '-CAfile', alice.certPath]);
    expect(verified.exitCode, verified.stderr).toBe(0);
    expect(text(verified.stdout).replace(/\r\n/g, '\n')).toBe(MESSAGE.replace(/\r\n/g, '\n'));
  });
});

describe('Sealmail encrypts, then openssl cms -decrypt', () => {
  const cases = [
    { name: 'AES-256-CBC, RSA PKCS#1 v1.5', options: {}, recipient: 'bob' },
    { name: 'AES-256-CBC, RSA-OAEP SHA-256', options: { rsaOaep: true }, recipient: 'bob' },
    { name: 'AES-256-CBC, ECDH P-256', options: {}, recipient: 'carol' },
    { name: 'AES-256-GCM, RSA PKCS#1 v1.5', options: { gcm: true }, recipient: 'bob' },
    { name: 'AES-256-GCM, ECDH P-256', options: { gcm: true }, recipient: 'carol' },
  ] as const;
  for (const { name, options, recipient } of cases) {
    it(`${name}: the recipient and the sender both read it`, async () => {
      const people = await smimeRecipients();
      const sealed = await smimeEncrypt({ message: new TextEncoder().encode(MESSAGE), recipients: [people[recipient].certificate], sender: people.alice.certificate, ...options });
      expect(await opensslDecrypt(sealed.mime, people[recipient])).toBe(MESSAGE);
      expect(await opensslDecrypt(sealed.mime, people.alice)).toBe(MESSAGE);
    });
  }

  it('ECDH with a UKM: openssl derives the same key-encryption key from our ECC-CMS-SharedInfo', async () => {
    const { carol } = await smimeRecipients();
    const cek = newContentKey();
    const info = await keyAgreementRecipient(readRecipientCertificate(carol.certificate), cek, crypto.getRandomValues(new Uint8Array(64)));
    const cms = encodeEnvelopedData([info], await encryptContent('cbc', cek, new TextEncoder().encode(MESSAGE)));
    expect(await opensslDecrypt(envelopedEntity(cms, 'enveloped-data'), carol)).toBe(MESSAGE);
  });
});
