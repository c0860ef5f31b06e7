// The certificate store on disk: certs/index.json, certs/<fingerprint>.pem, certs/<fingerprint>.key.pem (encrypted
// PKCS#8 only) and certs/anchors/<fingerprint>.pem, all written atomically with mode 0600.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SealmailError } from '../../crypto/errors.js';
import { writeProfileFile } from '../atomic-file.js';
import { isRecord } from '../json-record.js';
import { ensureProfileDir, profileError } from '../profile.js';
import { certificatePem } from './certificate-facts.js';

export interface CertificateMeta {
  /** Where it came from: the file it was imported from, or e.g. "mail" for one harvested from a signed message. */
  source: string;
  /** ISO 8601. */
  addedAt: string;
  /** True when the store holds its private key. */
  own: boolean;
}

export interface AnchorMeta {
  source: string;
  addedAt: string;
}

export interface DistrustMeta {
  /** The subject when it was known, so a list can say what was distrusted. */
  subject: string;
  distrustedAt: string;
}

export interface CertificateIndex {
  certificates: Map<string, CertificateMeta>;
  anchors: Map<string, AnchorMeta>;
  distrusted: Map<string, DistrustMeta>;
}

const FINGERPRINT = /^[0-9a-f]{64}$/;

export const certsDir = (profile: string): string => join(profile, 'certs');
const indexPath = (profile: string): string => join(certsDir(profile), 'index.json');
const certificatePath = (profile: string, fingerprint: string): string => join(certsDir(profile), `${fingerprint}.pem`);
const privateKeyPath = (profile: string, fingerprint: string): string => join(certsDir(profile), `${fingerprint}.key.pem`);
const anchorPath = (profile: string, fingerprint: string): string => join(certsDir(profile), 'anchors', `${fingerprint}.pem`);

export async function prepareCertsDir(profile: string): Promise<void> {
  await ensureProfileDir(profile);
  await ensureProfileDir(certsDir(profile));
  await ensureProfileDir(join(certsDir(profile), 'anchors'));
}

export async function readCertificateIndex(profile: string): Promise<CertificateIndex> {
  const path = indexPath(profile);
  const text = await readOptional(path);
  const index: CertificateIndex = { certificates: new Map(), anchors: new Map(), distrusted: new Map() };
  if (text === null) return index;
  const corrupt = (what: string): SealmailError =>
    new SealmailError('profile', `certificate store ${path} is corrupt (${what}); move it away to start an empty store`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw corrupt('not valid JSON');
  }
  if (!isRecord(data) || data.version !== 1) throw corrupt('not a version 1 Sealmail certificate store');
  const section = <T>(name: string, check: (meta: Record<string, unknown>) => T | null): Map<string, T> => {
    const entries = data[name];
    if (!isRecord(entries)) throw corrupt(`no "${name}"`);
    const map = new Map<string, T>();
    for (const [fingerprint, meta] of Object.entries(entries)) {
      const checked = FINGERPRINT.test(fingerprint) && isRecord(meta) ? check(meta) : null;
      if (!checked) throw corrupt(`bad ${name} entry "${fingerprint.slice(0, 70)}"`);
      map.set(fingerprint, checked);
    }
    return map;
  };
  const strings = (meta: Record<string, unknown>, ...names: string[]): boolean => names.every((n) => typeof meta[n] === 'string');
  index.certificates = section('certificates', (m) =>
    strings(m, 'source', 'addedAt') && typeof m.own === 'boolean' ? { source: m.source as string, addedAt: m.addedAt as string, own: m.own } : null,
  );
  index.anchors = section('anchors', (m) => (strings(m, 'source', 'addedAt') ? { source: m.source as string, addedAt: m.addedAt as string } : null));
  index.distrusted = section('distrusted', (m) =>
    strings(m, 'subject', 'distrustedAt') ? { subject: m.subject as string, distrustedAt: m.distrustedAt as string } : null,
  );
  return index;
}

export async function writeCertificateIndex(profile: string, index: CertificateIndex): Promise<void> {
  const data = {
    version: 1,
    certificates: Object.fromEntries(index.certificates),
    anchors: Object.fromEntries(index.anchors),
    distrusted: Object.fromEntries(index.distrusted),
  };
  await writeProfileFile(indexPath(profile), `${JSON.stringify(data, null, 2)}\n`);
}

export const readCertificateFile = (profile: string, fingerprint: string): Promise<Uint8Array> =>
  readPemFile(certificatePath(profile, fingerprint), fingerprint);
export const readAnchorFile = (profile: string, fingerprint: string): Promise<Uint8Array> => readPemFile(anchorPath(profile, fingerprint), fingerprint);

export const writeCertificateFile = (profile: string, fingerprint: string, der: Uint8Array): Promise<void> =>
  writeProfileFile(certificatePath(profile, fingerprint), certificatePem(der));
export const writeAnchorFile = (profile: string, fingerprint: string, der: Uint8Array): Promise<void> =>
  writeProfileFile(anchorPath(profile, fingerprint), certificatePem(der));

/** `pem` must already be encrypted (see private-key-protection.ts); this file never holds a clear key. */
export async function writePrivateKeyFile(profile: string, fingerprint: string, pem: string): Promise<void> {
  if (!pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    throw new SealmailError('bad-option', 'refusing to store an S/MIME private key without a passphrase');
  }
  await writeProfileFile(privateKeyPath(profile, fingerprint), pem);
}

export async function readPrivateKeyFile(profile: string, fingerprint: string): Promise<string> {
  const path = privateKeyPath(profile, fingerprint);
  const text = await readOptional(path);
  if (text === null) throw new SealmailError('profile', `the certificate store lists ${fingerprint} as your own but ${path} is missing`);
  return text;
}

export async function removeCertificateFiles(profile: string, fingerprint: string): Promise<void> {
  for (const path of [certificatePath(profile, fingerprint), privateKeyPath(profile, fingerprint)]) await removeFile(path);
}

export const removeAnchorFile = (profile: string, fingerprint: string): Promise<void> => removeFile(anchorPath(profile, fingerprint));

async function readPemFile(path: string, fingerprint: string): Promise<Uint8Array> {
  const text = await readOptional(path);
  const body = text?.match(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/)?.[1];
  if (!body) throw new SealmailError('profile', `the certificate store lists ${fingerprint} but ${path} is ${text === null ? 'missing' : 'corrupt'}`);
  return new Uint8Array(Buffer.from(body, 'base64'));
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw profileError(path, e);
  }
}

async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true }).catch((e: unknown) => {
    throw profileError(path, e);
  });
}


