// `sealmail check-server` end to end through the built CLI: JSON and words, exit 0 whatever it finds, one line when unreachable.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRig, type Rig } from '../../rig/rig.js';
import { startFakeSmtp, type FakeSmtp } from '../server-check/fake-smtp.js';
import { cliWorld, expectOneLineError, type CliWorld } from './run-cli.js';

let rig: Rig | undefined;
let bad: FakeSmtp | undefined;
let world: CliWorld;

beforeAll(async () => {
  world = await cliWorld();
  bad = await startFakeSmtp({ authBeforeTls: true, vrfy: 250, relay: true });
  rig = await startRig();
});
afterAll(async () => {
  await bad?.close();
  await rig?.stop();
  await world.cleanup();
});

function started(): { rig: Rig; bad: FakeSmtp } {
  if (rig === undefined || bad === undefined) throw new Error('the rig or the bad server did not start');
  return { rig, bad };
}

describe('the rig submission port, trusting the rig CA with --ca', () => {
  test('--json prints one object with every check good, and exits 0', async () => {
    const { smtp, caPem } = started().rig;
    const result = await world.run(['check-server', `127.0.0.1:${smtp.submission.port}`, '--ca', await world.file('rig-ca.pem', caPem), '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as { host: string; port: number; verdict: string; checks: { id: string; verdict: string; summary: string; detail: string }[] };
    expect(result.out.trim().split('\n')).toHaveLength(1);
    expect(report).toMatchObject({ host: '127.0.0.1', port: smtp.submission.port, verdict: 'good' });
    expect(report.checks.map((c) => [c.id, c.verdict])).toEqual([
      ['tls', 'good'],
      ['starttls', 'good'],
      ['credential-exposure', 'good'],
      ['user-enumeration', 'good'],
      ['open-relay', 'good'],
      ['sasl', 'good'],
    ]);
    for (const c of report.checks) expect(c.summary.length * c.detail.length).toBeGreaterThan(0);
  });

  test('--tls checks the implicit-TLS port in words', async () => {
    const { smtp, caPem } = started().rig;
    const result = await world.run(['check-server', `127.0.0.1:${smtp.submissions.port}`, '--tls', '--ca', await world.file('rig-ca-2.pem', caPem)]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Server check of 127.0.0.1:${smtp.submissions.port} (TLS from the first byte)`);
    expect(result.out).toMatch(/^ {2}GOOD {5}TLS +TLSv1\.[23], certificate valid for this name$/m);
    expect(result.out).toMatch(/Overall: good: nothing found that puts your mail or password at risk\n$/);
  });
});

test('--imap checks Dovecot on its STARTTLS port: four checks, all good', async () => {
  const { imap, caPem } = started().rig;
  const result = await world.run(['check-server', `${imap.starttls.host}:${imap.starttls.port}`, '--imap', '--ca', await world.file('rig-ca-3.pem', caPem), '--json']);
  expect(result.code).toBe(0);
  const report = JSON.parse(result.out) as { verdict: string; checks: { id: string }[] };
  expect(report.verdict).toBe('good');
  expect(report.checks.map((c) => c.id)).toEqual(['tls', 'starttls', 'credential-exposure', 'sasl']);
});

test('a bad server: every finding reads BAD in words, and the check still exits 0', async () => {
  const result = await world.run(['check-server', `127.0.0.1:${started().bad.port}`]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.out).toMatch(/^ {2}BAD {6}Credential exposure +AUTH offered before TLS \(PLAIN LOGIN\)$/m);
  expect(result.out).toMatch(/^ {2}BAD {6}Open relay +open relay: mail for other domains accepted without AUTH$/m);
  expect(result.out).toMatch(/^ {2}BAD {6}User enumeration +VRFY and EXPN answered$/m);
  expect(result.out).toMatch(/^ {2}BAD {6}STARTTLS +STARTTLS not offered$/m);
  expect(result.out).toContain('Overall: bad: this server has problems that put mail or passwords at risk');
  expect(started().bad.received.map((l) => l.toUpperCase())).not.toContain('DATA');
});

describe('failures are one line', () => {
  test('nothing listening: exit 1, "connection refused"', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    expectOneLineError(await world.run(['check-server', `127.0.0.1:${port}`, '--json']), 1, `cannot connect to 127.0.0.1:${port}: connection refused`);
  });

  test('an address without a port is a usage error: exit 2', async () => {
    expectOneLineError(await world.run(['check-server', 'mail.example.org']), 2, /is not HOST:PORT/);
  });

  test('a --ca file that holds no certificate is refused before connecting', async () => {
    const result = await world.run(['check-server', `127.0.0.1:${started().bad.port}`, '--ca', await world.file('not-a-ca.pem', 'hello')]);
    expectOneLineError(result, 2, 'the CA file holds no PEM certificate');
  });
});
