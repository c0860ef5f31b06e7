// Own S/MIME keys at rest: encrypted PKCS#8 that OpenSSL reads, opened only with the passphrase.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { protectPrivateKey, unlockPrivateKey } from '../../../app/certificates/private-key-protection.js';

describe('protectPrivateKey', () => {
  it('writes PBES2/PBKDF2-SHA256/AES-256-CBC PKCS#8 that only the passphrase opens, readable by openssl', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = await protectPrivateKey({ key: privateKey, passphrase: 'pass phrase' });
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const unlocked = unlockPrivateKey({ pem, passphrase: 'pass phrase' });
    expect(unlocked.export({ format: 'jwk' })).toEqual(privateKey.export({ format: 'jwk' }));
    expect(() => unlockPrivateKey({ pem, passphrase: 'wrong' })).toThrow(expect.objectContaining({ code: 'wrong-passphrase' }));

    const dir = mkdtempSync(join(tmpdir(), 'sealmail-pk-'));
    try {
      writeFileSync(join(dir, 'key.pem'), pem);
      const parsed = execFileSync('openssl', ['asn1parse', '-in', join(dir, 'key.pem')], { encoding: 'utf8' });
      expect(parsed).toContain('PBES2');
      expect(parsed).toContain('hmacWithSHA256');
      expect(parsed).toContain('aes-256-cbc');
      expect(parsed).toMatch(/INTEGER\s+:0?927C0\b/); // 600,000 iterations
      const text = execFileSync('openssl', ['pkey', '-in', join(dir, 'key.pem'), '-passin', 'pass:pass phrase', '-noout', '-text'], { encoding: 'utf8' });
      expect(text).toMatch(/Private-Key: \(256 bit/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a stored key that is not encrypted', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const clear = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    expect(() => unlockPrivateKey({ pem: clear, passphrase: 'x' })).toThrow(expect.objectContaining({ code: 'profile' }));
  });
});
