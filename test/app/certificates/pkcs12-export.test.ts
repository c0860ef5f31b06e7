// The exported PKCS#12 file, read back by Debian's OpenSSL 3 and by Sealmail's own reader, for an RSA and a P-256 identity.
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPkcs12, writePkcs12 } from '../../../app/certificates/pkcs12.js';
import { openssl } from '../../helpers/smime-pki.js';
import { type CertificateFixtures, makeCertificateFixtures } from './fixtures.js';

const PASSWORD = 'export secret';
let fx: CertificateFixtures;
beforeAll(() => {
  fx = makeCertificateFixtures();
  writeFileSync(fx.path('export-password'), `${PASSWORD}\n`);
});
afterAll(() => fx.cleanup());

const der = (pemFile: string): Uint8Array => new Uint8Array(new X509Certificate(fx.read(pemFile)).raw);
const key = (keyFile: string): KeyObject => createPrivateKey(Buffer.from(fx.read(keyFile)));
const spki = (k: KeyObject): string => k.export({ format: 'der', type: 'spki' }).toString('hex');

async function opensslText(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = await openssl(args, { cwd: fx.dir });
  return { code: run.exitCode, stdout: Buffer.from(run.stdout).toString('utf8'), stderr: run.stderr };
}

describe.each([
  { kind: 'RSA', certificate: 'alice.pem', privateKey: 'alice.key', friendlyName: 'alice@example.org' },
  { kind: 'EC P-256', certificate: 'alice-ec.pem', privateKey: 'alice-ec.key', friendlyName: 'alice@example.org' },
])('writePkcs12 with an $kind identity', ({ kind, certificate, privateKey, friendlyName }) => {
  const file = `export-${kind.replace(/\W/g, '')}.p12`;
  beforeAll(() => {
    writeFileSync(fx.path(file), writePkcs12({ certificate: der(certificate), chain: [der('ca.pem')], privateKey: key(privateKey), password: PASSWORD }));
  });
  const passin = ['-passin', 'file:export-password'];

  it('gives OpenSSL 3 the same certificate, paired with a private key that matches it, and the chain', async () => {
    const own = await opensslText(['pkcs12', '-in', file, ...passin, '-clcerts', '-nokeys']);
    expect(own.code, own.stderr).toBe(0);
    expect(new X509Certificate(own.stdout).raw).toEqual(new X509Certificate(fx.read(certificate)).raw);
    expect(own.stdout).toContain(`friendlyName: ${friendlyName}`);

    const keyOut = await opensslText(['pkcs12', '-in', file, ...passin, '-nocerts', '-nodes']);
    expect(keyOut.code, keyOut.stderr).toBe(0);
    const localKeyId = /localKeyID: ([0-9A-F ]+)/.exec(own.stdout)?.[1];
    expect(localKeyId).toBeDefined();
    expect(keyOut.stdout).toContain(`localKeyID: ${localKeyId}`);
    const readKey = createPrivateKey(keyOut.stdout.slice(keyOut.stdout.indexOf('-----BEGIN PRIVATE KEY-----')));
    expect(spki(createPublicKey(readKey))).toBe(spki(new X509Certificate(fx.read(certificate)).publicKey));

    const chain = await opensslText(['pkcs12', '-in', file, ...passin, '-cacerts', '-nokeys']);
    expect(new X509Certificate(chain.stdout).raw).toEqual(new X509Certificate(fx.read('ca.pem')).raw);
  });

  it('uses PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC for key and certificates, and an HMAC-SHA256 MAC', async () => {
    const info = await opensslText(['pkcs12', '-in', file, ...passin, '-info', '-noout']);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stderr).toContain('MAC: sha256, Iteration 100000');
    expect(info.stderr).toContain('MAC length: 32, salt length: 8');
    expect(info.stderr).toMatch(/PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256/);
    expect(info.stderr).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256/);
  });

  it('is refused by OpenSSL under another password', async () => {
    const wrong = await opensslText(['pkcs12', '-in', file, '-passin', 'file:wrong-password', '-nodes']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/mac verify/i);
  });

  it('reads back in Sealmail with the same certificate, key and chain, and a wrong password is wrong-passphrase', () => {
    const back = readPkcs12({ data: fx.read(file), password: PASSWORD });
    expect(back.own?.certificate).toEqual(der(certificate));
    expect(spki(createPublicKey(back.own?.privateKey as KeyObject))).toBe(spki(createPublicKey(key(privateKey))));
    expect(back.others).toEqual([der('ca.pem')]);
    expect(() => readPkcs12({ data: fx.read(file), password: 'not it' })).toThrow(expect.objectContaining({ code: 'wrong-passphrase' }));
  });
});

describe('writePkcs12 passwords', () => {
  it('derives the MAC and the encryption keys from a non-ASCII password as OpenSSL does', async () => {
    const password = 'pässwörd ключ';
    writeFileSync(fx.path('unicode.p12'), writePkcs12({ certificate: der('alice-ec.pem'), chain: [], privateKey: key('alice-ec.key'), password }));
    writeFileSync(fx.path('unicode-password'), `${password}\n`);
    const run = await opensslText(['pkcs12', '-in', 'unicode.p12', '-passin', 'file:unicode-password', '-nodes']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('BEGIN PRIVATE KEY');
  });

  it('refuses an empty password', () => {
    expect(() => writePkcs12({ certificate: der('alice.pem'), chain: [], privateKey: key('alice.key'), password: '' }))
      .toThrow(expect.objectContaining({ code: 'passphrase-required' }));
  });
});
