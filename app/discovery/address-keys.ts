// What a directory's answer may add to the keyring: public keys cut down to the user IDs of the searched address.
import type { Key, PublicKey } from 'openpgp';
import { fullConfig } from '../../crypto/pgp/config.js';
import { readKeys } from '../../crypto/pgp/keys.js';

export interface AddressKeys {
  kept: PublicKey[];
  /** One line per key left out, saying why (no user ID for the address). */
  refused: string[];
}

/**
 * Reads an answer (binary or armored) and keeps, per key, only the validly self-certified user IDs
 * whose address is `address`: a directory vouches for that address only, so the other user IDs it
 * happens to serve (other people's, or the key owner's other addresses) must not show up as found.
 * Keys with no such user ID are refused. Secret key material, should a server send any, is dropped.
 */
export async function keysForAddress(options: { data: Uint8Array; address: string; date?: Date }): Promise<AddressKeys> {
  const { data, address, date = new Date() } = options;
  const wanted = address.toLowerCase();
  const kept: PublicKey[] = [];
  const refused: string[] = [];
  for (const key of await readKeys({ data })) {
    const publicKey = key.toPublic();
    const matching = [];
    for (const user of publicKey.users) {
      if (user.userID?.email.toLowerCase() !== wanted) continue;
      if (await user.verify(date, fullConfig()).then(() => true, () => false)) matching.push(user);
    }
    if (matching.length === 0) {
      refused.push(`key ${key.getFingerprint()} has no valid user ID for ${wanted}${otherAddresses(key)}`);
      continue;
    }
    publicKey.users = matching;
    kept.push(publicKey);
  }
  return { kept, refused };
}

/** Keys served for a fingerprint lookup: only the key with that very fingerprint counts. */
export async function keysForFingerprint(options: { data: Uint8Array; fingerprint: string }): Promise<AddressKeys> {
  const wanted = options.fingerprint.toLowerCase();
  const kept: PublicKey[] = [];
  const refused: string[] = [];
  for (const key of await readKeys({ data: options.data })) {
    if (key.getFingerprint() === wanted) kept.push(key.toPublic());
    else refused.push(`key ${key.getFingerprint()} is not the key ${wanted} that was asked for`);
  }
  return { kept, refused };
}

function otherAddresses(key: Key): string {
  const others = [...new Set(key.users.flatMap((u) => (u.userID?.email ? [u.userID.email.toLowerCase()] : [])))];
  return others.length === 0 ? ' (it has no addresses at all)' : ` (only ${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''})`;
}
