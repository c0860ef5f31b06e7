// A deliberately configurable SMTP server on 127.0.0.1 and a random port, recording every command it receives.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, TLSSocket } from 'node:tls';

export interface FakeSmtpOptions {
  /** Advertise AUTH PLAIN LOGIN in the clear (and accept nothing: no credentials are ever checked). */
  authBeforeTls?: boolean;
  /** Offer STARTTLS with this key and certificate (PEM). */
  starttls?: { key: string; cert: string };
  /** TLS from the first byte with this key and certificate. */
  implicitTls?: { key: string; cert: string };
  /** The reply code to VRFY and EXPN (default 502). */
  vrfy?: number;
  /** Accept RCPT TO for any domain without AUTH. */
  relay?: boolean;
  /** Bytes to send in the same write as the STARTTLS go-ahead (the CVE-2011-0411 injection). */
  injectAfterStartTls?: string;
  /** Accept the connection and never say a word. */
  silent?: boolean;
}

export interface FakeSmtp {
  port: number;
  /** Every command line received, over all connections, in order. */
  received: string[];
  close(): Promise<void>;
}

export async function startFakeSmtp(options: FakeSmtpOptions): Promise<FakeSmtp> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const serve = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (!options.silent) converse(socket, options, received, false, options.implicitTls !== undefined);
  };
  const server: Server = options.implicitTls ? createTlsServer(options.implicitTls, serve) : createTcpServer(serve);
  // A client that refuses our certificate aborts the handshake; that is what some tests want.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fake SMTP server has no port');
  return {
    port: address.port,
    received,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function converse(socket: Socket, options: FakeSmtpOptions, received: string[], afterStartTls: boolean, encrypted: boolean): void {
  let buffer = '';
  let inData = false;
  const reply = (text: string): void => void socket.write(`${text}\r\n`);
  const onData = (chunk: Buffer): void => {
    buffer += chunk.toString('latin1');
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      received.push(line);
      if (inData) {
        if (line === '.') {
          inData = false;
          reply('250 queued');
        }
        continue;
      }
      const verb = line.split(' ')[0]?.toUpperCase() ?? '';
      if (verb === 'EHLO') {
        const extensions = ['fake.example', 'PIPELINING'];
        if (options.starttls && !encrypted) extensions.push('STARTTLS');
        if (options.authBeforeTls || encrypted) extensions.push('AUTH PLAIN LOGIN');
        reply(extensions.map((e, i) => `250${i === extensions.length - 1 ? ' ' : '-'}${e}`).join('\r\n'));
      } else if (verb === 'HELO' || verb === 'RSET' || verb === 'MAIL') reply('250 ok');
      else if (verb === 'VRFY' || verb === 'EXPN') reply(`${options.vrfy ?? 502} ${options.vrfy === 250 ? 'Postmaster <postmaster@fake.example>' : 'no'}`);
      else if (verb === 'RCPT') reply(options.relay ? '250 ok, relaying' : '554 relay access denied');
      else if (verb === 'DATA') {
        inData = true;
        reply('354 go ahead');
      } else if (verb === 'QUIT') {
        reply('221 bye');
        socket.end();
      } else if (verb === 'STARTTLS' && options.starttls && !afterStartTls) {
        socket.write(`220 ready to start TLS\r\n${options.injectAfterStartTls ?? ''}`);
        socket.off('data', onData);
        const secure = new TLSSocket(socket, { isServer: true, ...options.starttls });
        secure.on('error', () => undefined);
        converse(secure, options, received, true, true);
        return;
      } else reply('502 not implemented');
    }
  };
  socket.on('data', onData);
  if (!afterStartTls) reply('220 fake.example ESMTP');
}
