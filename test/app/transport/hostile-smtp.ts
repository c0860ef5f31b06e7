// A scripted SMTP peer no real server would play (stripped STARTTLS, injected bytes, bad certificates) that records every byte it receives.
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { KeyPair } from './test-certificates.js';

export interface HostileScript {
  /** Extensions in the EHLO reply before TLS, e.g. `['AUTH PLAIN LOGIN']` with STARTTLS left out. */
  ehlo: string[];
  /** Extensions in the EHLO reply over TLS; default `['AUTH PLAIN LOGIN']`. */
  ehloOverTls?: string[];
  /** The reply to STARTTLS; default `502 5.5.1 Unrecognized command` (TLS unsupported). */
  starttlsReply?: string;
  /** Sent in the same write as a 2xx STARTTLS reply, before the handshake: the injection attack. */
  inject?: string;
  /** The certificate to answer STARTTLS with, or to serve from the first byte with `implicitTls`. */
  tls?: KeyPair;
  implicitTls?: boolean;
  /** The reply after the message's final dot; default `250 2.0.0 Ok: queued`. */
  dataReply?: string;
  /** Refuse AUTH with a 535 reply that echoes the client's AUTH line back, credentials included. */
  echoAuth?: boolean;
}

export interface HostileServer {
  port: number;
  /** Every byte every client sent, before TLS as received and after TLS decrypted, as latin1. */
  received(): string;
  close(): Promise<void>;
}

export async function startHostileServer(script: HostileScript): Promise<HostileServer> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (script.implicitTls === true && script.tls !== undefined) converse(serveTls(socket, script.tls), script, chunks, true, true);
    else converse(socket, script, chunks, false, true);
  });
  // Port 0: the kernel picks a free port, so tests running in parallel never share one.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the hostile server has no port');
  return {
    port: address.port,
    received: () => Buffer.concat(chunks).toString('latin1'),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function serveTls(socket: Socket, pair: KeyPair): TLSSocket {
  const secured = new TLSSocket(socket, { isServer: true, key: pair.key, cert: pair.cert });
  // A client that refuses the certificate aborts the handshake; that is the expected outcome.
  secured.on('error', () => undefined);
  return secured;
}

/** One SMTP conversation on `socket`; after STARTTLS it goes on, without a new greeting, on the TLS socket. */
function converse(socket: Socket, script: HostileScript, chunks: Buffer[], secure: boolean, greet: boolean): void {
  let pending = '';
  let inData = false;
  let authLines = 0;
  const reply = (line: string): boolean => socket.write(`${line}\r\n`);
  const onData = (chunk: Buffer): void => {
    chunks.push(chunk);
    pending += chunk.toString('latin1');
    for (let end = pending.indexOf('\r\n'); end >= 0 && !socket.destroyed; end = pending.indexOf('\r\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (inData) {
        if (line === '.') {
          inData = false;
          reply(script.dataReply ?? '250 2.0.0 Ok: queued');
        }
        continue;
      }
      if (authLines > 0) {
        // AUTH LOGIN: the user name, then the password, each answered in turn.
        reply(--authLines > 0 ? '334 UGFzc3dvcmQ6' : '235 2.7.0 Authentication successful');
        continue;
      }
      const verb = line.split(' ')[0]?.toUpperCase() ?? '';
      if (verb === 'EHLO') {
        const extensions = secure ? (script.ehloOverTls ?? ['AUTH PLAIN LOGIN']) : script.ehlo;
        socket.write(['mail.hostile.example', ...extensions].map((e, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${e}\r\n`).join(''));
      } else if (verb === 'STARTTLS' && !secure) {
        const answer = script.starttlsReply ?? '502 5.5.1 Unrecognized command';
        socket.write(`${answer}\r\n${answer.startsWith('2') ? (script.inject ?? '') : ''}`);
        if (answer.startsWith('2') && script.tls !== undefined) {
          socket.off('data', onData);
          converse(serveTls(socket, script.tls), script, chunks, true, false);
          return;
        }
      } else if (verb === 'AUTH') {
        if (script.echoAuth === true) {
          reply(`535 5.7.8 Authentication failed for ${line}`);
        } else if (line.split(' ').length > 2) {
          reply('235 2.7.0 Authentication successful');
        } else {
          authLines = 2;
          reply('334 VXNlcm5hbWU6');
        }
      } else if (verb === 'MAIL' || verb === 'RCPT') {
        reply('250 2.1.0 Ok');
      } else if (verb === 'DATA') {
        inData = true;
        reply('354 End data with <CR><LF>.<CR><LF>');
      } else if (verb === 'QUIT') {
        reply('221 2.0.0 Bye');
        socket.end();
      } else {
        reply('502 5.5.2 Error: command not recognized');
      }
    }
  };
  socket.on('data', onData);
  if (greet) reply('220 mail.hostile.example ESMTP');
}
