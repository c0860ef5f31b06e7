// The check against the real Postfix and Dovecot of the test rig: submission and IMAP come out all good, the MX shows what an MX lacks.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkImapServer } from '../../../app/server-check/check-imap.js';
import { checkSmtpServer } from '../../../app/server-check/check-smtp.js';
import type { Check, CheckId, ServerCheckReport } from '../../../app/server-check/report.js';
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

function byId(report: ServerCheckReport): Record<CheckId, Check> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c])) as Record<CheckId, Check>;
}

describe('submission with STARTTLS', () => {
  test('every check is good when the rig CA is trusted', async () => {
    const { smtp, caPem } = started();
    const report = await checkSmtpServer({ ...smtp.submission, ca: caPem });
    for (const c of report.checks) expect(c.verdict, `${c.id}: ${c.summary} (${c.detail})`).toBe('good');
    expect(report).toMatchObject({ transport: 'starttls', verdict: 'good' });
    const checks = byId(report);
    expect(checks.tls.summary).toMatch(/^TLSv1\.[23], certificate valid for this name$/);
    expect(checks.tls.detail).toContain('issued by Sealmail test rig CA');
    expect(checks.starttls.summary).toBe('STARTTLS offered');
    expect(checks['credential-exposure'].summary).toBe('no AUTH before TLS');
    // Postfix with disable_vrfy_command answers 502; it has no EXPN at all.
    expect(checks['user-enumeration'].detail).toMatch(/VRFY: 502 .*; EXPN: 500 /);
    expect(checks['open-relay'].detail).toContain('RCPT TO:<relay-test@example.com>: 554');
    expect(checks.sasl.summary).toBe('PLAIN LOGIN');
  });

  test('without the rig CA the certificate is bad, for an untrusted issuer, and nothing else is held against the server', async () => {
    const report = await checkSmtpServer(started().smtp.submission);
    const checks = byId(report);
    expect(checks.tls).toMatchObject({ verdict: 'bad', summary: expect.stringMatching(/^certificate not valid: the certificate was issued by a CA that is not trusted/) });
    expect(checks['credential-exposure'].verdict).toBe('good');
    expect(checks['open-relay'].verdict).toBe('good');
  });
});

test('submission over implicit TLS is all good', async () => {
  const { smtp, caPem } = started();
  const report = await checkSmtpServer({ ...smtp.submissions, implicitTls: true, ca: caPem });
  for (const c of report.checks) expect(c.verdict, `${c.id}: ${c.summary} (${c.detail})`).toBe('good');
  expect(report.transport).toBe('implicit-tls');
  expect(byId(report).starttls.summary).toBe('not needed: TLS from the first byte');
});

test('the MX relays nothing and reveals no users, but offers no TLS: bad, for that reason alone', async () => {
  const { smtp, caPem } = started();
  const report = await checkSmtpServer({ ...smtp.mx, ca: caPem });
  const checks = byId(report);
  expect(report).toMatchObject({ transport: 'plain', verdict: 'bad' });
  expect(checks.tls).toMatchObject({ verdict: 'bad', summary: 'not encrypted' });
  expect(checks.starttls).toMatchObject({ verdict: 'bad', summary: 'STARTTLS not offered' });
  expect(checks['credential-exposure'].verdict).toBe('good');
  expect(checks['user-enumeration'].verdict).toBe('good');
  expect(checks['open-relay']).toMatchObject({ verdict: 'good', summary: 'no open relay' });
  expect(checks['open-relay'].detail).toContain('Relay access denied');
  expect(checks.sasl).toMatchObject({ verdict: 'warning', summary: 'no AUTH offered' });
});

describe('IMAP (--imap)', () => {
  test('Dovecot with STARTTLS: LOGINDISABLED before TLS, logins only after it: all good', async () => {
    const { imap, caPem } = started();
    const report = await checkImapServer({ ...imap.starttls, ca: caPem });
    for (const c of report.checks) expect(c.verdict, `${c.id}: ${c.summary} (${c.detail})`).toBe('good');
    expect(report.checks.map((c) => c.id)).toEqual(['tls', 'starttls', 'credential-exposure', 'sasl']);
    expect(report.transport).toBe('starttls');
    expect(byId(report).sasl.summary).toMatch(/\bPLAIN\b/);
  });

  test('Dovecot over IMAPS is all good', async () => {
    const { imap, caPem } = started();
    const report = await checkImapServer({ ...imap.imaps, implicitTls: true, ca: caPem });
    for (const c of report.checks) expect(c.verdict, `${c.id}: ${c.summary} (${c.detail})`).toBe('good');
    expect(report.transport).toBe('implicit-tls');
  });
});
