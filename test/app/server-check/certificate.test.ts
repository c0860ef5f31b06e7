// An invalid server certificate is a bad TLS finding with the reason validation gave; no handshake ever runs without validation.
import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { checkSmtpServer } from '../../../app/server-check/check-smtp.js';
import type { Check, ServerCheckReport } from '../../../app/server-check/report.js';
import { makeTestCertificates, type KeyAndCert, type TestCertificates } from './test-certificates.js';
import { startFakeSmtp, type FakeSmtp } from './fake-smtp.js';

let certs: TestCertificates;
let fake: FakeSmtp | undefined;

beforeAll(async () => {
  certs = await makeTestCertificates();
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function tlsCheck(report: ServerCheckReport): Check {
  const found = report.checks.find((c) => c.id === 'tls');
  if (!found) throw new Error('no TLS check in the report');
  return found;
}

const cases: { name: string; cert: () => KeyAndCert; trustCa: boolean; reason: string }[] = [
  { name: 'self-signed', cert: () => certs.selfSigned, trustCa: false, reason: 'the certificate is self-signed' },
  { name: 'for another name', cert: () => certs.wrongName, trustCa: true, reason: 'the certificate is for a different name' },
  { name: 'expired', cert: () => certs.expired, trustCa: true, reason: 'the certificate has expired' },
];

describe.each(cases)('a certificate that is $name', ({ cert, trustCa, reason }) => {
  test('over STARTTLS: TLS is bad with the reason; probes still run in the clear; nothing is sent over the unverified TLS', async () => {
    fake = await startFakeSmtp({ starttls: cert() });
    const report = await checkSmtpServer({ host: '127.0.0.1', port: fake.port, ...(trustCa ? { ca: certs.caPem } : {}) });
    const tls = tlsCheck(report);
    expect(tls.verdict).toBe('bad');
    expect(tls.summary).toBe(`certificate not valid: ${reason}`);
    expect(report.transport).toBe('plain');
    expect(report.checks.find((c) => c.id === 'starttls')?.verdict).toBe('good');
    expect(report.checks.find((c) => c.id === 'open-relay')?.verdict).toBe('good');
    expect(report.checks.find((c) => c.id === 'sasl')).toMatchObject({ verdict: 'warning', summary: 'not checked' });
    // One handshake, the verified one, and not one command after it.
    const afterStartTls = fake.received.map((line, i) => (line === 'STARTTLS' ? fake?.received[i + 1] : undefined)).filter((l) => l !== undefined);
    expect(fake.received.filter((l) => l === 'STARTTLS')).toHaveLength(1);
    expect(afterStartTls.every((next) => next.startsWith('EHLO'))).toBe(true);
    expect(fake.received.filter((l) => /^AUTH/i.test(l))).toEqual([]);
  });

  test('over implicit TLS: TLS is bad with the reason and nothing at all is sent', async () => {
    fake = await startFakeSmtp({ implicitTls: cert() });
    const report = await checkSmtpServer({ host: '127.0.0.1', port: fake.port, implicitTls: true, ...(trustCa ? { ca: certs.caPem } : {}) });
    expect(tlsCheck(report)).toMatchObject({ verdict: 'bad', summary: `certificate not valid: ${reason}` });
    expect(report.checks.find((c) => c.id === 'open-relay')).toMatchObject({ verdict: 'warning', summary: 'not checked' });
    expect(report.verdict).toBe('bad');
    expect(fake.received).toEqual([]);
  });
});

test('a certificate from a private CA is good with --ca, and bad (untrusted issuer) without it', async () => {
  fake = await startFakeSmtp({ starttls: certs.trusted });
  const trusted = await checkSmtpServer({ host: '127.0.0.1', port: fake.port, ca: certs.caPem });
  expect(tlsCheck(trusted)).toMatchObject({ verdict: 'good', summary: expect.stringMatching(/^TLSv1\.[23], certificate valid for this name$/) });
  expect(trusted.transport).toBe('starttls');
  // After a verified STARTTLS the server's TLS-only AUTH is seen, and judged.
  expect(trusted.checks.find((c) => c.id === 'sasl')).toMatchObject({ verdict: 'good', summary: 'PLAIN LOGIN' });

  const untrusted = await checkSmtpServer({ host: '127.0.0.1', port: fake.port });
  expect(tlsCheck(untrusted)).toMatchObject({ verdict: 'bad', summary: expect.stringMatching(/^certificate not valid: the certificate was issued by a CA that is not trusted/) });
});

test('a server that speaks no TLS after its STARTTLS go-ahead gives a failed handshake, not a certificate finding', async () => {
  const server = createServer((socket) => {
    socket.write('220 hi\r\n');
    socket.on('data', (d: Buffer) => {
      const line = d.toString('latin1');
      if (line.startsWith('EHLO')) socket.write('250-hi\r\n250 STARTTLS\r\n');
      else if (line.startsWith('STARTTLS')) socket.write('220 go ahead\r\n');
      else socket.end('garbage that is not a TLS record\r\n');
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const report = await checkSmtpServer({ host: '127.0.0.1', port: (server.address() as { port: number }).port, timeoutMs: 2_000 });
    expect(tlsCheck(report)).toMatchObject({ verdict: 'bad', summary: 'TLS handshake failed' });
    expect(report.verdict).toBe('bad');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('plaintext injected right after the STARTTLS go-ahead is a bad STARTTLS finding, and the check goes no further', async () => {
  fake = await startFakeSmtp({ starttls: certs.trusted, injectAfterStartTls: '250 injected\r\n' });
  const report = await checkSmtpServer({ host: '127.0.0.1', port: fake.port, ca: certs.caPem });
  expect(report.checks.find((c) => c.id === 'starttls')).toMatchObject({ verdict: 'bad', summary: 'data injected before the TLS handshake' });
  expect(report.checks.find((c) => c.id === 'sasl')).toMatchObject({ verdict: 'warning', summary: 'not checked' });
  expect(fake.received.at(-1)).toBe('STARTTLS');
});
