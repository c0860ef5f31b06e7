// The Verifying Keyserver API of keys.openpgp.org (https://keys.openpgp.org/about/api): look-ups, upload, verification request.
import type { PublicKey } from 'openpgp';
import { SealmailError } from '../../crypto/errors.js';
import { isRecord } from '../json-record.js';
import { keysForAddress, keysForFingerprint } from './address-keys.js';
import { type DirectoryConnection, directoryRequest, type LookupAttempt, type SourceResult } from './directory-fetch.js';

export const DEFAULT_VKS = 'https://keys.openpgp.org';

/** The server's base URL, refused unless it is HTTPS: a key fetched or sent in the clear can be swapped on the way. */
export function vksBase(base: string = DEFAULT_VKS): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new SealmailError('bad-option', `"${base}" is not a keyserver URL`);
  }
  if (url.protocol !== 'https:') throw new SealmailError('bad-option', `refusing the keyserver ${url.origin}: only https:// URLs are used`);
  return url;
}

function endpoint(base: URL, path: string): URL {
  return new URL(`${base.href.replace(/\/+$/, '')}/vks/v1/${path}`);
}

export async function vksByEmail(options: { base: URL; address: string; connection: DirectoryConnection }): Promise<SourceResult> {
  const { base, address, connection } = options;
  const url = endpoint(base, `by-email/${encodeURIComponent(address)}`);
  return fetchVks(url, connection, address, (data) => keysForAddress({ data, address }));
}

export async function vksByFingerprint(options: { base: URL; fingerprint: string; connection: DirectoryConnection }): Promise<SourceResult> {
  const { base, fingerprint, connection } = options;
  const url = endpoint(base, `by-fingerprint/${fingerprint.toUpperCase()}`);
  return fetchVks(url, connection, fingerprint, (data) => keysForFingerprint({ data, fingerprint }));
}

async function fetchVks(
  url: URL,
  connection: DirectoryConnection,
  what: string,
  read: (data: Uint8Array) => Promise<{ kept: PublicKey[]; refused: string[] }>,
): Promise<SourceResult> {
  const sent = await directoryRequest('vks', url, connection, { accept: 'application/pgp-keys' });
  if ('attempt' in sent) return { found: [], attempts: [sent.attempt] };
  const { status, body, url: answered } = sent.response;
  const attempt = (outcome: LookupAttempt['outcome'], message: string): LookupAttempt => ({ place: 'vks', url: answered.href, outcome, message });
  if (status === 404) return { found: [], attempts: [attempt('not-found', `${answered.host} has no key for ${what}`)] };
  if (status !== 200) return { found: [], attempts: [attempt('failed', `${answered.host} answered HTTP ${status}`)] };
  const result = await read(body).catch(() => null);
  if (!result) return { found: [], attempts: [attempt('refused', `${answered.host} answered with something that is not an OpenPGP key`)] };
  const fetchedAt = new Date().toISOString();
  const found = result.kept.map((key) => ({ key, provenance: { method: 'vks' as const, url: answered.href, fetchedAt } }));
  const message = [found.length > 0 ? `${found.length} key(s) for ${what}` : null, ...result.refused].filter((m) => m !== null).join('; ');
  return { found, attempts: [attempt(found.length > 0 ? 'found' : 'refused', message)] };
}

/** What VKS says about a key's addresses after an upload or a verification request. */
export type AddressStatus = 'unpublished' | 'pending' | 'published' | 'revoked';

export interface VksUploadState {
  fingerprint: string;
  /** Proves the upload to request-verify; it grants nothing else. */
  token: string;
  status: Record<string, AddressStatus>;
}

/**
 * Uploads the public key (armored, as the API takes it), then asks for verification mail for every
 * address that is not published yet. Only the public key travels: the caller passes key.toPublic().
 */
export async function vksUpload(options: { base: URL; publicKey: PublicKey; connection: DirectoryConnection; locale?: string }): Promise<{
  uploaded: VksUploadState;
  requested: VksUploadState | null;
}> {
  const { base, publicKey, connection } = options;
  if (publicKey.isPrivate()) throw new SealmailError('bad-option', 'only the public key may be uploaded');
  const uploaded = await postJson(endpoint(base, 'upload'), connection, { keytext: publicKey.armor() });
  const waiting = Object.entries(uploaded.status).flatMap(([address, state]) => (state === 'unpublished' ? [address] : []));
  if (waiting.length === 0) return { uploaded, requested: null };
  const request = { token: uploaded.token, addresses: waiting, ...(options.locale ? { locale: [options.locale] } : {}) };
  const requested = await postJson(endpoint(base, 'request-verify'), connection, request);
  return { uploaded, requested };
}

async function postJson(url: URL, connection: DirectoryConnection, body: object): Promise<VksUploadState> {
  const message = { method: 'POST' as const, accept: 'application/json', errorBody: true, body: { contentType: 'application/json', data: JSON.stringify(body) } };
  const sent = await directoryRequest('vks', url, connection, message);
  if ('attempt' in sent) throw new SealmailError('network', `keyserver ${url.href}: ${sent.attempt.message}`);
  const { status, body: answer } = sent.response;
  const parsed = parseJson(answer);
  if (status !== 200) {
    const why = typeof parsed?.error === 'string' ? `: ${parsed.error.slice(0, 200)}` : '';
    throw new SealmailError('network', `keyserver ${url.host} refused ${url.pathname} with HTTP ${status}${why}`);
  }
  const state = parsed ? uploadState(parsed) : null;
  if (!state) throw new SealmailError('network', `keyserver ${url.host} sent an answer to ${url.pathname} that is not a VKS upload state`);
  return state;
}

const STATES: readonly string[] = ['unpublished', 'pending', 'published', 'revoked'];

function uploadState(json: Record<string, unknown>): VksUploadState | null {
  const { key_fpr: fingerprint, token, status } = json;
  if (typeof fingerprint !== 'string' || typeof token !== 'string' || typeof status !== 'object' || status === null) return null;
  const entries = Object.entries(status as Record<string, unknown>);
  if (!entries.every(([, s]) => typeof s === 'string' && STATES.includes(s))) return null;
  return { fingerprint: fingerprint.toLowerCase(), token, status: Object.fromEntries(entries) as Record<string, AddressStatus> };
}

function parseJson(data: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(data));
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}
