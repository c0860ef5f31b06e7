// One request to a key directory (WKD, VKS or HKP), reusing autoconfig's bounded HTTPS client, with failures as one line each.
import { httpsFetch, type HttpsMessage, type HttpsOptions, type HttpsResponse } from '../autoconfig/https-get.js';
import { AttemptFailure } from '../autoconfig/server-settings.js';
import type { PublicKey } from 'openpgp';
import type { KeyProvenance } from './provenance.js';

export type { HttpsOptions } from '../autoconfig/https-get.js';

/** A key answer bigger than this is refused; keys.openpgp.org strips third-party signatures, WKD keys are small. */
export const MAX_KEY_BYTES = 512 * 1024;
const MAX_REDIRECTS = 3;
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface DirectoryConnection {
  /** Trust anchors and test-only name mapping; certificates are always verified. */
  https: HttpsOptions;
  /** Each request's whole time: connect, TLS, redirects and body. */
  timeoutMs: number;
}

export type PlaceKind = 'wkd-advanced' | 'wkd-direct' | 'vks' | 'hkp';

/** One place looked, and what it said: every lookup reports all of them. */
export interface LookupAttempt {
  place: PlaceKind;
  url: string;
  outcome: 'found' | 'not-found' | 'refused' | 'failed';
  message: string;
}

export interface FoundKey {
  key: PublicKey;
  provenance: KeyProvenance;
}

export interface SourceResult {
  found: FoundKey[];
  attempts: LookupAttempt[];
}

/** Sends one request; a transport failure (timeout, certificate, network, size) comes back as a failed attempt. */
export async function directoryRequest(
  place: PlaceKind,
  url: URL,
  connection: DirectoryConnection,
  message: HttpsMessage,
): Promise<{ response: HttpsResponse } | { attempt: LookupAttempt }> {
  const limits = { deadline: Date.now() + connection.timeoutMs, maxBytes: MAX_KEY_BYTES, maxRedirects: MAX_REDIRECTS };
  try {
    return { response: await httpsFetch(url, connection.https, limits, message) };
  } catch (e) {
    if (!(e instanceof AttemptFailure)) throw e;
    const text = e.code === 'timeout' ? `${url.host} did not answer within ${seconds(connection.timeoutMs)}` : e.message;
    return { attempt: { place, url: url.href, outcome: 'failed', message: text } };
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
