// Old and uncommon S/MIME that OpenSSL writes: 3DES (read, with a warning), RC2 (refused), ECDH to a P-384 certificate (read).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { open } from '../../crypto/index.js';
import { smimeDecrypt } from '../../crypto/smime/encryption.js';
import { openssl, smimeRecipients, tempFile, type SmimeRecipient } from '../helpers/smime-recipients.js';

const MESSAGE = 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nThe old account number is 4471.\r\n';
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const identity = (r: SmimeRecipient) => ({ certificate: r.certificate, privateKey: r.privateKey });

async function opensslEncrypt(args: readonly string[]): Promise<Uint8Array> {
  const inPath = await tempFile('plain.eml', MESSAGE);
  const run = await openssl(['cms', '-encrypt', '-binary', '-in', inPath, ...args]);
  expect(run.exitCode, run.stderr).toBe(0);
  return run.stdout;
}

let made = 0;
/** An EC P-384 certificate for keyAgreement, made like the helper's recipients, in their folder. */
async function p384Recipient(): Promise<SmimeRecipient> {
  const { dir } = await smimeRecipients();
  const name = join(dir, `p384-${++made}`);
  const [keyPath, certPath, p8, der] = [`${name}.key.pem`, `${name}.cert.pem`, `${name}.p8`, `${name}.der`];
  const run = await openssl([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '30',
    '-subj', '/CN=dave/emailAddress=dave@example.org',
    '-addext', 'keyUsage=critical,digitalSignature,keyAgreement', '-addext', 'extendedKeyUsage=emailProtection', '-addext', 'subjectAltName=email:dave@example.org',
  ]);
  expect(run.exitCode, run.stderr).toBe(0);
  expect((await openssl(['pkcs8', '-topk8', '-nocrypt', '-in', keyPath, '-outform', 'DER', '-out', p8])).exitCode).toBe(0);
  expect((await openssl(['x509', '-in', certPath, '-outform', 'DER', '-out', der])).exitCode).toBe(0);
  return { certificate: new Uint8Array(await readFile(der)), privateKey: new Uint8Array(await readFile(p8)), certPath, keyPath };
}

describe('3DES (des-ede3-cbc), as old Outlook and CAs still send', () => {
  it('openssl cms -encrypt -des3: Sealmail decrypts it, with no integrity and a warning about the obsolete cipher', async () => {
    const { bob } = await smimeRecipients();
    const sealed = await opensslEncrypt(['-des3', bob.certPath]);
    const result = await smimeDecrypt({ message: sealed, privateKey: bob.privateKey, certificate: bob.certificate });
    expect(text(result.content)).toBe(MESSAGE);
    expect(result).toMatchObject({ integrity: 'none', smimeType: 'enveloped-data', contentEncryption: 'des-ede3-cbc', keyManagement: 'rsa-pkcs1-v1_5' });
    expect(result.warnings.join('\n')).toMatch(/3DES, an obsolete cipher/);
  });

  it('AES mail carries no obsolete-cipher warning', async () => {
    const { bob } = await smimeRecipients();
    const result = await smimeDecrypt({ message: await opensslEncrypt(['-aes256', bob.certPath]), privateKey: bob.privateKey, certificate: bob.certificate });
    expect(result.warnings).toEqual([]);
  });

  it('a 3DES message to someone else is a decrypt failure, not garbage', async () => {
    const { bob, mallory } = await smimeRecipients();
    const sealed = await opensslEncrypt(['-des3', bob.certPath]);
    await expect(smimeDecrypt({ message: sealed, privateKey: mallory.privateKey, certificate: mallory.certificate })).rejects.toMatchObject({ code: 'decrypt-failed' });
  });

  it('3DES to an EC certificate (OpenSSL then wraps the key with CMS3DESwrap) is refused as a key wrap Sealmail does not read', async () => {
    const { carol } = await smimeRecipients();
    const sealed = await opensslEncrypt(['-des3', '-recip', carol.certPath]);
    await expect(smimeDecrypt({ message: sealed, privateKey: carol.privateKey, certificate: carol.certificate })).rejects.toMatchObject({
      code: 'bad-message',
      message: expect.stringMatching(/key wrap algorithm is one Sealmail does not read \(1\.2\.840\.113549\.1\.9\.16\.3\.6\)/),
    });
  });

  it('open(): the report says encrypted, integrity none, and warns of both the missing integrity and 3DES', async () => {
    const { bob } = await smimeRecipients();
    const sealed = await opensslEncrypt(['-des3', bob.certPath]);
    const message = new Uint8Array([...new TextEncoder().encode('From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: old client\r\n'), ...sealed]);
    const report = await open({ message, smime: { trustAnchors: [], identities: async () => [identity(bob)] } });
    expect(report.encryption).toEqual({ state: 'encrypted', scheme: 'smime', error: null, integrity: 'none' });
    expect(report.text).toContain('The old account number is 4471.');
    const warnings = report.warnings.join('\n');
    expect(warnings).toMatch(/without integrity protection \(S\/MIME 3DES-CBC\)/);
    expect(warnings).toMatch(/3DES, an obsolete cipher/);
  });
});

describe('RC2, which RFC 8551 section 2.7 lets a receiver refuse', () => {
  it('openssl cms -encrypt -rc2: a one-line bad-message error naming RC2, and a failed report with no text', async () => {
    const { bob } = await smimeRecipients();
    // OpenSSL 3 keeps RC2 in its legacy provider.
    const sealed = await opensslEncrypt(['-provider', 'legacy', '-provider', 'default', '-rc2', bob.certPath]);
    const refused = smimeDecrypt({ message: sealed, privateKey: bob.privateKey, certificate: bob.certificate });
    await expect(refused).rejects.toMatchObject({ code: 'bad-message', message: expect.stringMatching(/RC2, a cipher too weak to read/) });
    await refused.catch((e: Error) => expect(e.message).not.toContain('\n'));
    const report = await open({ message: sealed, smime: { trustAnchors: [], identities: async () => [identity(bob)] } });
    expect(report.encryption).toMatchObject({ state: 'failed', scheme: 'smime', error: expect.stringMatching(/RC2/) });
    expect(report.text).toBeNull();
  });
});

describe('ECDH to a P-384 certificate', () => {
  it('openssl cms -encrypt with the SHA-384 KDF (dhSinglePass-stdDH-sha384kdf) and with its default SHA-1 KDF: Sealmail decrypts both', async () => {
    const dave = await p384Recipient();
    for (const kdf of [['-keyopt', 'ecdh_kdf_md:sha384'], []]) {
      const sealed = await opensslEncrypt(['-aes-256-gcm', '-recip', dave.certPath, ...kdf]);
      const result = await smimeDecrypt({ message: sealed, privateKey: dave.privateKey, certificate: dave.certificate });
      expect(text(result.content)).toBe(MESSAGE);
      expect(result).toMatchObject({ keyManagement: 'ecdh', integrity: 'aead' });
    }
  });

  it('a P-384 message to someone else fails to decrypt with a P-256 or another P-384 key', async () => {
    const [dave, eve, { carol }] = await Promise.all([p384Recipient(), p384Recipient(), smimeRecipients()]);
    const sealed = await opensslEncrypt(['-aes256', '-recip', dave.certPath, '-keyopt', 'ecdh_kdf_md:sha384']);
    for (const who of [eve, carol]) {
      await expect(smimeDecrypt({ message: sealed, privateKey: who.privateKey, certificate: who.certificate })).rejects.toMatchObject({ code: 'decrypt-failed' });
    }
  });
});
