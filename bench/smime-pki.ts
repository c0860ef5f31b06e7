// Case (e)'s keys: a throwaway CA and two RSA 2048 leaves (alice signs, bob receives) made with the openssl CLI once per run.
// (test/helpers/smime-pki.ts does the same for the tests, but test/ is not part of the bench's build.)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALICE, BOB } from './workspace.js';

export interface SmimeFiles {
  dir: string;
  caCert: string;
  /** PEM certificate, PKCS#8 PEM key, PKCS#8 DER key (what smimeDecrypt takes). */
  alice: { cert: string; key: string; keyDer: string };
  bob: { cert: string; key: string; keyDer: string };
}

const LEAF_EXTENSIONS = (email: string) =>
  [
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = emailProtection',
    `subjectAltName = email:${email}`,
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
  ].join('\n');

const CA_EXTENSIONS = ['basicConstraints = critical, CA:TRUE', 'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash'].join('\n');

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA (RSA 2048, self-signed) and alice@ and bob@ leaves under it, with emailProtection, in `<dir>/smime`. */
export function makeSmimeFiles(workspaceDir: string): SmimeFiles {
  const dir = join(workspaceDir, 'smime');
  mkdirSync(dir);
  writeFileSync(join(dir, 'ca.ext'), CA_EXTENSIONS);
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'ca.key'], dir);
  openssl(['req', '-new', '-x509', '-key', 'ca.key', '-subj', '/CN=Sealmail Bench CA', '-days', '30', '-sha256', '-extensions', 'v3_ca', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.pem'], dir);
  const leaf = (name: string, email: string) => {
    writeFileSync(join(dir, `${name}.ext`), LEAF_EXTENSIONS(email));
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`], dir);
    openssl(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir);
    openssl(['pkey', '-in', `${name}.key`, '-outform', 'DER', '-out', `${name}.key.der`], dir);
    return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`), keyDer: join(dir, `${name}.key.der`) };
  };
  return { dir, caCert: join(dir, 'ca.pem'), alice: leaf('alice', ALICE), bob: leaf('bob', BOB) };
}
