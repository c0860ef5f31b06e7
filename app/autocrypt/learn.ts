// Applies received mail to the Autocrypt peer states and hands newly learned keys to the keyring: the sync's hook.
import type { PrivateKey } from 'openpgp';
import { readAutocryptMessage } from '../../crypto/autocrypt-message.js';
import { isSealmailError } from '../../crypto/errors.js';
import type { Keyring } from '../keyring.js';
import { addLearnedKey } from './keyring-intake.js';
import { EMPTY_PEER, updateFromGossip, updateFromHeader, type PeerState } from './peer-state.js';
import { readPeerBook, writePeerBook } from './peer-store.js';

export interface LearnOptions {
  profile: string;
  /** The store key from the vault; the peer book is encrypted under a key derived from it. */
  storeKey: Uint8Array;
  keyring: Keyring;
  /** The user's own addresses: mail from them (the Sent folder) says nothing about a peer. */
  ownAddresses: readonly string[];
  /** Raw sources of the newly stored messages. */
  messages: readonly Uint8Array[];
  /** For gossip inside encrypted mail; asked only when such a message arrives. */
  decryptionKeys?: () => Promise<PrivateKey[]>;
  now?: Date;
}

/** Returns how many peers changed. The book is read and written once per call, so a sync pays one write per folder. */
export async function learnFromMessages(options: LearnOptions): Promise<number> {
  const own = new Set(options.ownAddresses.map((a) => a.toLowerCase()));
  const book = await readPeerBook(options.profile, options.storeKey);
  const changed = new Set<string>();
  const set = (addr: string, next: PeerState, before: PeerState): void => {
    if (next === before) return;
    book.peers.set(addr, next);
    changed.add(addr);
  };
  for (const raw of options.messages) {
    const message = await readAutocryptMessage({
      message: raw,
      ...(options.decryptionKeys ? { decryptionKeys: options.decryptionKeys } : {}),
      ...(options.now ? { now: options.now } : {}),
    }).catch((e: unknown) => {
      if (isSealmailError(e)) return null; // not a message Autocrypt can read; the sync already stored it
      throw e;
    });
    if (!message || own.has(message.from)) continue;
    const seenAt = message.effectiveDate.toISOString();
    const before = book.peers.get(message.from) ?? EMPTY_PEER;
    const after = updateFromHeader(before, message);
    set(message.from, after, before);
    if (message.header && after.publicKey?.keydata !== before.publicKey?.keydata) {
      await learnKey(options.keyring, message.header.keydata, { kind: 'autocrypt', addr: message.from, from: message.from, seenAt });
    }
    for (const gossip of message.gossip) {
      if (own.has(gossip.addr)) continue;
      const peerBefore = book.peers.get(gossip.addr) ?? EMPTY_PEER;
      const peerAfter = updateFromGossip(peerBefore, gossip, message.effectiveDate);
      set(gossip.addr, peerAfter, peerBefore);
      if (peerAfter.gossipKey?.keydata !== peerBefore.gossipKey?.keydata) await learnKey(options.keyring, gossip.keydata, { kind: 'autocrypt-gossip', addr: gossip.addr, from: message.from, seenAt });
    }
  }
  if (changed.size > 0) await writePeerBook(options.profile, options.storeKey, book);
  return changed.size;
}

/** A key the keyring cannot take (e.g. one that does not merge with the stored copy) only stays in the peer state. */
async function learnKey(keyring: Keyring, keydata: string, provenance: Parameters<typeof addLearnedKey>[2]): Promise<void> {
  await addLearnedKey(keyring, keydata, provenance).catch((e: unknown) => {
    if (!isSealmailError(e)) throw e;
  });
}
