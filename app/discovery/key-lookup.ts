// Finding someone's OpenPGP key: WKD for an address, then keys.openpgp.org (or an HKP server the user names); by fingerprint, that keyserver; cached in the profile.
import { SealmailError } from '../../crypto/errors.js';
import { readKeys } from '../../crypto/pgp/keys.js';
import { DEFAULT_TIMEOUT_MS, type FoundKey, type HttpsOptions, type LookupAttempt, type PlaceKind } from './directory-fetch.js';
import { hkpBase, hkpByEmail, hkpByFingerprint } from './hkp.js';
import { type CachedLookup, readCachedLookup, writeCachedLookup } from './lookup-cache.js';
import { splitAddress } from './mail-address.js';
import { vksBase, vksByEmail, vksByFingerprint } from './vks.js';
import { type HostExists, wkdLookup } from './wkd.js';

export interface KeyLookupOptions {
  /** A mail address, or a full fingerprint (40 or 64 hex digits) to ask the keyserver for. */
  query: string;
  /** The profile folder holding the cache. */
  profile: string;
  https?: HttpsOptions;
  /** The VKS server; https only (default https://keys.openpgp.org). */
  keyserver?: string;
  /** An HKP keyserver (https:// or hkps:// only) asked instead of the VKS server; only when the user names one. */
  hkp?: string;
  timeoutMs?: number;
  hostExists?: HostExists;
  /** Ask the network even when the cache has a fresh answer. */
  refresh?: boolean;
  now?: Date;
}

export interface KeyLookupResult {
  keys: FoundKey[];
  /** Every place asked, in order, with what it said. */
  attempts: LookupAttempt[];
  /** Set when the answer came from the cache: when the network was asked. */
  cachedFrom: string | null;
}

const FINGERPRINT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * Only the address or fingerprint leaves the machine, and the keyserver hears an address only when
 * the address's own domain has no key for it: WKD first keeps the lookup with the domain's owner.
 */
export async function lookupKeys(options: KeyLookupOptions): Promise<KeyLookupResult> {
  const { profile, https = {}, timeoutMs = DEFAULT_TIMEOUT_MS, hostExists, refresh = false, now = new Date() } = options;
  if (options.hkp !== undefined && options.keyserver !== undefined) throw new SealmailError('bad-option', 'name either a VKS keyserver or an HKP keyserver, not both');
  const hkp = options.hkp === undefined ? null : hkpBase(options.hkp);
  const base = hkp ?? vksBase(options.keyserver);
  const fingerprint = options.query.replace(/^0x/i, '').replace(/\s+/g, '').toLowerCase();
  const byFingerprint = FINGERPRINT.test(fingerprint);
  const query = byFingerprint ? fingerprint : options.query.trim();
  if (!byFingerprint) splitAddress(query);
  const cacheKey = `${byFingerprint ? 'fpr' : 'addr'}:${query.toLowerCase()} via ${hkp ? 'hkp:' : ''}${base.origin}`;
  if (!refresh) {
    const cached = await readCachedLookup(profile, cacheKey, now);
    if (cached) return fromCache(cached);
  }
  const connection = { https, timeoutMs };
  const keys: FoundKey[] = [];
  const attempts: LookupAttempt[] = [];
  if (byFingerprint) {
    const server = hkp ? await hkpByFingerprint({ base, fingerprint, connection }) : await vksByFingerprint({ base, fingerprint, connection });
    keys.push(...server.found);
    attempts.push(...server.attempts);
  } else {
    const wkd = await wkdLookup({ address: query, connection, ...(hostExists ? { hostExists } : {}) });
    keys.push(...wkd.found);
    attempts.push(...wkd.attempts);
    if (keys.length === 0) {
      const server = hkp ? await hkpByEmail({ base, address: query, connection }) : await vksByEmail({ base, address: query, connection });
      keys.push(...server.found);
      attempts.push(...server.attempts);
    }
  }
  // A timeout or a broken connection may pass; only a definite answer is worth remembering.
  if (keys.length > 0 || attempts.every((a) => a.outcome !== 'failed')) {
    const entry: CachedLookup = { lookedUpAt: now.toISOString(), keys: keys.map((k) => ({ armored: k.key.armor(), provenance: k.provenance })), attempts };
    await writeCachedLookup(profile, cacheKey, entry, now);
  }
  return { keys, attempts, cachedFrom: null };
}

async function fromCache(cached: CachedLookup): Promise<KeyLookupResult> {
  const keys: FoundKey[] = [];
  for (const { armored, provenance } of cached.keys) {
    const [key] = await readKeys({ data: new TextEncoder().encode(armored) });
    if (key) keys.push({ key: key.toPublic(), provenance });
  }
  return { keys, attempts: cached.attempts, cachedFrom: cached.lookedUpAt };
}

/** The places in the words of the CLI's lines and the key manager's technical detail. */
export const PLACE_NAMES: Record<PlaceKind, string> = { 'wkd-advanced': 'WKD advanced', 'wkd-direct': 'WKD direct', vks: 'VKS', hkp: 'HKP' };

/** The one line for a look-up that found nothing: every place asked and what it said. */
export function nothingFoundLine(query: string, attempts: readonly LookupAttempt[]): string {
  return `no key found for ${query}: ${attempts.map((a) => `${PLACE_NAMES[a.place]} ${a.url}: ${a.message}`).join('; ')}`;
}

/** Which of the places asked answered with `found`. */
export function placeOf(found: FoundKey, attempts: readonly LookupAttempt[]): PlaceKind {
  return attempts.find((a) => a.outcome === 'found' && a.url === found.provenance.url)?.place ?? (found.provenance.method === 'wkd' ? 'wkd-advanced' : found.provenance.method);
}
