// Downgrades by a server in the middle: STARTTLS stripped from CAPABILITY or refused. No credential may leave in clear text.
import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, test } from 'vitest';
import { openImap } from '../../../app/imap/connection.js';
import { startHostileImap, type HostileImap, type HostileImapScript } from './hostile-imap.js';

const PASSWORD = 'hunter2-secret-password';
let server: HostileImap | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function attempt(script: HostileImapScript): Promise<{ error: unknown; received: string }> {
  server = await startHostileImap(script);
  const error = await openImap({
    account: { host: '127.0.0.1', port: server.port, security: 'starttls', user: 'alice@example.test' },
    password: PASSWORD,
    timeoutMs: 5_000,
  }).then(
    async (session) => {
      await session.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  return { error, received: server.received() };
}

/** Credentials in any form a client could send them: LOGIN, AUTHENTICATE, or the password in plain or base64 inside either. */
function expectNoCredentials(received: string): void {
  expect(received).toMatch(/CAPABILITY/);
  expect(received).not.toMatch(/\bLOGIN\b/i);
  expect(received).not.toMatch(/\bAUTHENTICATE\b/i);
  expect(received).not.toContain(PASSWORD);
  expect(received).not.toContain(Buffer.from(`\0alice@example.test\0${PASSWORD}`).toString('base64'));
}

describe('STARTTLS is required', () => {
  test('imapflow on its own default logs in over clear text when STARTTLS is stripped (why doSTARTTLS: true is set)', async () => {
    server = await startHostileImap({ capabilities: 'IMAP4rev1 AUTH=PLAIN' });
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: server.port,
      secure: false,
      auth: { user: 'alice@example.test', pass: PASSWORD },
      logger: false,
      connectionTimeout: 5_000,
    });
    client.on('error', () => undefined);
    await client.connect().catch(() => undefined);
    client.close();
    expect(server.received()).toMatch(/LOGIN|AUTHENTICATE/);
  });

  test('STARTTLS missing from CAPABILITY: refused with tls-unavailable before any credential is sent', async () => {
    const { error, received } = await attempt({ capabilities: 'IMAP4rev1 AUTH=PLAIN ID' });
    expect(error).toMatchObject({ name: 'SealmailError', code: 'tls-unavailable' });
    expectNoCredentials(received);
  });

  test.each(['NO', 'BAD'])('STARTTLS offered but answered %s: refused before any credential is sent', async (reply) => {
    const { error, received } = await attempt({ capabilities: 'IMAP4rev1 STARTTLS AUTH=PLAIN', starttlsReply: reply });
    expect(error).toMatchObject({ name: 'SealmailError', code: 'tls-unavailable' });
    expect(received).toMatch(/STARTTLS/);
    expectNoCredentials(received);
  });

  test('the error message is one line naming the server', async () => {
    const { error } = await attempt({ capabilities: 'IMAP4rev1 AUTH=PLAIN' });
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).toContain(`127.0.0.1:${server?.port}`);
  });
});
