// OpenPGP Web Key Directory lookup (draft-koch-openpgp-webkey-service, section 3.1): the advanced method, then the direct one.
import { lookup } from 'node:dns/promises';
import { keysForAddress } from './address-keys.js';
import { type DirectoryConnection, directoryRequest, type LookupAttempt, type PlaceKind, type SourceResult } from './directory-fetch.js';
import { wkdHash } from './zbase32.js';
import { splitAddress } from './mail-address.js';

export interface WkdUrls {
  advanced: URL;
  direct: URL;
}

/** Both request URLs for an address; `l=` carries the local part as typed, so a server may apply its own mapping. */
export function wkdUrls(address: string): WkdUrls {
  const { local, domain } = splitAddress(address);
  const hu = `hu/${wkdHash(local)}?l=${encodeURIComponent(local)}`;
  return {
    advanced: new URL(`https://openpgpkey.${domain}/.well-known/openpgpkey/${domain}/${hu}`),
    direct: new URL(`https://${domain}/.well-known/openpgpkey/${hu}`),
  };
}

/** Says whether a host name exists in DNS; only a definite "no such name" is false. */
export type HostExists = (host: string) => Promise<boolean>;

export const hostExistsInDns: HostExists = (host) =>
  lookup(host).then(
    () => true,
    (e: unknown) => !['ENOTFOUND', 'ENODATA'].includes((e as NodeJS.ErrnoException).code ?? ''),
  );

/**
 * The draft: "Only if the required sub-domain does not exist, they SHOULD fall back to the direct
 * method." So the direct method is tried only when openpgpkey.DOMAIN has no DNS name; an advanced
 * host that exists but answers 404, times out or has a bad certificate ends the WKD lookup, as in
 * GnuPG. Otherwise whoever can make DOMAIN's web server answer could override the key directory.
 */
export async function wkdLookup(options: { address: string; connection: DirectoryConnection; hostExists?: HostExists }): Promise<SourceResult> {
  const { address, connection, hostExists = hostExistsInDns } = options;
  const urls = wkdUrls(address);
  const advancedHost = urls.advanced.hostname;
  const mapped = connection.https.connectTo?.[advancedHost] !== undefined;
  if (mapped || (await hostExists(advancedHost))) return fetchKeys('wkd-advanced', urls.advanced, address, connection);
  const skipped: LookupAttempt = { place: 'wkd-advanced', url: urls.advanced.href, outcome: 'not-found', message: `${advancedHost} does not exist` };
  const direct = await fetchKeys('wkd-direct', urls.direct, address, connection);
  return { found: direct.found, attempts: [skipped, ...direct.attempts] };
}

async function fetchKeys(place: PlaceKind, url: URL, address: string, connection: DirectoryConnection): Promise<SourceResult> {
  const sent = await directoryRequest(place, url, connection, { accept: 'application/octet-stream, application/pgp-keys' });
  if ('attempt' in sent) return { found: [], attempts: [sent.attempt] };
  const { status, body, url: answered } = sent.response;
  const attempt = (outcome: LookupAttempt['outcome'], message: string): LookupAttempt => ({ place, url: answered.href, outcome, message });
  if (status === 404 || status === 410) return { found: [], attempts: [attempt('not-found', `${answered.host} has no key for ${address}`)] };
  if (status !== 200) return { found: [], attempts: [attempt('failed', `${answered.host} answered HTTP ${status}`)] };
  const read = await keysForAddress({ data: body, address }).catch(() => null);
  if (!read) return { found: [], attempts: [attempt('refused', `${answered.host} answered with something that is not an OpenPGP key`)] };
  const fetchedAt = new Date().toISOString();
  const found = read.kept.map((key) => ({ key, provenance: { method: 'wkd' as const, url: answered.href, fetchedAt } }));
  const message = [found.length > 0 ? `${found.length} key(s) for ${address}` : null, ...read.refused].filter((m) => m !== null).join('; ');
  return { found, attempts: [attempt(found.length > 0 ? 'found' : 'refused', message)] };
}
