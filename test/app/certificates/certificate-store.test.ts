// The profile's certificate store: PKCS#12 and certificate import, the protected private key, lookup for encryption, trust anchors.
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importCertificates } from '../../../app/certificates/certificate-import.js';
import { classifyCertificateFile } from '../../../app/certificates/certificate-input.js';
import { CertificateStore } from '../../../app/certificates/certificate-store.js';
import { builtInAnchors } from '../../../app/certificates/trust-anchors.js';
import { type CertificateFixtures, makeCertificateFixtures, P12_PASSWORD } from './fixtures.js';

const PASS = 'profile passphrase';
let fx: CertificateFixtures;
let profile: string;
beforeAll(() => {
  fx = makeCertificateFixtures();
});
afterAll(() => fx.cleanup());
beforeEach(async () => {
  profile = join(await mkdtemp(join(tmpdir(), 'sealmail-store-')), 'profile');
});
afterEach(() => rm(join(profile, '..'), { recursive: true, force: true }));

async function importFiles(store: CertificateStore, names: string[], password = P12_PASSWORD) {
  const inputs = names.map((name) => {
    const data = fx.read(name);
    const found = classifyCertificateFile({ data, name });
    if (found.kind === 'pkcs12') return { kind: 'pkcs12' as const, data, password, source: fx.path(name) };
    if (found.kind === 'certificates') return { kind: 'certificates' as const, certificates: found.certificates, source: fx.path(name) };
    throw new Error(`${name} is neither`);
  });
  let asked = 0;
  const imported = await importCertificates({ store, inputs, passphrase: async () => (asked++, PASS) });
  return { imported, asked };
}

