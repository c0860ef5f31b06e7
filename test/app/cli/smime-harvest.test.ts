// `sealmail open` keeps the certificate of validly signed S/MIME mail in the profile, with where it came from, for encrypting to its sender later.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../../crypto/report.js';
import { type CertificateFixtures, makeCertificateFixtures } from '../certificates/fixtures.js';
import { type CliWorld, cliWorld } from './run-cli.js';

const PASS = 'smime harvest passphrase';
let fx: CertificateFixtures;
let cli: CliWorld;

/** Bob's signing certificate, issued by the fixtures' CA; made here so this file depends only on the CA. */
function makeBob(): void {
  const openssl = (...args: string[]): Buffer => execFileSync('openssl', args, { cwd: fx.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'harvest-bob.key', '-out', 'harvest-bob.csr',
    '-subj', '/CN=Bob Harvest');
  writeFileSync(fx.path('harvest-bob.ext'), 'subjectAltName=email:bob@example.org\nkeyUsage=critical,digitalSignature,keyAgreement\nextendedKeyUsage=emailProtection\n');
  openssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'harvest-bob.csr', '-out', 'harvest-bob.pem', '-notext',
    '-extfile', 'harvest-bob.ext', '-days', '365');
}

/** A message from `from`, signed by Bob with OpenSSL. */
function signedByBob(from: string): Uint8Array {
  writeFileSync(fx.path('harvest-inner.txt'), 'Content-Type: text/plain; charset=utf-8\r\n\r\nHere is my certificate, write to me encrypted.\r\n');
  const signed = execFileSync('openssl', ['cms', '-sign', '-in', 'harvest-inner.txt', '-signer', 'harvest-bob.pem', '-inkey', 'harvest-bob.key', '-md', 'sha256'], { cwd: fx.dir });
  return new Uint8Array(Buffer.concat([Buffer.from(`From: ${from}\r\nTo: alice@example.org\r\nSubject: cert\r\n`), signed]));
}

interface ListedCertificate {
  kind: string;
  fingerprint: string;
  emails?: string[];
  source?: string;
  own?: boolean;
}

async function listedCertificates(): Promise<ListedCertificate[]> {
  const listed = await cli.run(['keys', 'list', '--json']);
  expect(listed.stderr).toBe('');
  return (JSON.parse(listed.out) as ListedCertificate[]).filter((k) => k.kind === 'x509');
}

beforeAll(async () => {
  fx = makeCertificateFixtures();
  makeBob();
  cli = await cliWorld();
  const imported = await cli.run(['keys', 'import', fx.path('legacy.p12'), '--p12-password-file', fx.path('p12-password')], { passphrase: PASS });
  expect(imported.stderr).toBe('');
});
afterAll(async () => {
  await cli.cleanup();
  fx.cleanup();
});

describe('sealmail open keeps the certificates of validly signed S/MIME mail', () => {
  it('keeps nothing while the signer is unknown or the From is not the signer, then keeps Bob\'s certificate once his CA is an anchor', async () => {
    const bobFingerprint = fx.fingerprint('harvest-bob.pem');
    const unknown = JSON.parse((await cli.run(['open', '--json'], { passphrase: PASS, input: signedByBob('Bob <bob@example.org>') })).out) as SecurityReport;
    expect(unknown.signature).toMatchObject({ state: 'unknown-signer', scheme: 'smime' });
    expect((await listedCertificates()).map((c) => c.fingerprint)).not.toContain(bobFingerprint);

    expect((await cli.run(['certs', 'anchor', fx.path('ca.pem')])).stderr).toBe('');
    const forged = JSON.parse((await cli.run(['open', '--json'], { passphrase: PASS, input: signedByBob('Carol <carol@example.org>') })).out) as SecurityReport;
    expect(forged.signature.state).toBe('mismatch');
    expect((await listedCertificates()).map((c) => c.fingerprint)).not.toContain(bobFingerprint);

    const valid = JSON.parse((await cli.run(['open', '--json'], { passphrase: PASS, input: signedByBob('Bob <bob@example.org>') })).out) as SecurityReport;
    expect(valid.signature).toMatchObject({ state: 'valid', scheme: 'smime', signer: { address: 'bob@example.org' } });
    const bob = (await listedCertificates()).find((c) => c.fingerprint === bobFingerprint);
    expect(bob).toMatchObject({ emails: ['bob@example.org'], source: 'signed mail from bob@example.org', own: false });
  });

  it('keeps the harvested certificate once, and nothing but the signer\'s certificate', async () => {
    const before = await listedCertificates();
    await cli.run(['open', '--json'], { passphrase: PASS, input: signedByBob('bob@example.org') });
    expect(await listedCertificates()).toEqual(before);
    // The CA came in with alice's .p12; harvesting neither re-files it nor stores the anchor it validated against.
    expect(before.filter((c) => c.source?.startsWith('signed mail')).map((c) => c.fingerprint)).toEqual([fx.fingerprint('harvest-bob.pem')]);
  });
});
