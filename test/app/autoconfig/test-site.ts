// A local HTTPS server standing in for autoconfig.example.test and example.test, with per-path answers and a request log.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { HttpsOptions } from '../../../app/autoconfig/index.js';
import type { SiteCertificates } from './site-certificates.js';

/** An answer for one host + path; 'hang' accepts the request and never answers. */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

export interface TestSite {
  /** Keyed by "host/path", e.g. "autoconfig.example.test/mail/config-v1.1.xml"; anything else is 404. */
  answers: Map<string, Answer>;
  /** "host/path?query" of every request, in order. */
  requests: string[];
  /** Points both test hosts at this server, trusting only the test CA. */
  https: HttpsOptions;
  close(): Promise<void>;
}

export const AUTOCONFIG_PATH = 'autoconfig.example.test/mail/config-v1.1.xml';
export const WELL_KNOWN_PATH = 'example.test/.well-known/autoconfig/mail/config-v1.1.xml';

export async function startTestSite(certificates: SiteCertificates): Promise<TestSite> {
  const answers = new Map<string, Answer>();
  const requests: string[] = [];
  const server: Server = createServer({ key: certificates.key, cert: certificates.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? 'none'}`);
    requests.push(`${url.hostname}${url.pathname}${url.search}`);
    const answer = answers.get(`${url.hostname}${url.pathname}`) ?? { status: 404, body: 'not here' };
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/xml', ...answer.headers });
    res.end(answer.body ?? '');
  });
  // Port 0: the system picks a free port, so parallel test runs cannot clash.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const to = { host: '127.0.0.1', port };
  return {
    answers,
    requests,
    https: { ca: certificates.caPem, connectTo: { 'autoconfig.example.test': to, 'example.test': to } },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Mozilla autoconfig document with the given <incomingServer>/<outgoingServer> elements. */
export function configXml(servers: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <displayName>Example</displayName>
${servers}
  </emailProvider>
</clientConfig>
`;
}

export function server(element: 'incomingServer' | 'outgoingServer', type: string, host: string, port: number, socketType: string, username = '%EMAILADDRESS%', authentication = 'password-cleartext'): string {
  return `    <${element} type="${type}">
      <hostname>${host}</hostname>
      <port>${port}</port>
      <socketType>${socketType}</socketType>
      <username>${username}</username>
      <authentication>${authentication}</authentication>
    </${element}>`;
}
