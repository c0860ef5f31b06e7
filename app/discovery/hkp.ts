// An HKP keyserver the user names (draft-shaw-openpgp-hkp, section 3): machine-readable `op=get` look-ups, over HTTPS only.
import type { PublicKey } from 'openpgp';
import { SealmailError } from '../../crypto/errors.js';
import { keysForAddress, keysForFingerprint } from './address-keys.js';
import { type DirectoryConnection, directoryRequest, type LookupAttempt, type SourceResult } from './directory-fetch.js';

/**
 * The server's base URL. Plain HKP (hkp://, port 11371) and http:// are refused: a key fetched in the
 * clear can be swapped on the way. hkps:// is read as https:// on the same host and port, as GnuPG does.
 */
export function hkpBase(base: string): URL {
  let url: URL;
  try {
    url = new URL(base.replace(/^hkps:\/\//i, 'https://'));
  } catch {
    throw new SealmailError('bad-option', `"${base}" is not a keyserver URL`);
  }
  if (url.protocol !== 'https:') throw new SealmailError('bad-option', `refusing the HKP keyserver ${base}: only https:// (or hkps://) URLs are used`);
  return url;
}

/** GET /pks/lookup?op=get&options=mr&search=...: `mr` asks for the bare key block instead of an HTML page. */
export function hkpLookupUrl(base: URL, search: string): URL {
  const url = new URL(`${base.href.replace(/\/+$/, '')}/pks/lookup`);
  url.search = new URLSearchParams({ op: 'get', options: 'mr', search }).toString();
  return url;
}

/** HKP matches words, not addresses, so the answer may hold other people's keys: only the searched address's user IDs are kept. */
export async function hkpByEmail(options: { base: URL; address: string; connection: DirectoryConnection }): Promise<SourceResult> {
  const { base, address, connection } = options;
  return fetchHkp(hkpLookupUrl(base, address), connection, address, (data) => keysForAddress({ data, address }));
}

/** The draft's key-ID search form: "0x" and the hex fingerprint; only the key with that fingerprint is kept. */
export async function hkpByFingerprint(options: { base: URL; fingerprint: string; connection: DirectoryConnection }): Promise<SourceResult> {
  const { base, fingerprint, connection } = options;
  return fetchHkp(hkpLookupUrl(base, `0x${fingerprint.toUpperCase()}`), connection, fingerprint, (data) => keysForFingerprint({ data, fingerprint }));
}

async function fetchHkp(
  url: URL,
  connection: DirectoryConnection,
  what: string,
  read: (data: Uint8Array) => Promise<{ kept: PublicKey[]; refused: string[] }>,
): Promise<SourceResult> {
  const sent = await directoryRequest('hkp', url, connection, { accept: 'application/pgp-keys' });
  if ('attempt' in sent) return { found: [], attempts: [sent.attempt] };
  const { status, body, url: answered } = sent.response;
  const attempt = (outcome: LookupAttempt['outcome'], message: string): LookupAttempt => ({ place: 'hkp', url: answered.href, outcome, message });
  if (status === 404) return { found: [], attempts: [attempt('not-found', `${answered.host} has no key for ${what}`)] };
  if (status !== 200) return { found: [], attempts: [attempt('failed', `${answered.host} answered HTTP ${status}`)] };
  const result = await read(body).catch(() => null);
  if (!result) return { found: [], attempts: [attempt('refused', `${answered.host} answered with something that is not an OpenPGP key`)] };
  const fetchedAt = new Date().toISOString();
  const found = result.kept.map((key) => ({ key, provenance: { method: 'hkp' as const, url: answered.href, fetchedAt } }));
  const message = [found.length > 0 ? `${found.length} key(s) for ${what}` : null, ...result.refused].filter((m) => m !== null).join('; ');
  return { found, attempts: [attempt(found.length > 0 ? 'found' : 'refused', message)] };
}
