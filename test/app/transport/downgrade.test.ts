// Downgrades against hostile fake servers: in every case submitRaw stops before credentials, and the server's bytes prove it.
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { isSealmailError } from '../../../crypto/errors.js';
import { submitRaw, type SubmissionAccount, type TransportSecurity } from '../../../app/transport/submit-raw.js';
import { startHostileServer, type HostileScript, type HostileServer } from './hostile-smtp.js';
import { makeTestCertificates, type KeyPair, type TestCertificates } from './test-certificates.js';

const USER = 'alice@example.test';
const PASSWORD = 'downgrade-test-secret-9f4e';
const RAW = Buffer.from('From: <alice@example.test>\r\nTo: <bob@example.test>\r\nSubject: sealed\r\n\r\nsealed body\r\n');

let certs: TestCertificates;
let server: HostileServer | undefined;

beforeAll(async () => {
  certs = await makeTestCertificates();
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function submitTo(script: HostileScript, security: TransportSecurity, trust: Partial<SubmissionAccount> = { ca: certs.caPem }) {
  server = await startHostileServer(script);
  return submitRaw({
    account: { host: '127.0.0.1', port: server.port, security, user: USER, ...trust },
    auth: { password: PASSWORD },
    envelope: { from: USER, to: ['bob@example.test'] },
    raw: RAW,
    timeoutMs: 5_000,
  });
}

/** The error submitRaw failed with; the test fails if it succeeded or threw anything else. */
async function failure(attempt: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await attempt.then(
    () => new Error('submitRaw succeeded against a hostile server'),
    (e: unknown) => e,
  );
  if (!isSealmailError(error)) throw error;
  return { code: error.code, message: error.message };
}

/** What the fake server must never have seen: any AUTH, the password in any form, or a mail transaction. */
function expectNothingSent(received: string): void {
  expect(received).not.toMatch(/^AUTH/im);
  for (const secret of [PASSWORD, `\0${USER}\0${PASSWORD}`]) {
    expect(received).not.toContain(secret);
    expect(received).not.toContain(Buffer.from(secret).toString('base64').replace(/=+$/, ''));
  }
  expect(received).not.toMatch(/^(MAIL FROM|RCPT TO|DATA)/im);
}

function expectNoSecretIn(message: string): void {
  expect(message).not.toContain(PASSWORD);
  expect(message).not.toMatch(/\n|\s at /);
}

test('control: a server the client trusts does receive AUTH and the password, so the recorder sees them', async () => {
  const result = await submitTo({ ehlo: ['STARTTLS'], starttlsReply: '220 2.0.0 Ready to start TLS', tls: certs.good }, 'starttls');
  expect(result.accepted).toEqual(['bob@example.test']);
  expect(server?.received()).toMatch(/^AUTH PLAIN /m);
  expect(server?.received()).toContain(Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64'));
});

test('no STARTTLS offered: refused before anything is sent', async () => {
  const error = await failure(submitTo({ ehlo: ['PIPELINING', 'SIZE 10240000'] }, 'starttls'));
  expect(error.code).toBe('tls-unavailable');
  expect(error.message).toMatch(/did not offer STARTTLS; nothing was sent$/);
  expectNothingSent(server?.received() ?? '');
});

test('STARTTLS stripped from the capabilities, AUTH offered in the clear: no AUTH is sent', async () => {
  // What a stripping man in the middle shows: STARTTLS overwritten, its answer a refusal.
  const script = { ehlo: ['PIPELINING', 'XXXXXXXA', 'AUTH PLAIN LOGIN'], starttlsReply: '454 4.7.0 TLS not available due to local problem' };
  const error = await failure(submitTo(script, 'starttls'));
  expect(error.code).toBe('tls-unavailable');
  expectNothingSent(server?.received() ?? '');
});

test('bytes injected after the "220 ready to start TLS" reply: the session ends after TLS, before AUTH', async () => {
  const inject = '250-mail.hostile.example\r\n250 AUTH PLAIN LOGIN\r\n235 2.7.0 Authentication successful\r\n250 2.1.0 Ok\r\n';
  const script = { ehlo: ['STARTTLS'], starttlsReply: '220 2.0.0 Ready to start TLS', inject, tls: certs.good };
  const error = await failure(submitTo(script, 'starttls'));
  expect(error.code).toBe('tls-failed');
  expect(error.message).toContain('sent data in clear text between its STARTTLS reply and TLS');
  const received = server?.received() ?? '';
  // TLS itself succeeded (EHLO was repeated over it): the refusal is the injection check's.
  expect(received.match(/^EHLO /gm)).toHaveLength(2);
  expectNothingSent(received);
});

test('implicit TLS to a server that answers in clear text: TLS fails, nothing is sent', async () => {
  const error = await failure(submitTo({ ehlo: ['AUTH PLAIN LOGIN'] }, 'tls'));
  expect(error.code).toBe('tls-failed');
  expect(error.message).toMatch(/^could not set up TLS with 127\.0\.0\.1:\d+ \(.+\); nothing was sent$/);
  expectNothingSent(server?.received() ?? '');
});

describe.each(['starttls', 'tls'] as const)('certificates over %s', (security) => {
  const script = (pair: KeyPair): HostileScript =>
    security === 'tls'
      ? { ehlo: [], ehloOverTls: ['AUTH PLAIN LOGIN'], implicitTls: true, tls: pair }
      : { ehlo: ['STARTTLS', 'AUTH PLAIN LOGIN'], starttlsReply: '220 2.0.0 Ready to start TLS', tls: pair };

  test.each([
    ['expired', 'has expired'],
    ['selfSigned', 'is self-signed'],
    ['unknownCa', 'is issued by an unknown certificate authority'],
    ['wrongName', 'is issued for another name'],
  ] as const)('%s: refused with the reason, nothing sent', async (which, reason) => {
    const error = await failure(submitTo(script(certs[which]), security));
    expect(error.code).toBe('certificate');
    expect(error.message).toBe(`the certificate of 127.0.0.1:${server?.port} ${reason}; nothing was sent`);
    expectNoSecretIn(error.message);
    expectNothingSent(server?.received() ?? '');
  });

  test('a pinned self-signed certificate is accepted, exactly that one', async () => {
    const pinned = { pinnedCertificate: certs.selfSigned.cert };
    expect((await submitTo(script(certs.selfSigned), security, pinned)).accepted).toEqual(['bob@example.test']);
    await server?.close();
    const error = await failure(submitTo(script(certs.otherSelfSigned), security, pinned));
    expect(error.code).toBe('certificate');
    expectNothingSent(server?.received() ?? '');
  });
});
