// vault.json: version, KDF parameters, an authenticated check value and the encrypted entries.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SealmailError } from '../../crypto/errors.js';
import { profileError } from '../profile.js';
import { writeFileAtomic } from '../atomic-file.js';
import { type KdfParams, parseKdf } from './key-source.js';
import { isSealedBox, openBox, sealBox, type SealedBox } from './sealed-box.js';

export interface VaultFile {
  version: 1;
  kdf: KdfParams;
  /**
   * Encrypts a digest of every entry under the vault key, with the KDF record as associated data.
   * It failing to open means the key is wrong; it opening but disagreeing with the entries means the
   * file was edited (an entry removed, swapped in from an older copy, or altered).
   */
  check: SealedBox;
  /** Entry names are stored in the clear, so callers name entries by id (`account:3:password`), never by a secret. */
  entries: Record<string, SealedBox>;
}

/** Entry names: ids such as `store-key` or `account:3:password`; never `__proto__` and friends. */
export const ENTRY_NAME = /^[a-z][a-z0-9._:@-]{0,127}$/i;

export const vaultPath = (profile: string): string => join(profile, 'vault.json');

/** The associated data of an entry: its name, so a box cannot be moved to another name unnoticed. */
export const entryLabel = (name: string): string => `sealmail-vault-v1 entry ${name}`;
const checkLabel = (kdf: KdfParams): string => `sealmail-vault-v1 check ${JSON.stringify(kdf)}`;

/** A digest over the names and boxes of all entries, in name order. */
function entriesDigest(entries: Record<string, SealedBox>): Buffer {
  const hash = createHash('sha256');
  for (const name of Object.keys(entries).sort()) {
    const box = entries[name] as SealedBox;
    hash.update(JSON.stringify([name, box.nonce, box.data]));
  }
  return hash.digest();
}

export function sealCheck(key: Uint8Array, kdf: KdfParams, entries: Record<string, SealedBox>): SealedBox {
  return sealBox(key, entriesDigest(entries), checkLabel(kdf));
}

/** Throws 'wrong-passphrase' when `key` is not this vault's key, 'profile' when the file was tampered with. */
export function verifyCheck(path: string, key: Uint8Array, file: VaultFile): void {
  const digest = openBox(key, file.check, checkLabel(file.kdf));
  if (!digest) {
    const what = file.kdf.name === 'raw' ? 'the key from the OS keychain' : 'the passphrase';
    throw new SealmailError('wrong-passphrase', `${what} does not unlock the vault ${path}`);
  }
  if (!digest.equals(entriesDigest(file.entries))) throw tampered(path);
}

export function tampered(path: string): SealmailError {
  return new SealmailError('profile', `vault ${path} has been altered (its integrity check fails); restore it from a backup`);
}

/** The parsed file, or null when there is none. */
export async function readVaultFile(path: string): Promise<VaultFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw profileError(path, e);
  }
  const corrupt = (what: string): SealmailError => new SealmailError('profile', `vault ${path} is corrupt (${what}); restore it from a backup`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw corrupt('not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw corrupt('not a JSON object');
  const v = data as Record<string, unknown>;
  if (v.version !== 1) throw corrupt('not a version 1 Sealmail vault');
  const kdf = parseKdf(v.kdf, corrupt);
  if (!isSealedBox(v.check)) throw corrupt('no check value');
  if (typeof v.entries !== 'object' || v.entries === null || Array.isArray(v.entries)) throw corrupt('no entries');
  const entries: Record<string, SealedBox> = {};
  for (const [name, box] of Object.entries(v.entries)) {
    if (!ENTRY_NAME.test(name) || !isSealedBox(box)) throw corrupt(`bad entry "${name.slice(0, 60)}"`);
    entries[name] = { nonce: box.nonce, data: box.data };
  }
  return { version: 1, kdf, check: { nonce: v.check.nonce, data: v.check.data }, entries };
}

export async function writeVaultFile(path: string, file: VaultFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
}
