// Autocrypt Level 1 peer state (section 2.3) and its update rules, as pure functions of the state and one message.
import type { AutocryptMessage } from '../../crypto/autocrypt-message.js';

export type PreferEncrypt = 'mutual' | 'nopreference';

/** A key as Autocrypt remembers it: the fingerprint, and the keydata (base64) exactly as offered. */
export interface PeerKey {
  fingerprint: string;
  keydata: string;
}

/** peers[addr] of the spec. Times are ISO 8601; null means unset. */
export interface PeerState {
  lastSeen: string | null;
  autocryptTimestamp: string | null;
  publicKey: PeerKey | null;
  preferEncrypt: PreferEncrypt;
  gossipTimestamp: string | null;
  gossipKey: PeerKey | null;
}

export const EMPTY_PEER: PeerState = {
  lastSeen: null,
  autocryptTimestamp: null,
  publicKey: null,
  preferEncrypt: 'nopreference',
  gossipTimestamp: null,
  gossipKey: null,
};

const before = (a: string | null, date: Date): boolean => a === null || Date.parse(a) < date.getTime();

/**
 * "Updating Autocrypt Peer State" for the sender: a message older than the last Autocrypt header changes
 * nothing; a newer one moves last_seen; only a message with a header replaces key and prefer-encrypt.
 */
export function updateFromHeader(state: PeerState, message: Pick<AutocryptMessage, 'effectiveDate' | 'header'>): PeerState {
  const { effectiveDate: date, header } = message;
  if (state.autocryptTimestamp !== null && date.getTime() < Date.parse(state.autocryptTimestamp)) return state;
  const seen = before(state.lastSeen, date) ? { ...state, lastSeen: date.toISOString() } : state;
  if (!header) return seen;
  return {
    ...seen,
    autocryptTimestamp: date.toISOString(),
    publicKey: { fingerprint: header.fingerprint, keydata: header.keydata },
    preferEncrypt: header.preferEncrypt,
  };
}

/** "Updating Autocrypt Peer State from Key Gossip": a gossiped key counts only when newer than the last gossip. */
export function updateFromGossip(state: PeerState, gossip: PeerKey, effectiveDate: Date): PeerState {
  if (!before(state.gossipTimestamp, effectiveDate)) return state;
  return { ...state, gossipTimestamp: effectiveDate.toISOString(), gossipKey: { fingerprint: gossip.fingerprint, keydata: gossip.keydata } };
}
