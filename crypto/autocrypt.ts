// Autocrypt Level 1 header (section 2.1): emit ours, and read the key a correspondent offers.
import { readKey, type PublicKey } from 'openpgp';
import { MAX_AUTOCRYPT_HEADER_BYTES, pgpConfig } from './policy.js';
import type { AutocryptOffer } from './report.js';
import { encodeUtf8 } from './mime/bytes.js';
import type { HeaderField } from './mime/header.js';

/** The Autocrypt header for `addr`, keydata folded so the field stays within line limits. */
export function autocryptField(addr: string, key: PublicKey, preferEncrypt: 'mutual' | 'nopreference'): Uint8Array {
  const lines = keydataLines(key);
  const pref = preferEncrypt === 'mutual' ? ' prefer-encrypt=mutual;' : '';
  return encodeUtf8(`Autocrypt: addr=${addr};${pref} keydata=\r\n ${lines.join('\r\n ')}`);
}

/** The key's base64 in lines of 72; converted in slices so a large key cannot overflow the argument stack. */
export function keydataLines(key: PublicKey): string[] {
  const binary = key.toPublic().write();
  let text = '';
  for (let i = 0; i < binary.length; i += 0x8000) text += String.fromCharCode(...binary.subarray(i, i + 0x8000));
  return btoa(text).match(/.{1,72}/g) ?? [];
}

function parseAttributes(value: string): Map<string, string> | null {
  const attrs = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (attrs.has(name)) return null;
    attrs.set(name, part.slice(eq + 1).trim());
  }
  return attrs;
}

/**
 * Every valid field named `name` ('autocrypt' or 'autocrypt-gossip'): addr and readable keydata present, no
 * unknown critical attribute, not oversized. Which of them count (From only, recipients only) is the caller's rule.
 */
export async function autocryptOffers(fields: readonly HeaderField[], name: 'autocrypt' | 'autocrypt-gossip'): Promise<AutocryptOffer[]> {
  const offers: AutocryptOffer[] = [];
  for (const f of fields) {
    if (f.name !== name || f.raw.length > MAX_AUTOCRYPT_HEADER_BYTES) continue;
    const attrs = parseAttributes(f.value);
    const addr = attrs?.get('addr')?.toLowerCase();
    const keydata = attrs?.get('keydata')?.replace(/\s+/g, '');
    if (!attrs || !addr || !keydata) continue;
    if ([...attrs.keys()].some((k) => !['addr', 'keydata', 'prefer-encrypt'].includes(k) && !k.startsWith('_'))) continue;
    const fingerprint = await fingerprintOf(keydata);
    if (fingerprint === null) continue;
    offers.push({ addr, fingerprint, preferEncrypt: attrs.get('prefer-encrypt') === 'mutual' ? 'mutual' : 'nopreference', keydata });
  }
  return offers;
}

/**
 * The key offered by the message's Autocrypt header, when exactly one valid header names the From address.
 * Unknown critical attributes, oversized headers and addresses other than From are ignored, as the spec says.
 */
export async function readAutocrypt(fields: readonly HeaderField[], from: string | null): Promise<AutocryptOffer | null> {
  if (!from) return null;
  const offers = (await autocryptOffers(fields, 'autocrypt')).filter((o) => o.addr === from);
  return offers.length === 1 ? (offers[0] as AutocryptOffer) : null;
}

// Correspondents send the same key in every message; parsing it each time cost a third of a millisecond per open.
const fingerprints = new Map<string, string | null>();
const FINGERPRINT_CACHE_SIZE = 256;

async function fingerprintOf(keydata: string): Promise<string | null> {
  const cached = fingerprints.get(keydata);
  if (cached !== undefined) return cached;
  let fingerprint: string | null;
  try {
    const binaryKey = Uint8Array.from(atob(keydata), (c) => c.charCodeAt(0));
    fingerprint = (await readKey({ binaryKey, config: pgpConfig() })).getFingerprint();
  } catch {
    fingerprint = null;
  }
  if (fingerprints.size >= FINGERPRINT_CACHE_SIZE) fingerprints.delete(fingerprints.keys().next().value as string);
  fingerprints.set(keydata, fingerprint);
  return fingerprint;
}
