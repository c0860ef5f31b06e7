// The one place where keys learned through Autocrypt enter the keyring, always undecided, never verified.
import { readKey, type PublicKey } from 'openpgp';
import { addressOfUserId } from '../../crypto/mime/address.js';
import { pgpConfig } from '../../crypto/policy.js';
import type { Keyring } from '../keyring.js';

/** Where a learned key came from; the shape the keyring's provenance list is getting (issue 6 §1). */
export interface AutocryptProvenance {
  kind: 'autocrypt' | 'autocrypt-gossip';
  /** The address the key was offered for. */
  addr: string;
  /** The sender of the message that carried it (for gossip, not the key's owner). */
  from: string;
  /** The message's effective date, ISO 8601. */
  seenAt: string;
}

/** The sighting in the form of the keyring's provenance list ({ kind, detail, seenAt }). */
export function keyringProvenance(p: AutocryptProvenance): { kind: AutocryptProvenance['kind']; detail: string; seenAt: string } {
  return { kind: p.kind, detail: p.kind === 'autocrypt' ? `header from ${p.from}` : `gossip from ${p.from} for ${p.addr}`, seenAt: p.seenAt };
}

/**
 * Adds the offered key with only the user IDs naming `addr`: a header for one address must never make the
 * keyring encrypt to another. keyring.add starts a new public key as 'imported' (undecided) and keeps the
 * acceptance of a known one, so nothing here can raise trust.
 * The one call that stores Autocrypt keys, with their provenance (header or gossip, from whom, when).
 */
export async function addLearnedKey(keyring: Keyring, keydata: string, provenance: AutocryptProvenance): Promise<boolean> {
  const key = await onlyAddress(keydata, provenance.addr);
  if (!key) return false;
  await keyring.add({ key, provenance: keyringProvenance(provenance) });
  return true;
}

async function onlyAddress(keydata: string, addr: string): Promise<PublicKey | null> {
  let key: PublicKey;
  try {
    key = (await readKey({ binaryKey: Uint8Array.from(atob(keydata), (c) => c.charCodeAt(0)), config: pgpConfig() })).toPublic();
  } catch {
    return null;
  }
  key.users = key.users.filter((u) => u.userID && addressOfUserId(u.userID.userID) === addr);
  return key.users.length > 0 ? key : null;
}
