// The IMAP check against servers the test runs itself: a password allowed in the clear is bad, and no login is ever attempted.
import { createServer, type Server } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { checkImapServer } from '../../../app/server-check/check-imap.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** An IMAP server that answers CAPABILITY with `capabilities` and records every command. */
async function fakeImap(capabilities: string, received: string[]): Promise<number> {
  server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('* OK fake IMAP ready\r\n');
    let buffer = '';
    socket.on('data', (d: Buffer) => {
      buffer += d.toString('latin1');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        received.push(line);
        const [tag, verb] = line.split(' ');
        if (verb === 'CAPABILITY') socket.write(`* CAPABILITY ${capabilities}\r\n${tag} OK done\r\n`);
        else if (verb === 'LOGOUT') socket.end(`* BYE\r\n${tag} OK bye\r\n`);
        else socket.write(`${tag} BAD no\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

test('no STARTTLS and LOGIN allowed in the clear: TLS, STARTTLS, credential exposure and logins are all bad', async () => {
  const received: string[] = [];
  const port = await fakeImap('IMAP4rev1 AUTH=PLAIN', received);
  const report = await checkImapServer({ host: '127.0.0.1', port });
  expect(report.checks.map((c) => [c.id, c.verdict])).toEqual([
    ['tls', 'bad'],
    ['starttls', 'bad'],
    ['credential-exposure', 'bad'],
    ['sasl', 'bad'],
  ]);
  expect(report.checks.find((c) => c.id === 'credential-exposure')?.summary).toBe('AUTH offered before TLS (PLAIN LOGIN)');
  expect(received.map((l) => l.split(' ')[1])).toEqual(['CAPABILITY', 'LOGOUT']);
});

test('a server that says BYE at once is reported, not waited on', async () => {
  server = createServer((socket) => socket.end('* BYE go away\r\n'));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const report = await checkImapServer({ host: '127.0.0.1', port: (server.address() as { port: number }).port });
  expect(report.checks.every((c) => c.summary === 'not checked' && c.detail.startsWith('the server refused the session: "* BYE go away"'))).toBe(true);
});
