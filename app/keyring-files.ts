// The keyring's on-disk format: keyring.json (per-key metadata) and keys/<fingerprint>.asc, written atomically.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Key } from 'openpgp';
import { SealmailError } from '../crypto/errors.js';
import { exportKey, readKeys } from '../crypto/pgp/keys.js';
import type { Acceptance } from '../crypto/report.js';
import { writeFileAtomic } from './atomic-file.js';
import { ensureProfileDir, profileError } from './profile.js';

export interface KeyMeta {
  acceptance: Acceptance;
  /** Where the key came from: "generated", or the file it was imported from. */
  source: string;
  /** ISO 8601. */
  addedAt: string;
}

export type KeyringIndex = Map<string, KeyMeta>;

const ACCEPTANCES: readonly Acceptance[] = ['own', 'verified', 'accepted', 'imported', 'unaccepted'];
const FINGERPRINT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export const indexPath = (profile: string): string => join(profile, 'keyring.json');
export const keyPath = (profile: string, fingerprint: string): string => join(profile, 'keys', `${fingerprint}.asc`);

/** Makes sure the profile and its keys/ folder exist and are directories. */
export async function prepareProfile(profile: string): Promise<void> {
  await ensureProfileDir(profile);
  await ensureProfileDir(join(profile, 'keys'));
}

export async function readIndex(profile: string): Promise<KeyringIndex> {
  const path = indexPath(profile);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw profileError(path, e);
  }
  return parseIndex(path, text);
}

function parseIndex(path: string, text: string): KeyringIndex {
  const corrupt = (what: string): SealmailError =>
    new SealmailError('profile', `keyring ${path} is corrupt (${what}); move it away to start an empty keyring`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw corrupt('not valid JSON');
  }
  if (!isRecord(data) || data.version !== 1 || !isRecord(data.keys)) throw corrupt('not a version 1 Sealmail keyring');
  const index: KeyringIndex = new Map();
  for (const [fingerprint, meta] of Object.entries(data.keys)) {
    if (!FINGERPRINT.test(fingerprint)) throw corrupt(`bad fingerprint "${fingerprint.slice(0, 70)}"`);
    if (
      !isRecord(meta) ||
      !ACCEPTANCES.includes(meta.acceptance as Acceptance) ||
      typeof meta.source !== 'string' ||
      typeof meta.addedAt !== 'string'
    ) {
      throw corrupt(`bad entry for ${fingerprint}`);
    }
    index.set(fingerprint, { acceptance: meta.acceptance as Acceptance, source: meta.source, addedAt: meta.addedAt });
  }
  return index;
}

export async function writeIndex(profile: string, index: KeyringIndex): Promise<void> {
  const keys = Object.fromEntries(index); // insertion order: keys list in the order they were added
  await writeAtomic(indexPath(profile), `${JSON.stringify({ version: 1, keys }, null, 2)}\n`);
}

/** Reads keys/<fingerprint>.asc; anything but exactly that one key means the profile is damaged. */
export async function readKeyFile(profile: string, fingerprint: string): Promise<Key> {
  const path = keyPath(profile, fingerprint);
  let data: Uint8Array;
  try {
    data = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SealmailError('profile', `keyring lists ${fingerprint} but ${path} is missing`);
    }
    throw profileError(path, e);
  }
  const keys = await readKeys({ data }).catch(() => []);
  const key = keys[0];
  if (keys.length !== 1 || !key || key.getFingerprint() !== fingerprint) {
    throw new SealmailError('profile', `key file ${path} is corrupt (it does not hold exactly the key ${fingerprint})`);
  }
  return key;
}

/** Stores the key as armored text: the protected secret key when there is one, else the public key. */
export async function writeKeyFile(profile: string, key: Key): Promise<void> {
  const data = exportKey({ key, secret: key.isPrivate(), armor: true });
  await writeAtomic(keyPath(profile, key.getFingerprint()), data);
}

export async function removeKeyFile(profile: string, fingerprint: string): Promise<void> {
  const path = keyPath(profile, fingerprint);
  await rm(path, { force: true }).catch((e: unknown) => {
    throw profileError(path, e);
  });
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 }).catch((e: unknown) => {
    throw profileError(dir, e);
  });
  await writeFileAtomic(path, data);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
