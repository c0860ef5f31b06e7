// Legacy content encryption: 3DES-CBC is read with its padding checked in full, RC2 is refused, and neither is ever written or advertised.
import { createCipheriv, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AlgorithmIdentifier } from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainedCbc, contentCipher, decryptContent, encryptContent, newContentKey, obsoleteCipherWarning } from '../../../crypto/smime/content-encryption.js';
import { smimeSign } from '../../../crypto/smime/index.js';
import { plainMessage } from '../../helpers/message.js';
import { openssl, smimePki, type SmimePki } from '../../helpers/smime-pki.js';

const DES_EDE3_CBC = '1.2.840.113549.3.7';
const RC2_CBC = '1.2.840.113549.3.2';

const algorithm = (oid: string, iv: Uint8Array) => new AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new asn1js.OctetString({ valueHex: iv }) });

/** 3DES-CBC with node's OpenSSL, padding written by hand so that tests can get it wrong on purpose. */
function desEde3(key: Uint8Array, iv: Uint8Array, padded: Uint8Array): Uint8Array {
  const cipher = createCipheriv('des-ede3-cbc', key, iv).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(padded), cipher.final()]));
}

function pkcs7(plaintext: Uint8Array): Uint8Array {
  const pad = 8 - (plaintext.length % 8);
  return new Uint8Array([...plaintext, ...new Array<number>(pad).fill(pad)]);
}

async function decrypt3des(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const alg = algorithm(DES_EDE3_CBC, iv);
  return decryptContent({ cipher: contentCipher(alg), cek: key, ciphertext }, alg);
}

describe('3DES-CBC content decryption', () => {
  const key = new Uint8Array(randomBytes(24));
  const iv = new Uint8Array(randomBytes(8));

  it('decrypts messages of every length modulo the block size, across the chunk boundary too', async () => {
    for (const length of [0, 1, 7, 8, 9, 32 * 1024 - 1, 32 * 1024, 100_003]) {
      const plaintext = new Uint8Array(randomBytes(length));
      expect(await decrypt3des(key, iv, desEde3(key, iv, pkcs7(plaintext)))).toEqual(plaintext);
    }
  });

  it('refuses padding that is wrong in any byte, or a ciphertext cut mid-block, as decrypt-failed', async () => {
    const body = new TextEncoder().encode('pay 100 EUR');
    const bad = [
      new Uint8Array([...body, 0, 0, 0, 0, 0]), // count 0
      new Uint8Array([...body, 5, 5, 4, 5, 5]), // one padding byte differs (node-forge alone would accept it)
      new Uint8Array([...body, 1, 2, 3, 4, 9]), // count above the block size
    ];
    for (const padded of bad) await expect(decrypt3des(key, iv, desEde3(key, iv, padded))).rejects.toMatchObject({ code: 'decrypt-failed' });
    const good = desEde3(key, iv, pkcs7(body));
    await expect(decrypt3des(key, iv, good.subarray(0, good.length - 3))).rejects.toMatchObject({ code: 'decrypt-failed' });
    await expect(decrypt3des(key, iv, new Uint8Array(0))).rejects.toMatchObject({ code: 'decrypt-failed' });
  });

  it('refuses a key of the wrong length or a stand-in key (RFC 3218) after decrypting, and a 16-byte IV as malformed', async () => {
    const ciphertext = desEde3(key, iv, pkcs7(new Uint8Array(40)));
    const alg = algorithm(DES_EDE3_CBC, iv);
    await expect(decryptContent({ cipher: contentCipher(alg), cek: key.subarray(0, 16), ciphertext }, alg)).rejects.toMatchObject({ code: 'decrypt-failed' });
    await expect(decryptContent({ cipher: contentCipher(alg), cek: key, ciphertext, keyInvalid: true }, alg)).rejects.toMatchObject({ code: 'decrypt-failed' });
    await expect(decrypt3des(key, new Uint8Array(16), ciphertext)).rejects.toMatchObject({ code: 'bad-message' });
  });

  it('is CBC (no integrity) and obsolete; AES is not obsolete', () => {
    expect(contentCipher(algorithm(DES_EDE3_CBC, iv))).toMatchObject({ name: 'des-ede3-cbc', mode: 'cbc' });
    expect(obsoleteCipherWarning('des-ede3-cbc')).toMatch(/obsolete/);
    expect(obsoleteCipherWarning('aes-256-cbc')).toBeNull();
  });
});

describe('RC2', () => {
  it('is refused with a one-line bad-message error naming it', () => {
    expect(() => contentCipher(algorithm(RC2_CBC, new Uint8Array(8)))).toThrow(expect.objectContaining({ code: 'bad-message', message: expect.stringMatching(/^[^\n]*RC2[^\n]*$/) }));
  });
});

describe('what Sealmail writes and advertises', () => {
  let pki: SmimePki;
  beforeAll(async () => {
    pki = await smimePki();
  });
  afterAll(() => pki.dispose());

  it('encrypts only with AES', async () => {
    for (const mode of ['cbc', 'gcm'] as const) {
      const { algorithm: written } = await encryptContent(mode, newContentKey(), new Uint8Array(10));
      expect(written.algorithmId).toMatch(/^2\.16\.840\.1\.101\.3\.4\.1\./);
    }
  });

  it('lists neither 3DES nor RC2 in the smimeCapabilities of what it signs', async () => {
    const signed = await smimeSign({
      message: plainMessage({ from: 'alice@example.org', to: 'bob@example.org', body: 'hello\n' }),
      signer: { certificate: pki.ecdsa.certificate, chain: pki.ecdsa.chain, privateKey: pki.ecdsa.privateKey },
    });
    const run = await openssl(['cms', '-cmsout', '-print', '-in', await pki.file('signed.eml', signed)]);
    expect(run.exitCode, run.stderr).toBe(0);
    const printed = new TextDecoder().decode(run.stdout);
    expect(printed).toContain('S/MIME Capabilities (1.2.840.113549.1.9.15)');
    expect(printed).toContain('aes-256-cbc');
    expect(printed).not.toMatch(/des-ede3|rc2/i);
  });
});

describe('chainedCbc (the head encrypted while the rest is made)', () => {
  it('gives exactly one-shot AES-256-CBC of the whole content, whatever the head length, as consecutive runs', async () => {
    const content = randomBytes(1000);
    for (const headLength of [0, 1, 15, 16, 17, 32, 999, 1000]) {
      const cek = newContentKey();
      const cbc = chainedCbc(cek);
      if (headLength > 0) cbc.head(content.subarray(0, headLength));
      const encrypted = await cbc.finish(content);
      const iv = (encrypted.algorithm.algorithmParams as asn1js.OctetString).valueBlock.valueHexView;
      const reference = createCipheriv('aes-256-cbc', cek, iv);
      const expected = Buffer.concat([reference.update(content), reference.final()]);
      const runs = encrypted.ciphertext instanceof Uint8Array ? [encrypted.ciphertext] : encrypted.ciphertext;
      expect(Buffer.concat(runs)).toEqual(expected);
      const alg = encrypted.algorithm;
      expect(Buffer.from(await decryptContent({ cipher: contentCipher(alg), cek, ciphertext: Buffer.concat(runs) }, alg))).toEqual(content);
    }
  });
});
