// Autocrypt Level 1 encryption recommendation (section 2.4): per recipient and for the whole message, for compose and send.
import type { PeerKey, PeerState, PreferEncrypt } from './peer-state.js';

export type Recommendation = 'disable' | 'discourage' | 'available' | 'encrypt';

export interface RecipientRecommendation {
  addr: string;
  recommendation: Recommendation;
  /** The key Autocrypt would encrypt to: the peer's own, else a gossiped one; null for 'disable'. */
  key: PeerKey | null;
  /** Why, in words a compose screen can show. */
  reason: string;
}

export interface MessageRecommendation {
  recommendation: Recommendation;
  recipients: RecipientRecommendation[];
}

export interface RecommendOptions {
  /** Peer state per recipient address (lower-cased); a missing entry is a peer never seen. */
  peers: ReadonlyMap<string, PeerState>;
  recipients: readonly string[];
  /** The sending account's own prefer-encrypt setting. */
  ownPreferEncrypt: PreferEncrypt;
  /** The message is a reply to an encrypted message. */
  replyToEncrypted: boolean;
  /** Fingerprints of keys that cannot encrypt now (expired, revoked, rejected by the user): treated as absent. */
  unusableKeys?: ReadonlySet<string>;
}

/** After this long without an Autocrypt header from a peer who still writes, their key is probably out of use. */
export const STALE_AFTER_MS = 35 * 24 * 60 * 60 * 1000;

export function recommend(options: RecommendOptions): MessageRecommendation {
  const recipients = options.recipients.map((addr) => recommendFor(addr.toLowerCase(), options));
  return { recommendation: combine(recipients.map((r) => r.recommendation)), recipients };
}

function recommendFor(addr: string, options: RecommendOptions): RecipientRecommendation {
  const peer = options.peers.get(addr);
  const usable = (key: PeerKey | null | undefined): PeerKey | null => (key && !options.unusableKeys?.has(key.fingerprint) ? key : null);
  const own = usable(peer?.publicKey);
  const gossip = usable(peer?.gossipKey);
  const key = own ?? gossip;
  if (!peer || !key) return { addr, recommendation: 'disable', key: null, reason: 'no usable Autocrypt key for this address' };

  let preliminary: Recommendation = 'available';
  let reason = 'an Autocrypt key is known';
  if (!own) {
    preliminary = 'discourage';
    reason = 'the only key came from another sender (gossip)';
  } else if (isStale(peer)) {
    preliminary = 'discourage';
    reason = `no Autocrypt header from this address in the ${STALE_AFTER_MS / 86_400_000} days before their last message: their mail app may not read encrypted mail`;
  }

  if (options.replyToEncrypted) return { addr, recommendation: 'encrypt', key, reason: 'a reply to encrypted mail stays encrypted' };
  if (preliminary === 'available' && peer.preferEncrypt === 'mutual' && options.ownPreferEncrypt === 'mutual') {
    return { addr, recommendation: 'encrypt', key, reason: 'both sides prefer encryption' };
  }
  return { addr, recommendation: preliminary, key, reason };
}

function isStale(peer: PeerState): boolean {
  if (peer.autocryptTimestamp === null || peer.lastSeen === null) return false;
  return Date.parse(peer.lastSeen) - Date.parse(peer.autocryptTimestamp) > STALE_AFTER_MS;
}

/** Any disable disables; all encrypt encrypts; else any discourage discourages; else available. */
function combine(all: Recommendation[]): Recommendation {
  if (all.length === 0 || all.includes('disable')) return 'disable';
  if (all.every((r) => r === 'encrypt')) return 'encrypt';
  if (all.includes('discourage')) return 'discourage';
  return 'available';
}