describe('PKCS#12 import', () => {
  it.each(['modern.p12', 'legacy.p12', 'ec.p12'])('stores the certificate of %s as own, its key encrypted, and the CA as another certificate', async (name) => {
    const store = await CertificateStore.open({ profile });
    const { imported, asked } = await importFiles(store, [name]);
    const leaf = fx.fingerprint(name === 'ec.p12' ? 'alice-ec.pem' : 'alice.pem');
    expect(asked).toBe(1);
    expect(imported).toEqual([
      { fingerprint: leaf, subject: expect.stringContaining('CN=Alice') as string, own: true, status: 'new' },
      { fingerprint: fx.fingerprint('ca.pem'), subject: 'O=Sealmail Tests, CN=Sealmail Test CA', own: false, status: 'new' },
    ]);

    const keyFile = await readFile(join(profile, 'certs', `${leaf}.key.pem`), 'utf8');
    expect(keyFile).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(keyFile).not.toContain('BEGIN PRIVATE KEY');
    expect((await stat(join(profile, 'certs', `${leaf}.key.pem`))).mode & 0o777).toBe(0o600);
    expect((await stat(join(profile, 'certs', 'index.json'))).mode & 0o777).toBe(0o600);

    const reopened = await CertificateStore.open({ profile });
    const key = await reopened.privateKey(leaf, PASS);
    const cert = new X509Certificate(reopened.find(leaf).der);
    expect(cert.checkPrivateKey(key)).toBe(true);
    await expect(reopened.privateKey(leaf, 'wrong')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    expect(reopened.ownCertificates().map((c) => c.fingerprint)).toEqual([leaf]);
    expect(reopened.find('Sealmail Test CA').meta).toMatchObject({ own: false, source: fx.path(name) });
  });

  it('a wrong PKCS#12 password is one wrong-passphrase error naming the file, and nothing is stored', async () => {
    const store = await CertificateStore.open({ profile });
    await expect(importFiles(store, ['chain.pem', 'legacy.p12'], 'nope')).rejects.toMatchObject({
      code: 'wrong-passphrase',
      message: `${fx.path('legacy.p12')}: the PKCS#12 password is wrong`,
    });
    expect(store.list()).toEqual([]);
    expect((await CertificateStore.open({ profile })).list()).toEqual([]);
  });

  it('a second own key must come with the passphrase that protects the first', async () => {
    const store = await CertificateStore.open({ profile });
    await importFiles(store, ['modern.p12']);
    const data = fx.read('ec.p12');
    const inputs = [{ kind: 'pkcs12' as const, data, password: P12_PASSWORD, source: 'ec.p12' }];
    await expect(importCertificates({ store, inputs, passphrase: async () => 'another' })).rejects.toMatchObject({ code: 'wrong-passphrase' });
    expect(store.ownCertificates()).toHaveLength(1);
    await importCertificates({ store, inputs, passphrase: async () => PASS });
    expect(store.ownCertificates()).toHaveLength(2);
  });

  it('importing the certificate first and its PKCS#12 later makes it own, keeping its provenance', async () => {
    const store = await CertificateStore.open({ profile });
    await importFiles(store, ['alice.pem']);
    const { imported } = await importFiles(store, ['modern.p12']);
    expect(imported[0]).toMatchObject({ own: true, status: 'updated' });
    expect(store.find('alice@example.org').meta).toMatchObject({ own: true, source: fx.path('alice.pem') });
  });
});

describe('certificate files', () => {
  it('reads PEM chains, DER certificates and PKCS#12 by content, and nothing else', () => {
    const chain = classifyCertificateFile({ data: fx.read('chain.pem'), name: 'chain.pem' });
    expect(chain.kind === 'certificates' && chain.certificates.length).toBe(2);
    const der = classifyCertificateFile({ data: fx.read('alice.der'), name: 'x.bin' });
    expect(der.kind === 'certificates' && der.certificates.length).toBe(1);
    expect(classifyCertificateFile({ data: fx.read('legacy.p12'), name: 'bundle.bin' })).toEqual({ kind: 'pkcs12' });
    expect(classifyCertificateFile({ data: new TextEncoder().encode('hello'), name: 'x.txt' })).toEqual({ kind: 'other' });
    expect(classifyCertificateFile({ data: new TextEncoder().encode('hello'), name: 'x.pfx' })).toEqual({ kind: 'pkcs12' });
  });

  it('lists, finds by prefix, subject or address, and deletes certificates', async () => {
    const store = await CertificateStore.open({ profile });
    const { imported, asked } = await importFiles(store, ['chain.pem', 'alice.der']);
    expect(asked).toBe(0);
    expect(imported.map((i) => i.status)).toEqual(['new', 'new', 'unchanged']);
    const alice = fx.fingerprint('alice.pem');
    expect(store.find(alice.slice(0, 8)).fingerprint).toBe(alice);
    expect(store.find('alice example').fingerprint).toBe(alice);
    expect(store.find('ALICE@example.org').facts).toMatchObject({ emails: ['alice@example.org'], ca: false, keyUsage: ['digitalSignature', 'keyEncipherment'] });
    expect(() => store.find('CN=')).toThrow(expect.objectContaining({ code: 'bad-option' }));
    expect(() => store.find('bob@example.org')).toThrow(expect.objectContaining({ code: 'no-key' }));
    await store.remove(alice);
    expect((await CertificateStore.open({ profile })).list().map((c) => c.fingerprint)).toEqual([fx.fingerprint('ca.pem')]);
    expect((await readdir(join(profile, 'certs'))).filter((f) => f.startsWith(alice))).toEqual([]);
  });
});

describe('encryptionCertificatesFor', () => {
  it('finds valid emailProtection certificates by address and ignores expired and serverAuth-only ones', async () => {
    const store = await CertificateStore.open({ profile });
    await importFiles(store, ['alice.pem', 'alice-ec.pem', 'carol-expired.pem', 'dave-server.pem', 'ca.pem']);
    const found = (address: string, date?: Date) => store.encryptionCertificatesFor(address, date).map((c) => c.fingerprint);
    expect(found('Alice@Example.org').sort()).toEqual([fx.fingerprint('alice.pem'), fx.fingerprint('alice-ec.pem')].sort());
    expect(found('carol@example.org')).toEqual([]);
    expect(found('carol@example.org', new Date('2020-06-01T00:00:00Z'))).toEqual([fx.fingerprint('carol-expired.pem')]);
    expect(found('dave@example.org')).toEqual([]);
    expect(found('alice@example.org', new Date(Date.now() + 2 * 365 * 86400_000))).toEqual([]);
  });
});

describe('trust anchors', () => {
  it("are Node's Mozilla roots plus added ones minus distrusted ones, kept across reopening", async () => {
    const store = await CertificateStore.open({ profile });
    const der = (pem: string) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const hexes = (list: Uint8Array[]) => list.map((d) => Buffer.from(d).toString('hex'));
    expect(hexes(store.trustAnchors())).toEqual(rootCertificates.map((pem) => der(pem).toString('hex')));

    const ca = fx.read('ca.pem');
    const caDer = (classifyCertificateFile({ data: ca, name: 'ca.pem' }) as { certificates: Uint8Array[] }).certificates[0] as Uint8Array;
    expect((await store.addAnchor({ certificate: caDer, source: 'test' })).status).toBe('new');
    expect((await store.addAnchor({ certificate: caDer, source: 'test' })).status).toBe('unchanged');
    expect(hexes(store.trustAnchors())).toContain(Buffer.from(caDer).toString('hex'));
    expect((await stat(join(profile, 'certs', 'anchors', `${fx.fingerprint('ca.pem')}.pem`))).mode & 0o777).toBe(0o600);

    const [mozilla] = builtInAnchors();
    await store.distrust(mozilla!.fingerprint.slice(0, 10));
    expect(await store.distrust('Sealmail Test CA')).toEqual({ fingerprint: fx.fingerprint('ca.pem'), subject: 'O=Sealmail Tests, CN=Sealmail Test CA' });
    const reopened = await CertificateStore.open({ profile });
    const anchors = hexes(reopened.trustAnchors());
    expect(anchors).toHaveLength(rootCertificates.length - 1);
    expect(anchors).not.toContain(Buffer.from(mozilla!.der).toString('hex'));
    expect(anchors).not.toContain(Buffer.from(caDer).toString('hex'));
    expect(reopened.anchors().filter((a) => a.distrusted).map((a) => a.origin)).toEqual(['built-in', 'added']);

    expect((await reopened.addAnchor({ certificate: caDer, source: 'test' })).status).toBe('restored');
    expect(hexes(reopened.trustAnchors())).toContain(Buffer.from(caDer).toString('hex'));
  });

  it('distrust refuses an ambiguous or unknown ID but records an unknown full fingerprint', async () => {
    const store = await CertificateStore.open({ profile });
    await expect(store.distrust('Root')).rejects.toMatchObject({ code: 'bad-option' });
    await expect(store.distrust('no such authority anywhere')).rejects.toMatchObject({ code: 'no-key' });
    const unknown = 'ab'.repeat(32);
    expect(await store.distrust(unknown)).toEqual({ fingerprint: unknown, subject: '' });
    expect(store.distrusted()).toMatchObject([{ fingerprint: unknown }]);
  });
});
