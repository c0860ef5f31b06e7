// `sealmail keys export --secret` of your own S/MIME identity (RSA and EC P-256): the .p12 that openssl and a new profile read back.
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CertificateFixtures, makeCertificateFixtures } from '../certificates/fixtures.js';
import { openssl } from '../../helpers/smime-pki.js';
import { type CliWorld, cliWorld, expectOneLineError } from './run-cli.js';

const PASS = 'profile passphrase';
let fx: CertificateFixtures;
let cli: CliWorld;
let other: CliWorld;
beforeAll(() => {
  fx = makeCertificateFixtures();
});
afterAll(() => fx.cleanup());
beforeEach(async () => {
  cli = await cliWorld();
  other = await cliWorld();
});
afterEach(async () => {
  await cli.cleanup();
  await other.cleanup();
});

const spki = (key: KeyObject): string => key.export({ format: 'der', type: 'spki' }).toString('hex');

describe.each([
  { kind: 'RSA', p12: 'modern.p12', certificate: 'alice.pem', id: 'Alice Example' },
  { kind: 'EC P-256', p12: 'ec.p12', certificate: 'alice-ec.pem', id: 'Alice EC' },
])('keys export --secret of an $kind identity', ({ p12, certificate, id }) => {
  it('writes a .p12 that openssl pkcs12 reads with the same certificate and its matching key, and a new profile imports', async () => {
    const imported = await cli.run(['keys', 'import', fx.path(p12), '--p12-password-file', fx.path('p12-password')], { passphrase: PASS });
    expect(imported.code, imported.stderr).toBe(0);
    const exported = await cli.run(['keys', 'export', id, '--secret', '--p12-password-file', fx.path('wrong-password')], { passphrase: PASS });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const out = await cli.file('exported.p12', exported.stdout);

    const dump = await openssl(['pkcs12', '-in', out, '-nodes', '-passin', `file:${fx.path('wrong-password')}`]);
    expect(dump.exitCode, dump.stderr).toBe(0);
    const text = Buffer.from(dump.stdout).toString('utf8');
    const own = text.slice(text.indexOf('-----BEGIN CERTIFICATE-----'), text.indexOf('-----END CERTIFICATE-----') + 25);
    expect(new X509Certificate(own).raw).toEqual(new X509Certificate(fx.read(certificate)).raw);
    const key = createPrivateKey(text.slice(text.indexOf('-----BEGIN PRIVATE KEY-----')));
    expect(spki(createPublicKey(key))).toBe(spki(new X509Certificate(own).publicKey));

    const fingerprint = fx.fingerprint(certificate);
    const refused = await other.run(['keys', 'import', out, '--p12-password-file', fx.path('p12-password')], { passphrase: 'another' });
    expectOneLineError(refused, 1, `${out}: the PKCS#12 password is wrong`);
    const back = await other.run(['keys', 'import', out, '--p12-password-file', fx.path('wrong-password')], { passphrase: 'another' });
    expect(back.stderr).toBe('');
    expect(back.out).toContain(`${fingerprint}  certificate+key  new`);
    const again = await other.run(['keys', 'export', id, '--secret', '--p12-password-file', fx.path('p12-password')], { passphrase: 'another' });
    expect(again.code, again.stderr).toBe(0);
    const reread = await openssl(['pkcs12', '-in', await other.file('again.p12', again.stdout), '-nokeys', '-clcerts', '-passin', `file:${fx.path('p12-password')}`]);
    expect(new X509Certificate(Buffer.from(reread.stdout)).raw).toEqual(new X509Certificate(fx.read(certificate)).raw);
  });
});

describe('keys export --secret passwords', () => {
  it('keeps the rules: a password file is required, and its first line must not be empty', async () => {
    await cli.run(['keys', 'import', fx.path('ec.p12'), '--p12-password-file', fx.path('p12-password')], { passphrase: PASS });
    expectOneLineError(await cli.run(['keys', 'export', 'Alice EC', '--secret'], { passphrase: PASS }), 2, 'exporting a certificate with its private key needs --p12-password-file FILE');
    const empty = await cli.file('empty-password', '\nsecond line\n');
    const refused = await cli.run(['keys', 'export', 'Alice EC', '--secret', '--p12-password-file', empty], { passphrase: PASS });
    expectOneLineError(refused, 1, 'an empty password cannot protect the PKCS#12 file');
  });
});
