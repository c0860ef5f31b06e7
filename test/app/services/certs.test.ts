// The key manager's S/MIME certificate services through dispatch(), as every transport calls them, with OpenSSL-made certificates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/contract/dispatch.js';
import type { Result } from '../../../app/contract/result.js';
import type { CertificateView } from '../../../app/contract/views.js';
import { makeCertificateFixtures, P12_PASSWORD, type CertificateFixtures } from '../certificates/fixtures.js';
import { servicesWorld, type ServicesWorld } from './services-world.js';

let world: ServicesWorld;
let fixtures: CertificateFixtures;
const raw = (method: string, input?: unknown): Promise<Result<unknown>> => dispatch(world.running.services, method, input);
const call = <T>(method: string, input?: unknown): Promise<T> => world.call<T>(method, input);
const pem = (name: string): string => new TextDecoder().decode(fixtures.read(name));
const base64 = (name: string): string => Buffer.from(fixtures.read(name)).toString('base64');

beforeAll(async () => {
  fixtures = makeCertificateFixtures();
  world = await servicesWorld('certs-service');
  await call('session.unlock', { passphrase: 'certs service passphrase' });
}, 60_000);

afterAll(async () => {
  fixtures?.cleanup();
  await world?.cleanup();
});

describe('certs services', () => {
  it('refuses a PKCS#12 file with the wrong password in one line and stores nothing', async () => {
    const result = await raw('certs.importIdentity', { base64: base64('modern.p12'), password: 'not it' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).not.toContain('\n');
    expect(result.error.code).toBe('wrong-passphrase');
    expect(await call('certs.list', {})).toEqual([]);
  });

  it('imports a PKCS#12 file: the own certificate with its addresses, the CA as someone else\'s', async () => {
    const imported = await call<CertificateView[]>('certs.importIdentity', { base64: base64('legacy.p12'), password: P12_PASSWORD });
    const alice = imported.find((c) => c.own);
    expect(alice).toMatchObject({ fingerprint: fixtures.fingerprint('alice.pem'), emails: ['alice@example.org'], canSign: true, canEncrypt: true, provenance: 'pkcs12', expired: false });
    expect(alice?.subject).toContain('CN=Alice Example');
    expect(alice?.issuer).toContain('CN=Sealmail Test CA');
    expect(imported.find((c) => !c.own)).toMatchObject({ fingerprint: fixtures.fingerprint('ca.pem'), ca: true, anchor: false });
    const listed = await call<CertificateView[]>('certs.list', { filter: 'alice@example' });
    expect(listed.map((c) => [c.fingerprint, c.own])).toEqual([[fixtures.fingerprint('alice.pem'), true]]);
  });

  it('imports others\' certificates as PEM or base64 DER, and shows an expired one as expired', async () => {
    const [carol] = await call<CertificateView[]>('certs.importCertificate', { pem: pem('carol-expired.pem') });
    expect(carol).toMatchObject({ own: false, expired: true, canEncrypt: false, canSign: false, emails: ['carol@example.org'], provenance: 'imported' });
    const again = await call<CertificateView[]>('certs.importCertificate', { pem: base64('alice.der') });
    expect(again.map((c) => c.own)).toEqual([true]);
    const bad = await raw('certs.importCertificate', { pem: 'hello' });
    expect(bad.ok ? null : bad.error.code).toBe('bad-key');
  });

  it('exports a certificate as PEM, never its private key', async () => {
    const { pem: exported } = await call<{ pem: string }>('certs.export', { fingerprint: fixtures.fingerprint('alice.pem') });
    expect(exported).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(exported).not.toContain('PRIVATE KEY');
    expect(exported.replace(/\s/g, '')).toBe(pem('alice.pem').replace(/\s/g, ''));
  });

  it('adds a trust anchor, lists it, and distrusts it', async () => {
    const ca = fixtures.fingerprint('ca.pem');
    const [added] = await call<CertificateView[]>('certs.addAnchor', { pem: pem('ca.pem') });
    expect(added).toMatchObject({ fingerprint: ca, anchor: true, distrusted: false });
    expect((await call<CertificateView[]>('certs.anchors', {})).map((a) => a.fingerprint)).toEqual([ca]);
    const colons = ca.match(/../g)?.join(':').toUpperCase();
    expect(await call<CertificateView>('certs.distrust', { fingerprint: colons })).toMatchObject({ fingerprint: ca, distrusted: true });
    expect((await call<CertificateView[]>('certs.anchors', {}))[0]?.distrusted).toBe(true);
    expect((await call<CertificateView[]>('certs.list', { filter: 'Test CA' }))[0]).toMatchObject({ anchor: true, distrusted: true });
  });

  it('removes a certificate; a malformed fingerprint is a bad request', async () => {
    await call('certs.remove', { fingerprint: fixtures.fingerprint('carol-expired.pem') });
    expect((await call<CertificateView[]>('certs.list', {})).some((c) => c.emails.includes('carol@example.org'))).toBe(false);
    const bad = await raw('certs.remove', { fingerprint: 'abc' });
    expect(bad.ok ? null : bad.error.code).toBe('bad-request');
  });

  it('needs the profile unlocked', async () => {
    world.running.lock();
    const locked = await raw('certs.list', {});
    expect(locked.ok ? null : locked.error.code).toBe('passphrase-required');
  });
});
