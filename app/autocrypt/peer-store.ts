// The Autocrypt peer states of a profile: autocrypt-peers.json, one AES-256-GCM box under a key derived from the store key.
import { hkdfSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SealmailError } from '../../crypto/errors.js';
import { writeFileAtomic } from '../atomic-file.js';
import { profileError } from '../profile.js';
import { openBox, sealBox, type SealedBox } from '../vault/sealed-box.js';
import type { PeerState } from './peer-state.js';

/**
 * Who the user corresponds with, and when, is as private as the mail itself, so this is encrypted like the
 * store. It is a file of its own rather than store tables because Autocrypt rewrites a few peers per sync and
 * keys stay whole; the store key is unlocked whenever mail is synced or sent, so no new secret is needed.
 */
export interface AutocryptBook {
  /** Peer state by lower-cased address. */
  peers: Map<string, PeerState>;
}

const ENTRY = 'autocrypt-peers';
export const peerBookPath = (profile: string): string => join(profile, `${ENTRY}.json`);

function bookKey(storeKey: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', storeKey, new Uint8Array(0), 'sealmail autocrypt peers v1', 32));
}

export async function readPeerBook(profile: string, storeKey: Uint8Array): Promise<AutocryptBook> {
  const path = peerBookPath(profile);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { peers: new Map() };
    throw profileError(path, e);
  }
  const corrupt = new SealmailError('profile', `${path} is damaged or belongs to another profile; move it away and Autocrypt will learn again from new mail`);
  let box: SealedBox;
  try {
    box = (JSON.parse(text) as { box: SealedBox }).box;
  } catch {
    throw corrupt;
  }
  const plain = box && typeof box.nonce === 'string' && typeof box.data === 'string' ? openBox(bookKey(storeKey), box, ENTRY) : null;
  if (!plain) throw corrupt;
  // Books written before the user's own prefer-encrypt became a setting (Settings.autocryptPreferEncrypt) also
  // hold an ownPreferEncrypt; it is ignored, and dropped at the next write.
  let data: { version?: unknown; peers?: unknown };
  try {
    data = JSON.parse(plain.toString('utf8')) as typeof data;
  } catch {
    throw corrupt;
  }
  if (data.version !== 1 || typeof data.peers !== 'object' || data.peers === null) throw corrupt;
  return { peers: new Map(Object.entries(data.peers as Record<string, PeerState>)) };
}

export async function writePeerBook(profile: string, storeKey: Uint8Array, book: AutocryptBook): Promise<void> {
  const plain = JSON.stringify({ version: 1, peers: Object.fromEntries(book.peers) });
  const box = sealBox(bookKey(storeKey), new TextEncoder().encode(plain), ENTRY);
  await writeFileAtomic(peerBookPath(profile), `${JSON.stringify({ version: 1, box })}\n`);
}
