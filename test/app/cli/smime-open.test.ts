// `sealmail open` of S/MIME mail made by OpenSSL, with the identity from a .p12 and the trust from `certs anchor`: the profile's certificates reach open().
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../../crypto/report.js';
import { type CertificateFixtures, makeCertificateFixtures } from '../certificates/fixtures.js';
import { type CliWorld, cliWorld } from './run-cli.js';

const PASS = 'smime open passphrase';
let fx: CertificateFixtures;
let cli: CliWorld;

beforeAll(async () => {
  fx = makeCertificateFixtures();
  cli = await cliWorld();
  const imported = await cli.run(['keys', 'import', fx.path('legacy.p12'), '--p12-password-file', fx.path('p12-password')], { passphrase: PASS });
  expect(imported.stderr).toBe('');
});
afterAll(async () => {
  await cli.cleanup();
  fx.cleanup();
});

/** Signed by alice with OpenSSL, then enveloped to alice (as her own sent copy), with the outer header OpenSSL writes. */
function opensslMail(cipher: string): Uint8Array {
  writeFileSync(fx.path('inner.txt'), 'Content-Type: text/plain; charset=utf-8\r\n\r\nThe audit starts Monday.\r\n');
  const openssl = (...args: string[]): Buffer => execFileSync('openssl', args, { cwd: fx.dir });
  writeFileSync(fx.path('signed.eml'), openssl('cms', '-sign', '-in', 'inner.txt', '-signer', 'alice.pem', '-inkey', 'alice.key', '-md', 'sha256'));
  return openssl('cms', '-encrypt', '-in', 'signed.eml', cipher, '-from', 'Alice <alice@example.org>', '-to', 'alice@example.org', '-subject', 'audit', 'alice.pem');
}

describe('sealmail open of S/MIME mail', () => {
  it('decrypts with the .p12 identity (unlocked by the profile passphrase) and names the missing trust, then is valid once the CA is an anchor', async () => {
    const message = opensslMail('-aes256');
    const before = JSON.parse((await cli.run(['open', '--json'], { passphrase: PASS, input: message })).out) as SecurityReport;
    expect(before.encryption).toEqual({ state: 'encrypted', scheme: 'smime', error: null, integrity: 'none' });
    expect(before.signature).toMatchObject({ state: 'unknown-signer', scheme: 'smime' });
    expect(before.text).toContain('The audit starts Monday.');

    expect((await cli.run(['certs', 'anchor', fx.path('ca.pem')])).stderr).toBe('');
    const after = await cli.run(['open'], { passphrase: PASS, input: message });
    expect(after.code).toBe(0);
    expect(after.out).toMatch(/^Encryption: encrypted \(S\/MIME\), WITHOUT integrity protection$/m);
    expect(after.out).toMatch(/^Signature: .*\(S\/MIME\)/m);
    expect(after.out).toMatch(/^Warning: .*without integrity protection/m);
    const json = JSON.parse((await cli.run(['open', '--json'], { passphrase: PASS, input: message })).out) as SecurityReport;
    expect(json.signature).toMatchObject({ state: 'valid', scheme: 'smime', signer: { address: 'alice@example.org' } });
  });

  it('reads AES-256-GCM AuthEnvelopedData as authenticated, and refuses a wrong passphrase in one line', async () => {
    const message = opensslMail('-aes-256-gcm');
    const json = JSON.parse((await cli.run(['open', '--json'], { passphrase: PASS, input: message })).out) as SecurityReport;
    expect(json.encryption).toMatchObject({ state: 'encrypted', scheme: 'smime', integrity: 'authenticated' });
    const wrong = await cli.run(['open'], { passphrase: 'not it', input: message });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toBe('');
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
  });
});
