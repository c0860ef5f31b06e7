// The browser target: the built UI and a WebSocket to the services, on 127.0.0.1 only, for one page holding this run's token.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { SealmailServices } from '../contract/services.js';
import { UI_SECURITY_HEADERS, uiContentSecurityPolicy } from '../ui-content-policy.js';
import { serveRpcSocket, type ServiceEventSource } from './rpc-socket.js';
import { serveStaticFile } from './static-files.js';

/** Loopback only: the browser target must never be reachable from another machine. */
export const HOST = '127.0.0.1';
export const RPC_PATH = '/rpc';
/** Largest frame accepted: a draft with its attachments as base64 fits; ws closes the socket (1009) beyond. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export interface ServeOptions {
  services: SealmailServices;
  onEvent?: ServiceEventSource | undefined;
  /** The folder of the built UI (dist/renderer). */
  root: string;
  /** 0 or absent: a free port. */
  port?: number | undefined;
  /** How long a new WebSocket may take to send the token; 5 s by default. */
  authTimeoutMs?: number | undefined;
}

export interface RunningServe {
  /** The one URL to open: the token travels in the fragment, which browsers never send to a server. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The headers on every HTTP answer: the desktop app's policy (app/ui-content-policy.ts), so the UI tests here
 * see what the desktop app enforces, except that connect-src names the one WebSocket the page may open.
 */
function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': uiContentSecurityPolicy({ connectSrc: [`ws://${HOST}:${port}`] }),
    ...UI_SECURITY_HEADERS,
    'X-Frame-Options': 'DENY',
  };
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/** Starts serving; resolves once listening. The caller prints `url` and calls close() on exit. */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const token = randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token, 'utf8');
  let origin = '';
  let host = '';
  let headers: Record<string, string> = {};

  const http = createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // A Host other than 127.0.0.1:PORT means a DNS-rebinding page or a mistyped URL: answer nothing.
    if (req.headers.host !== host) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('misdirected request\n');
      return;
    }
    serveStaticFile(options.root, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    // Exact comparisons: http://localhost:PORT, "null" (sandboxed frames, file://) and any other page are refused,
    // so no other site, not even one on this machine, can drive the services through a visitor's browser.
    if (req.url !== RPC_PATH || req.headers.host !== host) return refuseUpgrade(socket, '404 Not Found');
    if (req.headers.origin !== origin) return refuseUpgrade(socket, '403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) =>
      serveRpcSocket(ws, { services: options.services, onEvent: options.onEvent, token: tokenBytes, authTimeoutMs: options.authTimeoutMs ?? 5000 }),
    );
  });
  http.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject);
    http.listen({ host: HOST, port: options.port ?? 0, exclusive: true }, () => {
      http.off('error', reject);
      resolveListen();
    });
  });
  const port = (http.address() as AddressInfo).port;
  host = `${HOST}:${port}`;
  origin = `http://${host}`;
  headers = securityHeaders(port);

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    async close() {
      // Going away (1001) lets the page say the server stopped; a peer that does not answer the close is cut off.
      const closing = [...wss.clients].map((client) => new Promise<void>((done) => {
        client.once('close', () => done());
        client.close(1001);
      }));
      const grace = new Promise<void>((done) => setTimeout(done, 1000).unref());
      await Promise.race([Promise.all(closing), grace]);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      await new Promise<void>((done) => {
        http.close(() => done());
        http.closeAllConnections();
      });
    },
  };
}
