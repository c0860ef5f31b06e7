// The Autocrypt recommendation for a recipient list, as the recipient policy and compose ask for it.
import { readKey } from 'openpgp';
import { fullConfig } from '../../crypto/pgp/config.js';
import { pgpConfig } from '../../crypto/policy.js';
import type { Keyring } from '../keyring.js';
import type { PeerKey, PreferEncrypt } from './peer-state.js';
import { readPeerBook } from './peer-store.js';
import { recommend, type MessageRecommendation } from './recommendation.js';

export interface AdviceOptions {
  profile: string;
  /** The store key from the vault (mail.vault.storeKey()). */
  storeKey: Uint8Array;
  keyring: Keyring;
  recipients: readonly string[];
  replyToEncrypted: boolean;
  /** What the user's own Autocrypt header announces: Settings.autocryptPreferEncrypt. */
  ownPreferEncrypt: PreferEncrypt;
  date?: Date;
}

/**
 * recommend() over the stored peer states, with the keys that cannot encrypt at `date` (expired, revoked,
 * without an encryption subkey) or that the user rejected in the keyring counted as absent.
 */
export async function autocryptAdvice(options: AdviceOptions): Promise<MessageRecommendation> {
  const book = await readPeerBook(options.profile, options.storeKey);
  const date = options.date ?? new Date();
  const rejected = new Set(options.keyring.list().flatMap((e) => (e.meta.acceptance === 'unaccepted' ? [e.fingerprint] : [])));
  const unusable = new Set<string>();
  for (const addr of options.recipients) {
    const peer = book.peers.get(addr.toLowerCase());
    for (const key of [peer?.publicKey, peer?.gossipKey]) {
      if (key && (rejected.has(key.fingerprint) || !(await canEncrypt(key, date)))) unusable.add(key.fingerprint);
    }
  }
  return recommend({ peers: book.peers, recipients: options.recipients, ownPreferEncrypt: options.ownPreferEncrypt, replyToEncrypted: options.replyToEncrypted, unusableKeys: unusable });
}

async function canEncrypt(peerKey: PeerKey, date: Date): Promise<boolean> {
  try {
    const key = await readKey({ binaryKey: Uint8Array.from(atob(peerKey.keydata), (c) => c.charCodeAt(0)), config: pgpConfig() });
    await key.getEncryptionKey(undefined, date, undefined, fullConfig());
    return true;
  } catch {
    return false;
  }
}
