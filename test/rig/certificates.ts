// A throwaway CA and the rig's server certificate (localhost, 127.0.0.1, 127.0.0.2), made with the openssl CLI.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { oneLine, runTool } from './processes.js';

export interface RigCertificates {
  /** The CA certificate, PEM: the only thing a client needs to trust the rig. */
  caPem: string;
  serverKeyFile: string;
  serverCertFile: string;
}

/** The name every rig endpoint's certificate is issued for. */
export const SERVER_NAME = 'localhost';

// P-256 keys: made in milliseconds, where RSA keys would cost the suite a second or more.
const NEW_EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** Writes the CA and server files into `dir` (which must exist). Valid for a day: each run makes its own. */
export async function makeCertificates(dir: string): Promise<RigCertificates> {
  const caKey = join(dir, 'ca.key');
  const caCert = join(dir, 'ca.crt');
  const serverKeyFile = join(dir, 'server.key');
  const serverCertFile = join(dir, 'server.crt');
  await openssl('the rig CA', [
    'req', '-x509', ...NEW_EC_KEY, '-days', '1', '-keyout', caKey, '-out', caCert,
    '-subj', '/CN=Sealmail test rig CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await openssl('the rig server certificate', [
    'req', '-x509', '-CA', caCert, '-CAkey', caKey, ...NEW_EC_KEY, '-days', '1',
    '-keyout', serverKeyFile, '-out', serverCertFile,
    '-subj', `/CN=${SERVER_NAME}`,
    '-addext', `subjectAltName=DNS:${SERVER_NAME},IP:127.0.0.1,IP:127.0.0.2`,
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'keyUsage=critical,digitalSignature',
    '-addext', 'extendedKeyUsage=serverAuth',
  ]);
  return { caPem: await readFile(caCert, 'utf8'), serverKeyFile, serverCertFile };
}

async function openssl(what: string, args: string[]): Promise<void> {
  const run = await runTool('openssl', args);
  if (run.code !== 0) throw new Error(`openssl could not make ${what}: ${oneLine(run.output) || `exit status ${run.code}`}`);
}
