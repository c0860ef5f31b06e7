// How submitRaw logs in and fails where the rig cannot show it: server replies only a broken or hostile peer gives, dead ports, bad input.
import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { isSealmailError } from '../../../crypto/errors.js';
import { submitRaw, type SubmissionAuth, type SubmitRawOptions } from '../../../app/transport/submit-raw.js';
import { startHostileServer, type HostileScript, type HostileServer } from './hostile-smtp.js';
import { startSilentServer, startTarpitServer, type StallingServer } from './stalling-smtp.js';
import { makeTestCertificates, type TestCertificates } from './test-certificates.js';

const USER = 'alice@example.test';
const PASSWORD = 'failure-test-secret-31c7';
const RAW = Buffer.from('From: <alice@example.test>\r\nTo: <bob@example.test>\r\nSubject: ...\r\n\r\nsealed\r\n');

let certs: TestCertificates;
let server: HostileServer | undefined;

beforeAll(async () => {
  certs = await makeTestCertificates();
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function options(port: number, overrides: Partial<SubmitRawOptions> = {}): SubmitRawOptions {
  return {
    account: { host: '127.0.0.1', port, security: 'tls', user: USER, ca: certs.caPem },
    auth: { password: PASSWORD },
    envelope: { from: USER, to: ['bob@example.test'] },
    raw: RAW,
    timeoutMs: 5_000,
    ...overrides,
  };
}

/** A trusted implicit-TLS server following `script` after TLS. */
async function trustedServer(script: Partial<HostileScript>): Promise<number> {
  server = await startHostileServer({ ehlo: [], implicitTls: true, tls: certs.good, ...script });
  return server.port;
}

async function failure(attempt: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await attempt.then(
    () => new Error('submitRaw succeeded where it must fail'),
    (e: unknown) => e,
  );
  if (!isSealmailError(error)) throw error;
  return { code: error.code, message: error.message };
}

test('a 552 reply after the message is "message-too-large"', async () => {
  const port = await trustedServer({ dataReply: '552 5.3.4 Message size exceeds fixed limit' });
  const error = await failure(submitRaw(options(port)));
  expect(error).toEqual({
    code: 'message-too-large',
    message: `127.0.0.1:${port} refused the message of ${RAW.length} bytes as too large (552 5.3.4 Message size exceeds fixed limit)`,
  });
});

test('a port nobody listens on is "connection-refused"', async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((resolve) => probe.close(resolve));
  const error = await failure(submitRaw(options(port)));
  expect(error).toEqual({ code: 'connection-refused', message: `127.0.0.1:${port} refused the connection: no mail server listens there` });
});

describe('a server that never finishes set-up is "timeout" once timeoutMs has passed', () => {
  let stalling: StallingServer | undefined;
  afterEach(async () => {
    await stalling?.close();
    stalling = undefined;
  });

  /** The error of one submission to `port` with a 300 ms timeout, and how long it took. */
  async function timedFailure(port: number, security: 'tls' | 'starttls'): Promise<{ error: { code: string; message: string }; ms: number }> {
    const started = Date.now();
    const error = await failure(submitRaw(options(port, { timeoutMs: 300, account: { host: '127.0.0.1', port, security, user: USER, ca: certs.caPem } })));
    return { error, ms: Date.now() - started };
  }

  test.each(['tls', 'starttls'] as const)('security %s: TCP accepted, then not a byte (no TLS handshake, no greeting)', async (security) => {
    stalling = await startSilentServer();
    // Several in a row: the outcome must not depend on timing (an earlier peer that answered stray CRLFs in
    // the ClientHello made the implicit-TLS case "tls-failed" about once in 600 runs).
    for (let round = 0; round < 5; round++) {
      const { error, ms } = await timedFailure(stalling.port, security);
      expect(error).toEqual({ code: 'timeout', message: `127.0.0.1:${stalling.port} did not answer in time` });
      expect(ms).toBeGreaterThanOrEqual(250);
      expect(ms).toBeLessThan(5_000);
    }
  });

  test('implicit TLS, a prompt greeting, then an EHLO reply trickled a byte at a time (a tarpit)', async () => {
    stalling = await startTarpitServer(certs.good, 50);
    const { error, ms } = await timedFailure(stalling.port, 'tls');
    expect(error).toEqual({ code: 'timeout', message: `127.0.0.1:${stalling.port} did not answer in time` });
    expect(ms).toBeLessThan(5_000);
  }, 10_000);
});

test('a server echoing the credentials in its refusal: the error holds no password, plain or base64', async () => {
  const port = await trustedServer({ echoAuth: true });
  const error = await failure(submitRaw(options(port)));
  expect(error.code).toBe('auth-failed');
  expect(error.message).toContain('535 5.7.8 Authentication failed for AUTH PLAIN ***');
  expect(error.message).not.toContain(PASSWORD);
  expect(error.message).not.toContain(Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64').replace(/=+$/, ''));
});

test('AUTH LOGIN when the server offers only LOGIN; never CRAM-MD5', async () => {
  const loginPort = await trustedServer({ ehloOverTls: ['AUTH LOGIN'] });
  await submitRaw(options(loginPort));
  expect(server?.received()).toContain(`AUTH LOGIN\r\n${Buffer.from(USER).toString('base64')}\r\n${Buffer.from(PASSWORD).toString('base64')}\r\n`);
  await server?.close();

  const cramPort = await trustedServer({ ehloOverTls: ['AUTH CRAM-MD5'] });
  const error = await failure(submitRaw(options(cramPort)));
  expect(error.code).toBe('auth-unavailable');
  expect(server?.received()).not.toMatch(/^(AUTH|MAIL FROM)/m);
});

test('an XOAUTH2 token goes out as AUTH XOAUTH2, over TLS, in the RFC 7628-style bearer form', async () => {
  const port = await trustedServer({ ehloOverTls: ['AUTH PLAIN XOAUTH2'] });
  const auth: SubmissionAuth = { xoauth2AccessToken: 'ya29.test-token' };
  await submitRaw(options(port, { auth }));
  const bearer = Buffer.from(`user=${USER}\x01auth=Bearer ya29.test-token\x01\x01`).toString('base64');
  expect(server?.received()).toContain(`AUTH XOAUTH2 ${bearer}\r\n`);
});

test('options that could weaken or corrupt a submission are refused before connecting', async () => {
  const account = options(1).account;
  const bad = async (overrides: Partial<SubmitRawOptions>) => (await failure(submitRaw(options(1, overrides)))).code;
  expect(await bad({ account: { ...account, security: 'none' as 'tls' } })).toBe('bad-option');
  expect(await bad({ account: { ...account, rejectUnauthorized: false } as typeof account })).toBe('bad-option');
  expect(await bad({ auth: { password: PASSWORD, xoauth2AccessToken: 't' } as unknown as SubmissionAuth })).toBe('bad-option');
  expect(await bad({ envelope: { from: USER, to: ['bob@example.test>\r\nRCPT TO:<x@y.example'] } })).toBe('bad-option');
  expect(await bad({ envelope: { from: USER, to: [] } })).toBe('bad-option');
  expect(await bad({ raw: Buffer.from('Subject: x\n\nbare LF\n') })).toBe('bad-message');
  expect(await bad({ raw: Buffer.from('Subject: x\r\n\r\nbare CR\r') })).toBe('bad-message');
});
