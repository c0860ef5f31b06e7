// The key manager's look-up (WKD, then the keyserver) and refresh, with the same connection settings as `sealmail keys lookup`.
import { rootCertificates } from 'node:tls';
import { keyInfo } from '../../crypto/pgp/keys.js';
import type { FoundKeyView, KeyLookupView, KeyRefreshView } from '../contract/views.js';
import { DEFAULT_TIMEOUT_MS, type HttpsOptions } from '../discovery/directory-fetch.js';
import { lookupKeys, nothingFoundLine, placeOf } from '../discovery/key-lookup.js';
import { refreshKeys, refreshLine, type RefreshConnection } from '../key-refresh.js';
import { fromDiscovery } from '../key-provenance.js';
import type { Keyring } from '../keyring.js';
import { keyView } from './views.js';

/** The CLI's --ca, --connect-to, --keyserver and --timeout; left out, the public internet's settings. */
export interface DiscoveryOptions {
  /** A private CA (PEM), trusted besides the public roots. */
  caPem?: string;
  /** Reach a host at another address; its certificate is still checked for the host name. */
  connectTo?: Readonly<Record<string, { host: string; port: number }>>;
  /** The VKS keyserver, https only (default https://keys.openpgp.org). */
  keyserver?: string;
  /** Each request's whole time (default 10 s). */
  timeoutMs?: number;
}

export interface DiscoveryConnection {
  https: HttpsOptions;
  timeoutMs: number;
  keyserver?: string;
}

export function discoveryConnection(options: DiscoveryOptions = {}): DiscoveryConnection {
  const https: HttpsOptions = {
    ...(options.caPem === undefined ? {} : { ca: [...rootCertificates, options.caPem] }),
    ...(options.connectTo === undefined ? {} : { connectTo: options.connectTo }),
  };
  return { https, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...(options.keyserver === undefined ? {} : { keyserver: options.keyserver }) };
}

/** Looks `address` up and adds each key found with where it came from; a key new to the keyring is undecided. */
export async function lookUpAddress(options: { keyring: Keyring; profile: string; address: string; connection: DiscoveryConnection }): Promise<KeyLookupView> {
  const { keyring, profile, address, connection } = options;
  const result = await lookupKeys({ query: address, profile, https: connection.https, timeoutMs: connection.timeoutMs, ...(connection.keyserver ? { keyserver: connection.keyserver } : {}) });
  if (result.keys.length === 0) {
    const unreachable = result.attempts.length > 0 && result.attempts.every((a) => a.outcome === 'failed');
    return { address, found: [], reasonCode: unreachable ? 'unreachable' : 'not-found', reason: nothingFoundLine(address, result.attempts), cachedFrom: result.cachedFrom };
  }
  const found: FoundKeyView[] = [];
  for (const key of result.keys) {
    const { entry, status } = await keyring.add({ key: key.key, provenance: fromDiscovery(key.provenance) });
    const kept = await keyInfo({ key: key.key });
    found.push({
      key: await keyView(entry),
      userIds: kept.userIds.map((u) => u.uid),
      place: placeOf(key, result.attempts),
      url: key.provenance.url,
      fetchedAt: key.provenance.fetchedAt,
      added: status,
    });
  }
  return { address, found, reasonCode: null, reason: null, cachedFrom: result.cachedFrom };
}

/** One key, or every key that is not one's own; without a fingerprint, keys that came from no directory are left out. */
export async function refreshFromDirectories(options: { keyring: Keyring; fingerprint?: string; connection: DiscoveryConnection }): Promise<KeyRefreshView[]> {
  const { keyring, fingerprint, connection } = options;
  const entries = fingerprint === undefined ? keyring.list().filter((e) => e.meta.acceptance !== 'own') : [await keyring.find(fingerprint.toLowerCase())];
  const results = await refreshKeys({ keyring, entries, connection: refreshConnection(connection) });
  const shown = fingerprint === undefined ? results.filter((r) => r.outcome !== 'no-source') : results;
  return shown.map((r) => ({ fingerprint: r.fingerprint, address: r.address, outcome: r.outcome, line: refreshLine(r) }));
}

/** What refreshing needs of the connection; `maxTimeoutMs` caps the wait (before sending, a directory gets less time). */
export function refreshConnection(connection: DiscoveryConnection, maxTimeoutMs?: number): RefreshConnection {
  return { https: connection.https, timeoutMs: maxTimeoutMs === undefined ? connection.timeoutMs : Math.min(maxTimeoutMs, connection.timeoutMs) };
}
