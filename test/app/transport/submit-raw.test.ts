// submitRaw against the real Postfix + Dovecot rig: byte-exact delivery over both TLS modes, and the server's refusals as SealmailErrors.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isSealmailError } from '../../../crypto/errors.js';
import { submitRaw, type SubmissionAuth, type SubmitRawOptions } from '../../../app/transport/submit-raw.js';
import { waitFor } from '../../rig/processes.js';
import { startRig, type Rig } from '../../rig/rig.js';

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

const PORTS = { starttls: 'submission', tls: 'submissions' } as const;

function options(security: 'starttls' | 'tls', raw: Uint8Array, to: string[], auth?: SubmissionAuth): SubmitRawOptions {
  const { smtp, users, caPem } = started();
  return {
    account: { host: '127.0.0.1', port: smtp[PORTS[security]].port, security, user: users.alice.address, ca: caPem },
    auth: auth ?? { password: users.alice.password },
    envelope: { from: users.alice.address, to },
    raw,
    timeoutMs: 10_000,
  };
}

/** A message shaped like sealed output: CRLF only, dot-led lines, trailing blanks, a long armor line. */
function sealedLike(token: string): Buffer {
  const { users } = started();
  return Buffer.from(
    [
      `X-Sealmail-Test: ${token}`,
      `From: Alice <${users.alice.address}>`,
      `To: <${users.bob.address}>`,
      'Subject: ...',
      // Sealed messages carry both; without them Postfix's cleanup would add its own.
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${token}@sealmail.test>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="b1"',
      '',
      '--b1',
      'Content-Type: application/octet-stream',
      '',
      '-----BEGIN PGP MESSAGE-----',
      '',
      'wV4DR2b2udXyHrYSAQdAO8' + 'A'.repeat(900),
      '.a line starting with a dot',
      '..two dots',
      '.',
      'trailing blanks   \t',
      '-----END PGP MESSAGE-----',
      '--b1--',
      '',
    ].join('\r\n'),
    'latin1',
  );
}

/** The bytes of the file carrying `token` in a maildir's `new/`, waiting up to 10 s for LMTP delivery. */
function delivered(maildir: string, token: string): Promise<Buffer> {
  return waitFor(
    `the message ${token} in ${maildir}/new`,
    async () => {
      const names = await readdir(join(maildir, 'new')).catch(() => []);
      const files = await Promise.all(names.map((name) => readFile(join(maildir, 'new', name)).catch(() => Buffer.alloc(0))));
      return files.find((file) => file.includes(`X-Sealmail-Test: ${token}`));
    },
    10_000,
  );
}

async function failure(attempt: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await attempt.then(
    () => new Error('submitRaw succeeded where the rig must refuse'),
    (e: unknown) => e,
  );
  if (!isSealmailError(error)) throw error;
  return { code: error.code, message: error.message };
}

describe.each(['starttls', 'tls'] as const)('over %s', (security) => {
  test('the message reaches bob byte for byte, after the headers Postfix and Dovecot add', async () => {
    const { users } = started();
    const token = randomUUID();
    const raw = sealedLike(token);
    const result = await submitRaw(options(security, raw, [users.bob.address]));
    expect(result.accepted).toEqual([users.bob.address]);
    expect(result.rejected).toEqual([]);
    expect(result.response).toMatch(/^250 /);

    const file = await delivered(users.bob.maildir, token);
    const start = file.indexOf(`X-Sealmail-Test: ${token}`);
    const added = file.subarray(0, start).toString('latin1');
    expect(added).toMatch(/^Return-Path: <alice@example\.test>\n/);
    expect(added).toMatch(/\(using TLSv1\.[23] with cipher/);
    expect(added).toMatch(/^(?:[A-Za-z-]+: .*\n|[ \t]+.*\n)+$/);
    // Dovecot stores lines with LF; the message has no bare LF, so LF -> CRLF restores it exactly.
    const stored = Buffer.from(file.subarray(start).toString('latin1').replaceAll('\n', '\r\n'), 'latin1');
    // latin1 maps each byte to one character: a byte comparison, with a readable diff.
    expect(stored.toString('latin1')).toBe(raw.toString('latin1'));
  });

  test('a wrong password is "auth-failed", in one line without the password', async () => {
    const { users } = started();
    const wrong = `${users.alice.password}-wrong`;
    const error = await failure(submitRaw(options(security, sealedLike(randomUUID()), [users.bob.address], { password: wrong })));
    expect(error.code).toBe('auth-failed');
    expect(error.message).toMatch(/^127\.0\.0\.1:\d+ refused the user name and password \(535 /);
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain('\n');
  });
});

test('a recipient outside the rig domain is "recipient-rejected", naming the address', async () => {
  const error = await failure(submitRaw(options('tls', sealedLike(randomUUID()), ['someone@elsewhere.example'])));
  expect(error.code).toBe('recipient-rejected');
  expect(error.message).toMatch(/refused the recipient someone@elsewhere\.example \(550 /);
});

test('with one good and one refused recipient, the message goes to the good one and the result names the other', async () => {
  const { users } = started();
  const token = randomUUID();
  const result = await submitRaw(options('starttls', sealedLike(token), [users.bob.address, 'someone@elsewhere.example']));
  expect(result.accepted).toEqual([users.bob.address]);
  expect(result.rejected).toEqual(['someone@elsewhere.example']);
  await delivered(users.bob.maildir, token);
});

test('a message above the size the server announces is "message-too-large" and is not sent', async () => {
  const { users } = started();
  // Postfix's default message_size_limit, which the rig keeps, is 10240000 bytes.
  const line = `${'x'.repeat(998)}\r\n`;
  const raw = Buffer.from(`X-Sealmail-Test: ${randomUUID()}\r\n\r\n${line.repeat(10_300)}`, 'latin1');
  const error = await failure(submitRaw(options('starttls', raw, [users.bob.address])));
  expect(error.code).toBe('message-too-large');
  expect(error.message).toBe(`127.0.0.1:${started().smtp.submission.port} accepts messages of at most 10240000 bytes; this one has ${raw.length}; nothing was sent`);
});

test('an XOAUTH2 token is refused locally when the server offers no XOAUTH2', async () => {
  const { users } = started();
  const error = await failure(submitRaw(options('tls', sealedLike(randomUUID()), [users.bob.address], { xoauth2AccessToken: 'ya29.token' })));
  expect(error.code).toBe('auth-unavailable');
  expect(error.message).not.toContain('ya29.token');
});
