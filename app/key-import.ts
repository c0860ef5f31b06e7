// Importing keys from files: secret keys are proven unlockable, protected when bare, then merged into the keyring.
import type { Key, PrivateKey } from 'openpgp';
import { keyInfo, protectKey, unlockKey } from '../crypto/pgp/keys.js';
import type { ProvenanceInput } from './key-provenance.js';
import type { AddStatus, Keyring } from './keyring.js';

export interface KeyToImport {
  key: Key;
  /** Where it came from, recorded in the keyring's provenance list: a sighting, or the older one-string form (e.g. the file path). */
  source: string | ProvenanceInput;
}

export interface ImportedKey {
  fingerprint: string;
  /** The first valid user ID, or null when the key has none. */
  uid: string | null;
  secret: boolean;
  status: AddStatus;
}

/**
 * Imports all keys or none: every secret key is checked against the passphrase before anything is
 * written, so a wrong passphrase never leaves half an import behind. The passphrase is asked for
 * only when a secret key is present.
 */
export async function importKeys(options: {
  keyring: Keyring;
  keys: KeyToImport[];
  passphrase: () => Promise<string>;
}): Promise<ImportedKey[]> {
  const { keyring, keys, passphrase } = options;
  const ready: KeyToImport[] = [];
  for (const { key, source } of keys) {
    ready.push({ key: key.isPrivate() ? await readySecret(key, await passphrase()) : key, source });
  }
  const imported: ImportedKey[] = [];
  for (const { key, source } of ready) {
    const { entry, status } = await keyring.add(typeof source === 'string' ? { key, source } : { key, provenance: source });
    const info = await keyInfo({ key: entry.key });
    const uid = info.userIds.find((u) => !u.revoked)?.uid ?? info.userIds[0]?.uid ?? null;
    imported.push({ fingerprint: entry.fingerprint, uid, secret: key.isPrivate(), status });
  }
  return imported;
}

/** The key as it will be stored: protected keys stay as they are once the passphrase is shown to unlock them. */
async function readySecret(key: PrivateKey, passphrase: string): Promise<PrivateKey> {
  if (key.isDecrypted()) return protectKey({ key, passphrase });
  await unlockKey({ key, passphrase });
  return key;
}
