// Peers that hold a connection open without finishing SMTP set-up: one never sends a byte, one trickles its EHLO reply.
import { createServer as createPlainServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { KeyPair } from './test-certificates.js';

export interface StallingServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Accepts TCP and never writes: no TLS ServerHello, no greeting. It reads and discards what the client
 * sends, so nothing in a ClientHello (whose random bytes can hold a CRLF) ever draws an answer.
 */
export function startSilentServer(): Promise<StallingServer> {
  return listen(createPlainServer((socket) => socket.resume()));
}

/**
 * Implicit TLS with `pair`, a prompt 220 greeting, then the EHLO reply one byte every `dripMs`: never idle
 * long enough for a socket timeout, never done (a tarpit).
 */
export function startTarpitServer(pair: KeyPair, dripMs: number): Promise<StallingServer> {
  const server = createTlsServer({ key: pair.key, cert: pair.cert }, (socket) => {
    socket.on('error', () => undefined);
    socket.write('220 tarpit.example ESMTP\r\n');
    const reply = Buffer.from(`250-tarpit.example${'-'.repeat(10_000)}\r\n`);
    let sent = 0;
    let drip: NodeJS.Timeout | undefined;
    socket.once('data', () => {
      drip = setInterval(() => {
        if (sent < reply.length) socket.write(reply.subarray(sent, ++sent));
      }, dripMs);
    });
    socket.on('close', () => clearInterval(drip));
  });
  server.on('tlsClientError', () => undefined);
  return listen(server);
}

async function listen(server: Server): Promise<StallingServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  // Port 0: the kernel picks a free port, so tests running in parallel never share one.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the stalling server has no port');
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
