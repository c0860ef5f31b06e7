// Refreshing keys from the directories they came from (WKD, keys.openpgp.org), and before sending when they are about to expire.
import type { Key } from 'openpgp';
import { keyInfo } from '../crypto/pgp/keys.js';
import { DEFAULT_TIMEOUT_MS, type FoundKey, type HttpsOptions, type LookupAttempt } from './discovery/directory-fetch.js';
import { vksBase, vksByFingerprint } from './discovery/vks.js';
import { type HostExists, wkdLookup } from './discovery/wkd.js';
import { messageAddresses } from './message-addresses.js';
import { fromDiscovery, type Provenance } from './key-provenance.js';
import { type Keyring, type KeyringEntry, provenancesOf } from './keyring.js';

/** Refreshed before sending when it expires within this long, or has expired (issue 6 §2). */
export const REFRESH_BEFORE_SEND_MS = 30 * 24 * 60 * 60 * 1000;

export interface RefreshConnection {
  https?: HttpsOptions;
  timeoutMs?: number;
  hostExists?: HostExists;
}

/**
 * new-expiry: the directory had a newer self-signature with another expiry; revoked: it had a revocation;
 * unchanged: it had the key, nothing new; not-found: it answered but no longer has the key; unreachable:
 * no answer (timeout, network, certificate); no-source: the key came from no directory.
 */
export type RefreshOutcome = 'new-expiry' | 'revoked' | 'unchanged' | 'not-found' | 'unreachable' | 'no-source';

export interface KeyRefresh {
  fingerprint: string;
  /** The key's first address, for the one line the user reads. */
  address: string | null;
  outcome: RefreshOutcome;
  /** 'WKD' or 'keys.openpgp.org'-style host name of where it was refreshed from (or last tried). */
  from: string | null;
  /** ISO 8601 or null (does not expire), before and after. */
  expiresBefore: string | null;
  expires: string | null;
  /** Why, for unreachable and not-found. */
  detail: string | null;
}

/**
 * Asks each WKD and VKS the key was seen at, WKD by the key's addresses on that domain and VKS by
 * fingerprint, and merges what they return with the same fingerprint (never another key: a directory
 * serving a different key for the address is a key change, which a look-up, not a refresh, brings in).
 */
