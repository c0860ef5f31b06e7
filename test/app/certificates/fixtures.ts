// S/MIME certificate fixtures made with the openssl CLI in a temp folder: a CA, leaves with e-mail SANs, PKCS#12 files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const P12_PASSWORD = 'p12 secret';

export interface CertificateFixtures {
  dir: string;
  path(name: string): string;
  read(name: string): Uint8Array;
  /** SHA-256 fingerprint of a PEM certificate file, lower-case hex. */
  fingerprint(name: string): string;
  cleanup(): void;
}

/**
 * ca.pem (CA "Sealmail Test CA"); alice.pem (RSA, email alice@example.org, emailProtection) with alice.key;
 * alice-ec.pem (P-256, keyAgreement); carol-expired.pem (2020 only); dave-server.pem (EKU serverAuth only);
 * chain.pem (alice + CA), alice.der; modern.p12 (OpenSSL 3 default AES-256/PBKDF2), legacy.p12 (RC2-40/3DES,
 * SHA-1 MAC), ec.p12; bob.pem (RSA, bob@example.org) with bob.key and bob.p12; all PKCS#12 files with P12_PASSWORD and the CA inside.
 * `domain` replaces example.org in every address, e.g. the mail rig's example.test.
 */
export function makeCertificateFixtures({ domain = 'example.org' }: { domain?: string } = {}): CertificateFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'sealmail-certs-'));
  const path = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/O=Sealmail Tests/CN=Sealmail Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  writeFileSync(path('ca.cnf'), [
    '[ca]', 'default_ca = test', '[test]', `dir = ${dir}`, 'database = $dir/index.txt', 'new_certs_dir = $dir', 'serial = $dir/serial',
    'default_md = sha256', 'policy = any', 'unique_subject = no', 'email_in_dn = yes', '[any]', 'commonName = supplied', 'emailAddress = optional', '',
  ].join('\n'));
  writeFileSync(path('index.txt'), '');
  writeFileSync(path('serial'), '1000\n');

  const leaf = (name: string, keyArgs: string[], subject: string, extensions: string[], dates: string[] = ['-days', '365']): void => {
    openssl('req', '-new', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    writeFileSync(path(`${name}.ext`), `${extensions.join('\n')}\n`);
    openssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${name}.csr`, '-out', `${name}.pem`, '-notext',
      '-extfile', `${name}.ext`, ...dates);
  };
  const rsa = ['-newkey', 'rsa:2048'];
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  leaf('alice', rsa, `/CN=Alice Example/emailAddress=alice@${domain}`,
    [`subjectAltName=email:alice@${domain}`, 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=emailProtection']);
  leaf('alice-ec', ec, '/CN=Alice EC', [`subjectAltName=email:alice@${domain}`, 'keyUsage=critical,digitalSignature,keyAgreement', 'extendedKeyUsage=emailProtection']);
  leaf('carol-expired', rsa, '/CN=Carol Expired', [`subjectAltName=email:carol@${domain}`, 'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=emailProtection'], ['-startdate', '20200101000000Z', '-enddate', '20210101000000Z']);
  leaf('dave-server', rsa, '/CN=Dave Server', [`subjectAltName=email:dave@${domain}`, 'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth']);
  leaf('bob', rsa, `/CN=Bob Example/emailAddress=bob@${domain}`,
    [`subjectAltName=email:bob@${domain}`, 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=emailProtection']);

  writeFileSync(path('chain.pem'), readFileSync(path('alice.pem'), 'utf8') + readFileSync(path('ca.pem'), 'utf8'));
  openssl('x509', '-in', 'alice.pem', '-outform', 'DER', '-out', 'alice.der');
  const pass = `pass:${P12_PASSWORD}`;
  openssl('pkcs12', '-export', '-in', 'alice.pem', '-inkey', 'alice.key', '-certfile', 'ca.pem', '-out', 'modern.p12', '-passout', pass);
  openssl('pkcs12', '-export', '-legacy', '-in', 'alice.pem', '-inkey', 'alice.key', '-certfile', 'ca.pem', '-out', 'legacy.p12', '-passout', pass);
  openssl('pkcs12', '-export', '-in', 'bob.pem', '-inkey', 'bob.key', '-certfile', 'ca.pem', '-out', 'bob.p12', '-passout', pass);
  openssl('pkcs12', '-export', '-in', 'alice-ec.pem', '-inkey', 'alice-ec.key', '-certfile', 'ca.pem', '-out', 'ec.p12', '-passout', pass);
  writeFileSync(path('p12-password'), `${P12_PASSWORD}\n`);
  writeFileSync(path('wrong-password'), 'not it\n');

  return {
    dir,
    path,
    read: (name) => new Uint8Array(readFileSync(path(name))),
    fingerprint: (name) => openssl('x509', '-in', name, '-noout', '-fingerprint', '-sha256').replace(/^.*=/, '').replace(/[:\s]/g, '').toLowerCase(),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
