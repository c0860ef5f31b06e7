// The keyring's on-disk format: keyring.json (per-key metadata) and keys/<fingerprint>.asc, written atomically.
//
// keyring.json stays `version: 1` when the provenance list came in: each entry keeps `source` (the first
// sighting as one string) and `addedAt`, which is all older Sealmail versions read, and adds `provenances`
// and, when one was seen, `keyChange`. Entries without `provenances` (written before) are migrated on
// read from `source`/`addedAt` and written in the new shape with the next change to the keyring.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Key } from 'openpgp';
import { SealmailError } from '../crypto/errors.js';
import { exportKey, readKeys } from '../crypto/pgp/keys.js';
import type { Acceptance } from '../crypto/report.js';
import { writeProfileFile } from './atomic-file.js';
import { isRecord } from './json-record.js';
import { type Provenance, PROVENANCE_KINDS, type ProvenanceKind, provenanceFromSource } from './key-provenance.js';
import { ensureProfileDir, profileError } from './profile.js';

export interface KeyMeta {
  acceptance: Acceptance;
  /** The first sighting as one string ("generated", a file path, "wkd:URL"), for readers older than `provenances`. */
  source: string;
  /** ISO 8601. */
  addedAt: string;
  /**
   * Every place the key was seen, in the order first seen (app/key-provenance.ts). Always set on entries the
   * keyring reads or writes; optional so metadata built by hand elsewhere stays valid (read it with provenancesOf).
   */
  provenances?: Provenance[];
  /** Set while this key arrived for addresses that already had an accepted key and the user has not decided. */
  keyChange?: KeyChange;
}

/** A new key for addresses whose accepted key is another one: kept undecided and not used until the user decides. */
export interface KeyChange {
  /** The addresses (lower-case) whose accepted key this one would replace. */
  addresses: string[];
  /** The fingerprints of those accepted keys. */
  replaces: string[];
  /** ISO 8601. */
  seenAt: string;
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
    const provenances = meta.provenances === undefined ? [migrated(meta.source, meta.addedAt)] : readProvenances(meta.provenances);
    const keyChange = meta.keyChange === undefined ? null : readKeyChange(meta.keyChange);
    if (provenances === null || keyChange === false) throw corrupt(`bad entry for ${fingerprint}`);
    index.set(fingerprint, {
      acceptance: meta.acceptance as Acceptance,
      source: meta.source,
      addedAt: meta.addedAt,
      provenances,
      ...(keyChange ? { keyChange } : {}),
    });
  }
  return index;
}

/** The entry's sightings; for metadata without the list, its one source seen when it was added. */
export function provenancesOf(meta: KeyMeta): Provenance[] {
  return meta.provenances ?? [migrated(meta.source, meta.addedAt)];
}

/** An entry from before the provenance list: its one source, seen when it was added. */
function migrated(source: string, addedAt: string): Provenance {
  return { ...provenanceFromSource(source), firstSeenAt: addedAt, lastSeenAt: addedAt };
}

function readProvenances(value: unknown): Provenance[] | null {
  if (!Array.isArray(value)) return null;
  const list: Provenance[] = [];
  for (const p of value) {
    if (!isRecord(p) || !PROVENANCE_KINDS.includes(p.kind as ProvenanceKind)) return null;
    if (typeof p.detail !== 'string' || typeof p.firstSeenAt !== 'string' || typeof p.lastSeenAt !== 'string') return null;
    list.push({ kind: p.kind as ProvenanceKind, detail: p.detail, firstSeenAt: p.firstSeenAt, lastSeenAt: p.lastSeenAt });
  }
  return list;
}

function readKeyChange(value: unknown): KeyChange | false {
  if (!isRecord(value) || typeof value.seenAt !== 'string') return false;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (!strings(value.addresses) || !strings(value.replaces)) return false;
  return { addresses: value.addresses, replaces: value.replaces, seenAt: value.seenAt };
}

export async function writeIndex(profile: string, index: KeyringIndex): Promise<void> {
  const keys = Object.fromEntries(index); // insertion order: keys list in the order they were added
  await writeProfileFile(indexPath(profile), `${JSON.stringify({ version: 1, keys }, null, 2)}\n`);
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
  await writeProfileFile(keyPath(profile, key.getFingerprint()), data);
}

export async function removeKeyFile(profile: string, fingerprint: string): Promise<void> {
  const path = keyPath(profile, fingerprint);
  await rm(path, { force: true }).catch((e: unknown) => {
    throw profileError(path, e);
  });
}