export async function refreshKey(options: { keyring: Keyring; entry: KeyringEntry; connection?: RefreshConnection; now?: Date }): Promise<KeyRefresh> {
  const { keyring, entry, connection = {}, now = new Date() } = options;
  const before = await keyInfo({ key: entry.key, date: now });
  const base = { fingerprint: entry.fingerprint, address: addressesOf(entry.key)[0] ?? null, expiresBefore: before.expires };
  const sources = provenancesOf(entry.meta).filter((p) => p.kind === 'wkd' || p.kind === 'vks');
  if (sources.length === 0) return { ...base, outcome: 'no-source', from: null, expires: before.expires, detail: null };
  const directory = { https: connection.https ?? {}, timeoutMs: connection.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const found: FoundKey[] = [];
  const attempts: LookupAttempt[] = [];
  for (const source of sources) {
    const asked = await ask(source, entry, directory, connection.hostExists).catch((e: unknown) => ({
      found: [],
      attempts: [{ place: 'vks' as const, url: source.detail, outcome: 'failed' as const, message: e instanceof Error ? e.message : String(e) }],
    }));
    found.push(...asked.found.filter((f) => f.key.getFingerprint() === entry.fingerprint));
    attempts.push(...asked.attempts);
  }
  let merged = entry.key;
  for (const f of found) merged = (await keyring.add({ key: f.key, provenance: fromDiscovery(f.provenance) })).entry.key;
  const from = found[0] ? placeName(found[0].provenance.method, found[0].provenance.url) : placeName(sources[0]?.kind ?? 'wkd', sources[0]?.detail ?? '');
  if (found.length === 0) {
    const reachable = attempts.some((a) => a.outcome !== 'failed');
    const detail = attempts.map((a) => a.message).join('; ') || null;
    return { ...base, outcome: reachable ? 'not-found' : 'unreachable', from, expires: before.expires, detail };
  }
  const after = await keyInfo({ key: merged, date: now });
  const outcome: RefreshOutcome = after.revoked && !before.revoked ? 'revoked' : after.expires !== before.expires ? 'new-expiry' : 'unchanged';
  return { ...base, outcome, from, expires: after.expires, detail: null };
}

/** Refreshes each entry in turn; one failing never stops the others. */
export async function refreshKeys(options: { keyring: Keyring; entries: KeyringEntry[]; connection?: RefreshConnection; now?: Date }): Promise<KeyRefresh[]> {
  const results: KeyRefresh[] = [];
  for (const entry of options.entries) results.push(await refreshKey({ ...options, entry }));
  return results;
}

/**
 * Before sending: the recipients' keys (not rejected, not revoked, not one's own) that expire within 30
 * days or have expired are refreshed from their directories. Never throws for a failed refresh: a key
 * that is still valid is used as it is, and the caller tells the user one line per key.
 */
export async function refreshBeforeSend(options: { keyring: Keyring; addresses: string[]; connection?: RefreshConnection; now?: Date }): Promise<KeyRefresh[]> {
  const { keyring, addresses, now = new Date() } = options;
  const wanted = new Set(addresses.map((a) => a.toLowerCase()));
  const due: KeyringEntry[] = [];
  for (const entry of keyring.list()) {
    if (entry.meta.acceptance === 'own' || entry.meta.acceptance === 'unaccepted') continue;
    if (!addressesOf(entry.key).some((a) => wanted.has(a))) continue;
    const info = await keyInfo({ key: entry.key, date: now });
    if (info.revoked || info.expires === null) continue;
    if (new Date(info.expires).getTime() - now.getTime() <= REFRESH_BEFORE_SEND_MS) due.push(entry);
  }
  return refreshKeys({ ...options, entries: due, now });
}

/** The To, Cc and Bcc addresses of a message about to be sent; none when it cannot be read (sealing will say why). */
export function recipientAddresses(message: Uint8Array): string[] {
  try {
    return messageAddresses(message).recipients;
  } catch {
    return [];
  }
}

/** One line per refreshed key, e.g. "refreshed bob@example.org's key from WKD: now expires 2027-01-31". */
export function refreshLine(r: KeyRefresh): string {
  const whose = `${r.address ?? r.fingerprint}'s key`;
  const expiry = (iso: string | null): string => (iso === null ? 'does not expire' : `${new Date(iso) < new Date() ? 'expired' : 'expires'} ${iso.slice(0, 10)}`);
  switch (r.outcome) {
    case 'new-expiry':
      return `refreshed ${whose} from ${r.from}: now ${r.expires === null ? 'does not expire' : `expires ${r.expires.slice(0, 10)}`}`;
    case 'revoked':
      return `refreshed ${whose} from ${r.from}: it is REVOKED now and will not be used`;
    case 'unchanged':
      return `${whose} is unchanged at ${r.from} (${expiry(r.expires)})`;
    case 'not-found':
      return `${whose} is no longer at ${r.from} (${expiry(r.expires)})`;
    case 'unreachable':
      return `could not refresh ${whose} from ${r.from}${r.detail ? ` (${r.detail})` : ''}; it ${expiry(r.expires)}`;
    case 'no-source':
      return `${whose} ${expiry(r.expires)} and came from no key directory, so it cannot be refreshed; ask its owner for an update`;
  }
}

async function ask(source: Provenance, entry: KeyringEntry, directory: { https: HttpsOptions; timeoutMs: number }, hostExists?: HostExists) {
  if (source.kind === 'vks') {
    return vksByFingerprint({ base: vksBase(new URL(source.detail).origin), fingerprint: entry.fingerprint, connection: directory });
  }
  const host = new URL(source.detail).hostname;
  const addresses = addressesOf(entry.key).filter((a) => {
    const domain = a.slice(a.lastIndexOf('@') + 1);
    return host === domain || host === `openpgpkey.${domain}`;
  });
  const found: FoundKey[] = [];
  const attempts: LookupAttempt[] = [];
  for (const address of addresses) {
    const result = await wkdLookup({ address, connection: directory, ...(hostExists ? { hostExists } : {}) });
    found.push(...result.found);
    attempts.push(...result.attempts);
  }
  return { found, attempts };
}

function placeName(kind: string, url: string): string {
  if (kind === 'wkd') return 'WKD';
  const host = URL.canParse(url) ? new URL(url).host : url;
  return host === '' ? 'the keyserver' : host;
}

/** Every address in the key's user IDs, expired or not: an expired key is exactly the one to refresh. */
function addressesOf(key: Key): string[] {
  return [...new Set(key.users.flatMap((u) => (u.userID?.email ? [u.userID.email.toLowerCase()] : [])))];
}
