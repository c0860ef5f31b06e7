// Server certificates for the TLS check, one good and three that must fail (self-signed, wrong name, expired), made with openssl.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface KeyAndCert {
  key: string;
  cert: string;
}

export interface TestCertificates {
  /** A CA the client may be told to trust, so only the named flaw remains. */
  caPem: string;
  /** Self-signed, for 127.0.0.1. */
  selfSigned: KeyAndCert;
  /** Issued by the CA, for mail.other.example only. */
  wrongName: KeyAndCert;
  /** Issued by the CA for 127.0.0.1, expired yesterday. */
  expired: KeyAndCert;
  /** Issued by the CA for 127.0.0.1, valid for 30 days: good when the CA is trusted. */
  trusted: KeyAndCert;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'sealmail-test-certs-'));
  const path = (name: string): string => join(dir, name);
  const openssl = (args: string[]): Promise<unknown> => promisify(execFile)('openssl', args, { cwd: dir });
  try {
    await openssl(['req', '-x509', ...EC_KEY, '-days', '1', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=Bad certificates test CA', '-addext', 'basicConstraints=critical,CA:TRUE']);
    await openssl(['req', '-x509', ...EC_KEY, '-days', '1', '-keyout', 'self.key', '-out', 'self.crt', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
    const issue = async (name: string, san: string, days: string): Promise<KeyAndCert> => {
      await openssl(['req', '-new', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
      await writeFile(path(`${name}.ext`), `subjectAltName=${san}\n`);
      // OpenSSL 3.0 takes a negative -days, which makes a certificate that expired before it was issued.
      await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-days', days, '-extfile', `${name}.ext`, '-out', `${name}.crt`]);
      return read(name);
    };
    const read = async (name: string): Promise<KeyAndCert> => ({ key: await readFile(path(`${name}.key`), 'utf8'), cert: await readFile(path(`${name}.crt`), 'utf8') });
    return {
      caPem: await readFile(path('ca.crt'), 'utf8'),
      selfSigned: await read('self'),
      wrongName: await issue('wrong-name', 'DNS:mail.other.example', '1'),
      expired: await issue('expired', 'IP:127.0.0.1', '-1'),
      trusted: await issue('trusted', 'IP:127.0.0.1', '30'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
