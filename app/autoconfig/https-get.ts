// A bounded HTTPS GET for autoconfig documents (and requests for key discovery): certificates verified, one deadline, a size cap, few HTTPS-only redirects.
import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { AttemptFailure } from './server-settings.js';

export interface HttpsOptions {
  /** Trust anchors that replace the public roots (a private CA; the tests' throwaway CA). */
  ca?: string | readonly string[];
  /**
   * Connect to another address for a host name, like curl's --connect-to. The certificate is
   * still checked against the host name in the URL, so this cannot weaken validation; it lets
   * tests serve autoconfig.example.test from 127.0.0.1 without touching /etc/hosts.
   */
  connectTo?: Readonly<Record<string, { host: string; port: number }>>;
}

export interface GetLimits {
  /** Covers every redirect, connect, handshake and the whole body: a trickling server cannot stretch it. */
  deadline: number;
  maxBytes: number;
  maxRedirects: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

// Never http://, not even as a fallback: Thunderbird's plain-HTTP autoconfig fetch lets anyone on
// the path substitute their own servers and harvest the password on first login.
export async function httpsGet(url: URL, https: HttpsOptions, limits: GetLimits): Promise<string> {
  const response = await httpsFetch(url, https, limits, { accept: 'application/xml, text/xml' });
  if (response.status === 200) return response.body.toString('utf8');
  if (response.status === 404 || response.status === 410) throw new AttemptFailure('not-found', `${response.url.host} has no autoconfig document`);
  throw new AttemptFailure('http-status', `${response.url.host} answered HTTP ${response.status}`);
}

/** What one request sends (key discovery posts JSON; autoconfig only GETs). */
export interface HttpsMessage {
  method?: 'GET' | 'POST';
  accept: string;
  body?: { contentType: string; data: string };
  /** Read the body of a non-200 answer too (an API's JSON error); else only its status counts. */
  errorBody?: boolean;
}

export interface HttpsResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: URL;
  body: Buffer;
}

/** Like httpsGet for any method and status: HTTPS-only redirects are followed for GET, bytes come back as they are. */
export async function httpsFetch(url: URL, https: HttpsOptions, limits: GetLimits, message: HttpsMessage): Promise<HttpsResponse> {
  let current = url;
  for (let hops = 0; ; hops++) {
    if (current.protocol !== 'https:') {
      throw new AttemptFailure('redirect', hops === 0 ? `refused non-HTTPS ${current.origin}` : `refused a redirect to non-HTTPS ${current.origin}`);
    }
    const response = await getOnce(current, https, limits, message);
    if (!REDIRECTS.has(response.status) || message.method === 'POST') return { status: response.status, url: current, body: response.body };
    if (hops >= limits.maxRedirects) throw new AttemptFailure('redirect', `more than ${limits.maxRedirects} redirects from ${url.host}`);
    if (response.location === undefined) throw new AttemptFailure('redirect', `${current.host} redirected without a Location`);
    current = new URL(response.location, current);
  }
}

interface Response {
  status: number;
  location?: string;
  body: Buffer;
}

function getOnce(url: URL, https: HttpsOptions, limits: GetLimits, message: HttpsMessage): Promise<Response> {
  const target = https.connectTo?.[url.hostname];
  return new Promise((resolve, reject) => {
    const req = request({
      host: target?.host ?? url.hostname,
      port: target?.port ?? (url.port === '' ? 443 : Number(url.port)),
      // Names the certificate must match, whatever address we connect to.
      servername: url.hostname,
      path: `${url.pathname}${url.search}`,
      method: message.method ?? 'GET',
      headers: {
        host: url.host,
        accept: message.accept,
        ...(message.body ? { 'content-type': message.body.contentType, 'content-length': Buffer.byteLength(message.body.data) } : {}),
      },
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      ...(https.ca !== undefined ? { ca: https.ca as string | string[] } : {}),
      agent: false,
    });
    // The first reason we abort for wins: destroying the request also surfaces as a socket error.
    let abortedFor: AttemptFailure | undefined;
    const abort = (failure: AttemptFailure): void => {
      abortedFor ??= failure;
      req.destroy(failure);
    };
    const timer = setTimeout(() => abort(new AttemptFailure('timeout', `${url.host} did not answer in time`)), Math.max(0, limits.deadline - Date.now()));
    const fail = (e: Error): void => {
      clearTimeout(timer);
      reject(abortedFor ?? classify(e, url));
    };
    req.on('close', () => fail(new Error('the connection closed early')));
    req.on('error', fail);
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status !== 200 && !(message.errorBody === true && !REDIRECTS.has(status))) {
        // Only the status and Location matter; the body of an error page is not read.
        clearTimeout(timer);
        res.destroy();
        req.destroy();
        resolve({ status, location: res.headers.location, body: Buffer.alloc(0) });
        return;
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > limits.maxBytes) {
        abort(new AttemptFailure('too-large', `${url.host} sent more than ${limits.maxBytes} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) abort(new AttemptFailure('too-large', `${url.host} sent more than ${limits.maxBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status, body: Buffer.concat(chunks) });
      });
    });
    req.end(message.body?.data);
  });
}

const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)|ERR_TLS_CERT_ALTNAME_INVALID/;

function classify(e: Error, url: URL): AttemptFailure {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (CERTIFICATE_CODES.test(code)) return new AttemptFailure('certificate', `the certificate of ${url.hostname} is not valid (${code})`);
  return new AttemptFailure('network', `cannot fetch from ${url.host}: ${code || e.message}`);
}
