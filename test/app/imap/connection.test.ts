// openImap against the rig and against silent or closed ports: both TLS modes log in; every failure is one SealmailError line.
import { createServer, type Server } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openImap } from '../../../app/imap/connection.js';
import { startRig, type Rig } from '../../rig/rig.js';
import { openRigSession, rigAccount } from './imap-fixture.js';

let rig: Rig | undefined;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.stop();
});

function started(): Rig {
  if (rig === undefined) throw new Error('the rig did not start');
  return rig;
}

async function failure(promise: Promise<{ close(): Promise<void> }>): Promise<Error & { code?: string }> {
  const outcome = await promise.then(
    async (session) => {
      await session.close();
      return new Error('connected, but should not have');
    },
    (e: Error) => e,
  );
  expect(outcome.name).toBe('SealmailError');
  expect(outcome.message).not.toContain('\n');
  return outcome;
}

describe('openImap', () => {
  test.each(['tls', 'starttls'] as const)('logs in over %s, encrypted and verified', async (security) => {
    const { users } = started();
    const session = await openRigSession(started(), users.bob, security);
    try {
      expect(session.client.authenticated).toBeTruthy();
      const socket = (session.client as unknown as { socket: TLSSocket }).socket;
      expect(socket.encrypted).toBe(true);
      expect(['TLSv1.2', 'TLSv1.3']).toContain(socket.getProtocol());
      expect(session.client.capabilities.has('STARTTLS')).toBe(false);
    } finally {
      await session.close();
    }
  });

  test('a wrong password is auth-failed, and the message does not repeat it', async () => {
    const { users } = started();
    const error = await failure(openImap({ account: rigAccount(started(), users.bob), password: 'not-the-password', timeoutMs: 10_000 }));
    expect(error.code).toBe('auth-failed');
    expect(error.message).not.toContain('not-the-password');
  });

  test.each(['tls', 'starttls'] as const)('a certificate from an untrusted CA is refused over %s before logging in', async (security) => {
    const { users } = started();
    // Without the rig's CA only the public roots are trusted, which never issued the rig's certificate.
    const untrusted = { ...rigAccount(started(), users.bob, security), ca: undefined };
    const error = await failure(openImap({ account: untrusted, password: users.bob.password, timeoutMs: 10_000 }));
    expect(error.code).toBe('certificate');
  });

  test('a closed port is connection-refused', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await failure(
      openImap({ account: { host: '127.0.0.1', port, security: 'tls', user: 'bob@example.test' }, password: 'x', timeoutMs: 5_000 }),
    );
    expect(error.code).toBe('connection-refused');
  });

  test('a server that never greets is a timeout within the bound', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const began = Date.now();
    try {
      const error = await failure(
        openImap({ account: { host: '127.0.0.1', port, security: 'starttls', user: 'bob@example.test' }, password: 'x', timeoutMs: 1_000 }),
      );
      expect(error.code).toBe('timeout');
      expect(Date.now() - began).toBeLessThan(10_000);
    } finally {
      silent.close();
    }
  });
});
