// Server certificates for the hostile-server tests, good and bad, made with the openssl CLI in a temporary folder.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oneLine, runTool } from '../../rig/processes.js';

export interface KeyPair {
  key: string;
  cert: string;
}

export interface TestCertificates {
  /** The CA the client is told to trust (`account.ca`). */
  caPem: string;
  /** Issued by the CA for 127.0.0.1: what an honest server shows. */
  good: KeyPair;
  /** Issued by the CA for 127.0.0.1, valid only on 1-2 January 2020. */
  expired: KeyPair;
  /** Issued by the CA for another host only. */
  wrongName: KeyPair;
  /** Self-signed for 127.0.0.1. */
  selfSigned: KeyPair;
  /** Another self-signed certificate for 127.0.0.1, to show a pin accepts one certificate only. */
  otherSelfSigned: KeyPair;
  /** Issued for 127.0.0.1 by a CA the client does not know. */
  unknownCa: KeyPair;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
const SERVER_EXTENSIONS = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth'];

// OpenSSL 3.0's `x509 -req` has no -not_before/-not_after (3.4 adds them) and faketime is not
// installed, so the expired certificate is signed with `openssl ca`, whose -startdate/-enddate
// set any validity period, here one long past.
const caConfig = (dir: string): string => `[ca]
default_ca = test
[test]
database = ${dir}/index.txt
new_certs_dir = ${dir}
serial = ${dir}/serial
default_md = sha256
policy = anything
copy_extensions = copy
unique_subject = no
[anything]
commonName = supplied
`;

export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'sealmail-transport-certs-'));
  const file = (name: string): string => join(dir, name);
  try {
    const ca = await selfSigned(file, 'ca', 'Sealmail transport test CA', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign']);
    await selfSigned(file, 'other-ca', 'Unknown CA', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign']);
    const issued = async (name: string, issuer: string, san: string): Promise<KeyPair> => {
      await openssl(['req', '-x509', '-CA', file(`${issuer}.crt`), '-CAkey', file(`${issuer}.key`), ...EC_KEY, '-days', '1',
        '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-subj', `/CN=${name}`,
        ...['subjectAltName=' + san, ...SERVER_EXTENSIONS].flatMap((e) => ['-addext', e])]);
      return pair(file, name);
    };
    await writeFile(file('ca.cnf'), caConfig(dir));
    await writeFile(file('index.txt'), '');
    await writeFile(file('serial'), '01\n');
    await openssl(['req', '-new', ...EC_KEY, '-keyout', file('expired.key'), '-out', file('expired.csr'), '-subj', '/CN=expired',
      ...['subjectAltName=IP:127.0.0.1', ...SERVER_EXTENSIONS].flatMap((e) => ['-addext', e])]);
    await openssl(['ca', '-batch', '-config', file('ca.cnf'), '-cert', file('ca.crt'), '-keyfile', file('ca.key'), '-notext',
      '-in', file('expired.csr'), '-out', file('expired.crt'), '-startdate', '20200101000000Z', '-enddate', '20200102000000Z']);
    return {
      caPem: ca.cert,
      good: await issued('good', 'ca', 'IP:127.0.0.1'),
      expired: await pair(file, 'expired'),
      wrongName: await issued('wrong-name', 'ca', 'DNS:mail.elsewhere.example'),
      selfSigned: await selfSigned(file, 'self-signed', 'self-signed', ['subjectAltName=IP:127.0.0.1', ...SERVER_EXTENSIONS]),
      otherSelfSigned: await selfSigned(file, 'other-self-signed', 'other', ['subjectAltName=IP:127.0.0.1', ...SERVER_EXTENSIONS]),
      unknownCa: await issued('unknown-ca', 'other-ca', 'IP:127.0.0.1'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function selfSigned(file: (name: string) => string, name: string, cn: string, extensions: string[]): Promise<KeyPair> {
  await openssl(['req', '-x509', ...EC_KEY, '-days', '1', '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-subj', `/CN=${cn}`,
    ...extensions.flatMap((e) => ['-addext', e])]);
  return pair(file, name);
}

async function pair(file: (name: string) => string, name: string): Promise<KeyPair> {
  return { key: await readFile(file(`${name}.key`), 'utf8'), cert: await readFile(file(`${name}.crt`), 'utf8') };
}

async function openssl(args: string[]): Promise<void> {
  const run = await runTool('openssl', args);
  if (run.code !== 0) throw new Error(`openssl ${args[0]} failed: ${oneLine(run.output) || `exit status ${run.code}`}`);
}
