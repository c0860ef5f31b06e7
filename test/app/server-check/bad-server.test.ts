// The check against servers the test runs itself: every SMTP weakness comes out bad, and a silent server cannot hang it.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { checkSmtpServer } from '../../../app/server-check/check-smtp.js';
import type { Check, CheckId, ServerCheckReport } from '../../../app/server-check/report.js';
import { startFakeSmtp, type FakeSmtp } from './fake-smtp.js';

let fake: FakeSmtp | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function check(report: ServerCheckReport, id: CheckId): Check {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check in the report`);
  return found;
}

describe('a server that does everything wrong', () => {
  test('AUTH before TLS, no STARTTLS, VRFY answered and relaying for anyone are each bad; DATA is never sent', async () => {
    fake = await startFakeSmtp({ authBeforeTls: true, vrfy: 250, relay: true });
    const report = await checkSmtpServer({ host: '127.0.0.1', port: fake.port });

    expect(report).toMatchObject({ host: '127.0.0.1', port: fake.port, transport: 'plain', verdict: 'bad' });
    expect(report.checks.map((c) => c.id)).toEqual(['tls', 'starttls', 'credential-exposure', 'user-enumeration', 'open-relay', 'sasl']);
    for (const c of report.checks) expect(c.verdict, `${c.id}: ${c.summary}`).toBe('bad');
    expect(check(report, 'credential-exposure').summary).toBe('AUTH offered before TLS (PLAIN LOGIN)');
    expect(check(report, 'starttls').summary).toBe('STARTTLS not offered');
    expect(check(report, 'user-enumeration').summary).toMatch(/^VRFY and EXPN answered/);
    expect(check(report, 'open-relay').detail).toContain('RCPT TO:<relay-test@example.com>: 250 ok, relaying');

    expect(fake.received).toContain('MAIL FROM:<probe@sealmail-check.invalid>');
    expect(fake.received).toContain('RCPT TO:<relay-test@example.com>');
    expect(fake.received.map((line) => line.toUpperCase())).not.toContain('DATA');
    expect(fake.received.filter((line) => /^AUTH/i.test(line))).toEqual([]);
    // The probe leaves no transaction open and says goodbye.
    expect(fake.received.slice(-2)).toEqual(['RSET', 'QUIT']);
  });

  test('a server that only answers VRFY with 252 still lets strangers probe addresses', async () => {
    fake = await startFakeSmtp({ vrfy: 252 });
    const report = await checkSmtpServer({ host: '127.0.0.1', port: fake.port });
    expect(check(report, 'user-enumeration').verdict).toBe('bad');
    expect(check(report, 'open-relay').verdict).toBe('good');
    expect(check(report, 'credential-exposure').verdict).toBe('good');
  });
});

describe('a server that stops answering', () => {
  test('a silent server gives "did not answer" verdicts within the timeout instead of a hang', async () => {
    fake = await startFakeSmtp({ silent: true });
    const started = Date.now();
    const report = await checkSmtpServer({ host: '127.0.0.1', port: fake.port, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(report.checks).toHaveLength(6);
    for (const c of report.checks) {
      expect(c).toMatchObject({ verdict: 'warning', summary: 'not checked' });
      expect(c.detail).toBe('the server did not answer within 300 ms (waiting for the greeting)');
    }
    expect(report.verdict).toBe('warning');
  });

  test('a server that hangs up after EHLO keeps what was found and says why the rest is missing', async () => {
    const server: Server = createServer((socket) => {
      socket.write('220 hi\r\n');
      socket.once('data', () => socket.end('250-hi\r\n250 AUTH PLAIN\r\n'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const report = await checkSmtpServer({ host: '127.0.0.1', port });
      expect(check(report, 'credential-exposure').verdict).toBe('bad');
      expect(check(report, 'open-relay')).toMatchObject({ verdict: 'warning', summary: 'not checked', detail: 'the server closed the connection' });
      expect(report.verdict).toBe('bad');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
  test('a server that trickles out an endless EHLO reply is cut off after ten timeouts in all', async () => {
    const server: Server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.write('220 hi\r\n');
      socket.once('data', () => {
        const timer = setInterval(() => socket.write('250-more\r\n'), 20);
        socket.on('close', () => clearInterval(timer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const report = await checkSmtpServer({ host: '127.0.0.1', port: (server.address() as { port: number }).port, timeoutMs: 100 });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(check(report, 'tls')).toMatchObject({ summary: 'not checked', detail: 'the server kept the check busy for more than 1 s (waiting for the reply to EHLO)' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('no server at all', () => {
  test('a refused connection is the one failure: a SealmailError naming the address', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    await expect(checkSmtpServer({ host: '127.0.0.1', port })).rejects.toMatchObject({
      code: 'connection-refused',
      message: `cannot connect to 127.0.0.1:${port}: connection refused`,
    });
  });

  test('unknown options are refused rather than ignored', async () => {
    await expect(checkSmtpServer({ host: '127.0.0.1', port: 1, insecure: true } as never)).rejects.toMatchObject({ code: 'bad-option' });
  });
});
