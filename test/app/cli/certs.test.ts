// `sealmail keys ...` and `sealmail certs ...` with S/MIME certificates, as a user runs them: import, list, export, delete, anchors.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CertificateFixtures, makeCertificateFixtures } from '../certificates/fixtures.js';
import { type CliWorld, cliWorld, expectOneLineError } from './run-cli.js';

const PASS = 'profile passphrase';
let fx: CertificateFixtures;
let cli: CliWorld;
beforeAll(() => {
  fx = makeCertificateFixtures();
});
afterAll(() => fx.cleanup());
beforeEach(async () => {
  cli = await cliWorld();
});
afterEach(() => cli.cleanup());

const p12 = (name: string, passwordFile = 'p12-password'): string[] => ['keys', 'import', fx.path(name), '--p12-password-file', fx.path(passwordFile)];

interface ListedCertificate {
  kind: string;
  fingerprint: string;
  subject: string;
  issuer: string;
  emails: string[];
  own: boolean;
  source: string;
}

async function listed(): Promise<ListedCertificate[]> {
  const result = await cli.run(['keys', 'list', '--json']);
  expect(result.code).toBe(0);
  return (JSON.parse(result.out) as ListedCertificate[]).filter((k) => k.kind === 'x509');
}

describe('keys import with PKCS#12 files', () => {
  it.each(['modern.p12', 'legacy.p12'])('imports %s: own certificate with its key encrypted under the profile passphrase', async (name) => {
    const result = await cli.run(p12(name), { passphrase: PASS });
    expect(result.stderr).toBe('');
    const alice = fx.fingerprint('alice.pem');
    expect(result.out).toBe(
      `${alice}  certificate+key  new  CN=Alice Example, emailAddress=alice@example.org\n` +
        `${fx.fingerprint('ca.pem')}  certificate  new  O=Sealmail Tests, CN=Sealmail Test CA\n`,
    );
    expect(await listed()).toMatchObject([
      { fingerprint: alice, own: true, emails: ['alice@example.org'], issuer: 'O=Sealmail Tests, CN=Sealmail Test CA', source: fx.path(name) },
      { fingerprint: fx.fingerprint('ca.pem'), own: false },
    ]);

    const keyPath = join(cli.profile, 'certs', `${alice}.key.pem`);
    const keyFile = await readFile(keyPath, 'utf8');
    expect(keyFile).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    for (const file of await readdir(join(cli.profile, 'certs'))) {
      if (file.endsWith('.pem')) expect(await readFile(join(cli.profile, 'certs', file), 'utf8')).not.toContain('BEGIN PRIVATE KEY');
    }
    const openssl = (pass: string) => execFileSync('openssl', ['pkey', '-in', keyPath, '-passin', `pass:${pass}`, '-pubout'], { stdio: 'pipe', encoding: 'utf8' });
    expect(openssl(PASS)).toBe(execFileSync('openssl', ['x509', '-in', fx.path('alice.pem'), '-noout', '-pubkey'], { encoding: 'utf8' }));
    expect(() => openssl('wrong')).toThrow();
  });

  it('a wrong PKCS#12 password, a missing password file, or a file that is no key at all is one line, and nothing is stored', async () => {
    expectOneLineError(await cli.run(p12('legacy.p12', 'wrong-password'), { passphrase: PASS }), 1, `${fx.path('legacy.p12')}: the PKCS#12 password is wrong`);
    expectOneLineError(await cli.run(['keys', 'import', fx.path('modern.p12')], { passphrase: PASS }), 1, /modern\.p12 is a PKCS#12 file; give its password with --p12-password-file FILE/);
    const junk = await cli.file('junk.txt', 'hello, not a key\n');
    expectOneLineError(await cli.run(['keys', 'import', junk]), 1, `${junk}: no OpenPGP key found in the data, nor an X.509 certificate or a PKCS#12 file`);
    const damaged = await cli.file('damaged.pfx', 'garbage');
    expectOneLineError(await cli.run(['keys', 'import', damaged, '--p12-password-file', fx.path('p12-password')]), 1, /damaged\.pfx: not a readable PKCS#12 file/);
    expect(await listed()).toEqual([]);
  });

  it('needs the profile passphrase for the private key', async () => {
    expectOneLineError(await cli.run(p12('modern.p12')), 1, /a passphrase is needed and there is no terminal to ask on/);
    expect(await listed()).toEqual([]);
  });
});

describe('keys export --secret for your certificate', () => {
  it('writes a PKCS#12 file with the key, certificate and chain that openssl and Sealmail read back', async () => {
    await cli.run(p12('legacy.p12'), { passphrase: PASS });
    const alice = fx.fingerprint('alice.pem');
    const exported = await cli.run(['keys', 'export', 'alice@example.org', '--secret', '--p12-password-file', fx.path('wrong-password')], { passphrase: PASS });
    expect(exported.stderr).toBe('');
    const out = await cli.file('out.p12', exported.stdout);
    const dump = execFileSync('openssl', ['pkcs12', '-in', out, '-passin', 'pass:not it', '-nodes', '-info'], { encoding: 'utf8', stdio: 'pipe' });
    expect(dump).toContain('BEGIN PRIVATE KEY');
    expect(dump.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const info = spawnSync('openssl', ['pkcs12', '-in', out, '-passin', 'pass:not it', '-noout', '-info'], { encoding: 'utf8' });
    expect(info.stderr).toMatch(/PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256/);

    const other = await cliWorld();
    try {
      const back = await other.run(['keys', 'import', out, '--p12-password-file', fx.path('wrong-password')], { passphrase: 'another' });
      expect(back.out).toContain(`${alice}  certificate+key  new`);
    } finally {
      await other.cleanup();
    }
    expectOneLineError(await cli.run(['keys', 'export', alice, '--secret'], { passphrase: PASS }), 2, 'exporting a certificate with its private key needs --p12-password-file FILE');
    expectOneLineError(
      await cli.run(['keys', 'export', alice, '--secret', '--p12-password-file', fx.path('p12-password')], { passphrase: 'wrong' }),
      1,
      'the passphrase does not unlock the S/MIME private key',
    );
    expectOneLineError(await cli.run(['keys', 'export', 'Sealmail Test CA', '--secret', '--p12-password-file', fx.path('p12-password')], { passphrase: PASS }), 1, /the store holds no private key for certificate/);
  });
  // EC identities export too: test/app/cli/smime-export.test.ts.
});

describe('certificates in keys import, list, export and delete', () => {
  it('imports PEM chains and DER certificates without a passphrase, exports one as PEM and deletes it with --yes', async () => {
    const imported = await cli.run(['keys', 'import', fx.path('chain.pem'), fx.path('alice.der'), fx.path('carol-expired.pem')]);
    expect(imported.stderr).toBe('');
    const alice = fx.fingerprint('alice.pem');
    expect(imported.out.split('\n').map((l) => l.split('  ').slice(0, 3).join(' '))).toEqual([
      `${alice} certificate new`,
      `${fx.fingerprint('ca.pem')} certificate new`,
      `${alice} certificate unchanged`,
      `${fx.fingerprint('carol-expired.pem')} certificate new`,
      '',
    ]);

    const text = (await cli.run(['keys', 'list'])).out;
    expect(text).toContain(`cert  ${alice}  other  valid `);
    expect(text).toContain('      email    alice@example.org\n');
    expect(text).toContain('      issuer   O=Sealmail Tests, CN=Sealmail Test CA\n');
    expect(text).toMatch(new RegExp(`cert  ${fx.fingerprint('carol-expired.pem')}  other  valid 2020-01-01 to 2021-01-01, EXPIRED`));
    expect(text).toContain(`      from     ${fx.path('chain.pem')}, added `);
    expect((await cli.run(['certs', 'list'])).out).toBe(text);

    const exported = await cli.run(['keys', 'export', alice.slice(0, 12)]);
    expect(exported.out).toBe(await readFile(fx.path('alice.pem'), 'utf8'));
    expectOneLineError(await cli.run(['keys', 'export', 'CN=']), 2, /"CN=" matches several keys/);

    expectOneLineError(await cli.run(['keys', 'delete', 'carol']), 2, `deleting the certificate ${fx.fingerprint('carol-expired.pem')} cannot be undone; add --yes to confirm`);
    expect(await cli.run(['keys', 'delete', 'carol', '--yes'])).toMatchObject({ code: 0, out: `${fx.fingerprint('carol-expired.pem')}  deleted\n` });
    expect((await listed()).map((c) => c.fingerprint)).toEqual([alice, fx.fingerprint('ca.pem')]);
    expectOneLineError(await cli.run(['keys', 'delete', 'carol', '--yes']), 2, /"carol" is not a key ID and no certificate subject contains it/);
  });

  it('deletes an OpenPGP key too, and an own certificate with its private key', async () => {
    const generated = await cli.run(['keys', 'generate', '--uid', 'Bob <bob@example.org>'], { passphrase: PASS });
    const bob = generated.out.trim();
    await cli.run(p12('ec.p12'), { passphrase: PASS });
    const aliceEc = fx.fingerprint('alice-ec.pem');

    // One view per address: `keys list ADDR` shows that address's OpenPGP keys and certificates, and nothing else.
    await cli.run(['keys', 'generate', '--uid', 'Alice <alice@example.org>'], { passphrase: PASS });
    const forAlice = JSON.parse((await cli.run(['keys', 'list', 'Alice@Example.org', '--json'])).out) as { fingerprint: string; type?: string }[];
    expect(forAlice.map((k) => k.fingerprint)).toContain(aliceEc);
    expect(forAlice).toHaveLength(2);
    expect(forAlice.map((k) => k.fingerprint)).not.toContain(bob);
    expectOneLineError(await cli.run(['keys', 'list', 'nobody@example.org']), 1, 'no OpenPGP key and no S/MIME certificate for nobody@example.org; find one with: sealmail keys lookup nobody@example.org');
    expectOneLineError(await cli.run(['keys', 'delete', 'bob@example.org']), 2, `deleting the OpenPGP key ${bob} and its secret key cannot be undone; add --yes to confirm`);
    expect((await cli.run(['keys', 'delete', bob, '--yes'])).out).toBe(`${bob}  deleted\n`);
    expect((await cli.run(['keys', 'delete', aliceEc.slice(0, 8), '--yes'])).out).toBe(`${aliceEc}  deleted\n`);
    const left = JSON.parse((await cli.run(['keys', 'list', '--json'])).out) as { fingerprint: string; userIds?: { address: string | null }[] }[];
    expect(left.filter((k) => !k.userIds?.some((u) => u.address === 'alice@example.org')).map((k) => k.fingerprint)).toEqual([fx.fingerprint('ca.pem')]);
    expect((await readdir(join(cli.profile, 'certs'))).filter((f) => f.startsWith(aliceEc))).toEqual([]);
  });
});

describe('certs anchor, distrust and list --anchors', () => {
  interface Anchors {
    anchors: { fingerprint: string; subject: string; origin: string; distrusted: boolean; source?: string }[];
    distrusted: { fingerprint: string }[];
  }
  const anchors = async (): Promise<Anchors> => JSON.parse((await cli.run(['certs', 'list', '--anchors', '--json'])).out) as Anchors;

  it('adds an anchor, distrusts it and a built-in Mozilla root, and trusts it again when added again', async () => {
    const before = await anchors();
    expect(before.anchors.length).toBeGreaterThan(100);
    expect(before.anchors.every((a) => a.origin === 'built-in' && !a.distrusted)).toBe(true);
    const ca = fx.fingerprint('ca.pem');
    expect((await cli.run(['certs', 'anchor', fx.path('ca.pem')])).out).toBe(`${ca}  new  O=Sealmail Tests, CN=Sealmail Test CA\n`);
    expect((await anchors()).anchors.at(-1)).toMatchObject({ fingerprint: ca, origin: 'added', distrusted: false, source: fx.path('ca.pem') });

    const mozilla = before.anchors[0]!;
    expect((await cli.run(['certs', 'distrust', mozilla.fingerprint.slice(0, 8)])).out).toBe(`${mozilla.fingerprint}  distrusted  ${mozilla.subject}\n`);
    expect((await cli.run(['certs', 'distrust', 'Sealmail Test CA'])).out).toBe(`${ca}  distrusted  O=Sealmail Tests, CN=Sealmail Test CA\n`);
    const after = await anchors();
    expect(after.anchors.filter((a) => a.distrusted).map((a) => a.fingerprint)).toEqual([mozilla.fingerprint, ca]);
    expect(after.distrusted.map((d) => d.fingerprint)).toEqual([mozilla.fingerprint, ca]);
    expect((await cli.run(['certs', 'list', '--anchors'])).out).toContain(`${ca}  added DISTRUSTED  until `);

    expect((await cli.run(['certs', 'anchor', fx.path('ca.pem')])).out).toBe(`${ca}  restored  O=Sealmail Tests, CN=Sealmail Test CA\n`);
    expect((await anchors()).anchors.filter((a) => a.distrusted).map((a) => a.fingerprint)).toEqual([mozilla.fingerprint]);
  });

  it('refuses ambiguous and unknown IDs and files without certificates in one line', async () => {
    expectOneLineError(await cli.run(['certs', 'distrust', 'Root']), 2, /"Root" matches \d+ certificates among the trust anchors/);
    expectOneLineError(await cli.run(['certs', 'distrust', 'deadbeef00']), 1, 'no certificate among the trust anchors matches "deadbeef00"');
    const junk = await cli.file('junk.pem', 'not a certificate');
    expectOneLineError(await cli.run(['certs', 'anchor', junk]), 1, `${junk}: no X.509 certificate found in the data`);
    expectOneLineError(await cli.run(['certs', 'anchor', fx.path('modern.p12')]), 1, /no X\.509 certificate found in the data/);
  });
});
