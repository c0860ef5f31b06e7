// A throwaway CA and one server certificate for the test domain's autoconfig hosts, made with the openssl CLI.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SiteCertificates {
  /** What the client is told to trust instead of the public roots. */
  caPem: string;
  key: string;
  /** Valid for the given names only: autoconfig.example.test and example.test unless told otherwise. */
  cert: string;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

export async function makeSiteCertificates(names: readonly string[] = ['autoconfig.example.test', 'example.test']): Promise<SiteCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'sealmail-autoconfig-certs-'));
  const openssl = (args: string[]): Promise<unknown> => promisify(execFile)('openssl', args, { cwd: dir, timeout: 20_000 });
  try {
    await openssl(['req', '-x509', ...EC_KEY, '-days', '1', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=Sealmail autoconfig test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
    await openssl(['req', '-x509', '-CA', 'ca.crt', '-CAkey', 'ca.key', ...EC_KEY, '-days', '1', '-keyout', 'site.key', '-out', 'site.crt',
      '-subj', '/CN=example.test', '-addext', `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
      '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'extendedKeyUsage=serverAuth']);
    const read = (name: string): Promise<string> => readFile(join(dir, name), 'utf8');
    return { caPem: await read('ca.crt'), key: await read('site.key'), cert: await read('site.crt') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
