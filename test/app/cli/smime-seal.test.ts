// `sealmail seal --smime` with identities from .p12 files: OpenSSL decrypts and verifies it, and so does `sealmail open` in the recipient's profile.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../../crypto/report.js';
import { type CertificateFixtures, makeCertificateFixtures } from '../certificates/fixtures.js';
import { type CliWorld, cliWorld, expectOneLineError } from './run-cli.js';

const PASS = 'smime seal passphrase';
const BODY = 'The audit starts Monday, grüße.';
/** BODY as the signed entity carries it: 8-bit text is made quoted-printable before signing (RFC 8551 section 3.1.2). */
const SIGNED_BODY = 'The audit starts Monday, gr=C3=BC=C3=9Fe.';
let fx: CertificateFixtures;
let alice: CliWorld;
let bob: CliWorld;

beforeAll(async () => {
  fx = makeCertificateFixtures();
  [alice, bob] = await Promise.all([cliWorld(), cliWorld()]);
  const p12 = (file: string) => ['keys', 'import', fx.path(file), '--p12-password-file', fx.path('p12-password')];
  for (const result of await Promise.all([
    alice.run(p12('modern.p12'), { passphrase: PASS }),
    bob.run(p12('bob.p12'), { passphrase: PASS }),
  ])) expect(result.stderr).toBe('');
  expect((await alice.run(['keys', 'import', fx.path('bob.pem')])).stderr).toBe('');
  expect((await bob.run(['keys', 'import', fx.path('alice.pem')])).stderr).toBe('');
  expect((await bob.run(['certs', 'anchor', fx.path('ca.pem')])).stderr).toBe('');
}, 60_000);
afterAll(async () => {
  await Promise.all([alice?.cleanup(), bob?.cleanup()]);
  fx?.cleanup();
});

const draft = (to = 'bob@example.org') =>
  [`From: Alice <alice@example.org>`, `To: ${to}`, 'Bcc: bob@example.org', 'Subject: Audit', 'Date: Sat, 28 Nov 2026 10:00:00 +0000', 'Message-ID: <audit-1@example.org>',
    'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', BODY, ''].join('\n');

function header(message: Buffer): string {
  const text = message.toString('utf8');
  return text.slice(0, text.indexOf('\r\n\r\n'));
}

/** `openssl cms -decrypt` with bob's key, then `openssl cms -verify` against the test CA: the content, or an exception. */
function opensslReads(sealed: Buffer): string {
  writeFileSync(fx.path('sealed.eml'), sealed);
  const openssl = (...args: string[]): Buffer => execFileSync('openssl', args, { cwd: fx.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  writeFileSync(fx.path('decrypted.eml'), openssl('cms', '-decrypt', '-in', 'sealed.eml', '-recip', 'bob.pem', '-inkey', 'bob.key'));
  return openssl('cms', '-verify', '-in', 'decrypted.eml', '-CAfile', 'ca.pem').toString('utf8');
}

describe('sealmail seal --smime', () => {
  it('signs then envelopes with CBC by default: OpenSSL decrypts and verifies it, and bob opens it as valid', async () => {
    const sealed = await alice.run(['seal', '--smime'], { passphrase: PASS, input: draft() });
    expect(sealed.stderr).toBe('');
    const head = header(sealed.stdout);
    expect(head).toMatch(/^Subject: Audit$/m);
    expect(head).not.toMatch(/^Bcc:/im);
    expect(head).toMatch(/^Content-Type: application\/pkcs7-mime; smime-type=enveloped-data/m);
    expect(sealed.out).not.toContain('audit starts');

    expect(opensslReads(sealed.stdout)).toContain(SIGNED_BODY);

    const report = JSON.parse((await bob.run(['open', '--json'], { passphrase: PASS, input: sealed.stdout })).out) as SecurityReport;
    expect(report.encryption).toEqual({ state: 'encrypted', scheme: 'smime', error: null, integrity: 'none' });
    expect(report.signature).toMatchObject({ state: 'valid', scheme: 'smime', signer: { address: 'alice@example.org' } });
    expect(report.text).toContain(BODY);
  });

  it('uses AES-256-GCM with --gcm, which OpenSSL and bob read as authenticated; alice reads her own copy', async () => {
    const sealed = await alice.run(['seal', '--smime', '--gcm'], { passphrase: PASS, input: draft() });
    expect(header(sealed.stdout)).toMatch(/smime-type=authEnveloped-data/);
    expect(opensslReads(sealed.stdout)).toContain(SIGNED_BODY);
    const report = JSON.parse((await bob.run(['open', '--json'], { passphrase: PASS, input: sealed.stdout })).out) as SecurityReport;
    expect(report.encryption).toMatchObject({ state: 'encrypted', scheme: 'smime', integrity: 'authenticated' });
    expect(report.signature).toMatchObject({ state: 'valid', scheme: 'smime' });
    const own = JSON.parse((await alice.run(['open', '--json'], { passphrase: PASS, input: sealed.stdout })).out) as SecurityReport;
    expect(own.encryption).toMatchObject({ state: 'encrypted', scheme: 'smime' });
    expect(own.text).toContain(BODY);
  });

  it('signs only with --sign: multipart/signed that OpenSSL verifies', async () => {
    const sealed = await alice.run(['seal', '--smime', '--sign'], { passphrase: PASS, input: draft() });
    expect(header(sealed.stdout)).toMatch(/^Content-Type: multipart\/signed; protocol="application\/pkcs7-signature";/m);
    writeFileSync(fx.path('signed.eml'), sealed.stdout);
    const out = execFileSync('openssl', ['cms', '-verify', '-in', 'signed.eml', '-CAfile', 'ca.pem'], { cwd: fx.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out.toString('utf8')).toContain(SIGNED_BODY);
  });

  it('names a recipient without a certificate in one line, before asking for the passphrase', async () => {
    const result = await alice.run(['seal', '--smime'], { input: draft('bob@example.org, erin@example.org') });
    expectOneLineError(result, 1, /no usable S\/MIME encryption certificate for erin@example.org;/);
  });

  it('refuses --gcm without --smime, and a sender without an own certificate', async () => {
    expectOneLineError(await alice.run(['seal', '--gcm'], { input: draft() }), 2, /--gcm is an S\/MIME option/);
    const result = await bob.run(['seal', '--smime', '--sign'], { passphrase: PASS, input: draft() });
    expectOneLineError(result, 1, /no own S\/MIME certificate that can sign as alice@example.org/);
  });
});
