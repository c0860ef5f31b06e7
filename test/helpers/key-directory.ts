// A local HTTPS server standing in for a domain's Web Key Directory and a VKS keyserver, logging every request with its body.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { HttpsOptions } from '../../app/autoconfig/index.js';
import { makeSiteCertificates, type SiteCertificates } from '../app/autoconfig/site-certificates.js';

/** The names the test certificate is valid for; tests map them to this server. */
export const DIRECTORY_HOSTS = ['openpgpkey.example.test', 'example.test', 'keys.example.test'] as const;

/** A reply for one host + path; a function sees the request body; 'hang' accepts the request and never answers. */
export type Reply =
  | { status: number; body?: string | Uint8Array; type?: string }
  | ((body: string) => { status: number; body?: string | Uint8Array; type?: string })
  | 'hang';

export interface LoggedRequest {
  method: string;
  /** "host/path?query". */
  target: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface KeyDirectory {
  /** Keyed by "host/path" without the query; anything else is 404. */
  replies: Map<string, Reply>;
  requests: LoggedRequest[];
  port: number;
  caPem: string;
  /** Trust only the test CA; `hosts` (default all of DIRECTORY_HOSTS) reach this server. */
  https(hosts?: readonly string[]): HttpsOptions;
  /** The same mapping as `sealmail ... --connect-to` arguments. */
  connectToArgs(hosts?: readonly string[]): string[];
  /** Forgets every reply and logged request, for the next test. */
  reset(): void;
  close(): Promise<void>;
}

export async function startKeyDirectory(certificates?: SiteCertificates): Promise<KeyDirectory> {
  const site = certificates ?? (await makeSiteCertificates(DIRECTORY_HOSTS));
  const replies = new Map<string, Reply>();
  const requests: LoggedRequest[] = [];
  const server: Server = createServer({ key: site.key, cert: site.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `https://${req.headers.host ?? 'none'}`);
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', target: `${url.hostname}${url.pathname}${url.search}`, headers: req.headers, body });
      const reply = replies.get(`${url.hostname}${url.pathname}`) ?? { status: 404, body: 'not here', type: 'text/plain' };
      if (reply === 'hang') return;
      const answer = typeof reply === 'function' ? reply(body) : reply;
      res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/octet-stream' });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const mapping = (hosts: readonly string[]): Record<string, { host: string; port: number }> =>
    Object.fromEntries(hosts.map((h) => [h, { host: '127.0.0.1', port }]));
  return {
    replies,
    requests,
    port,
    caPem: site.caPem,
    https: (hosts = DIRECTORY_HOSTS) => ({ ca: site.caPem, connectTo: mapping(hosts) }),
    connectToArgs: (hosts = DIRECTORY_HOSTS) => hosts.flatMap((h) => ['--connect-to', `${h}=127.0.0.1:${port}`]),
    reset: () => {
      replies.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
