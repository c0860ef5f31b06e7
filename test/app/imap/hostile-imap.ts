// A fake IMAP server that strips STARTTLS from its capabilities or refuses it, and records every byte a client sends.
import { createServer, type Server, type Socket } from 'node:net';

export interface HostileImapScript {
  /** Capabilities announced, before any login; STARTTLS left out for the stripping attack. */
  capabilities: string;
  /** The tagged status answered to STARTTLS, e.g. `NO` or `BAD`. */
  starttlsReply?: string;
}

export interface HostileImap {
  port: number;
  /** Everything clients sent, as latin1. */
  received(): string;
  close(): Promise<void>;
}

/**
 * Plays along with whatever follows (LOGIN and AUTHENTICATE are accepted), as an attacker in the
 * middle would, so a client that falls back to clear text shows it by sending its credentials here.
 */
export async function startHostileImap(script: HostileImapScript): Promise<HostileImap> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write('* OK IMAP4rev1 fake server ready\r\n');
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        socket.write(answer(line, script));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake IMAP server has no port');
  return {
    port: address.port,
    received: () => Buffer.concat(chunks).toString('latin1'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function answer(line: string, script: HostileImapScript): string {
  const [tag = '*', command = ''] = line.split(' ');
  switch (command.toUpperCase()) {
    case 'CAPABILITY':
      return `* CAPABILITY ${script.capabilities}\r\n${tag} OK done\r\n`;
    case 'STARTTLS':
      return `${tag} ${script.starttlsReply ?? 'BAD'} STARTTLS not available\r\n`;
    case 'AUTHENTICATE':
      return `${tag} OK logged in\r\n`;
    case 'LOGOUT':
      return `* BYE bye\r\n${tag} OK done\r\n`;
    case '':
      return '';
    default:
      return `${tag} OK done\r\n`;
  }
}
