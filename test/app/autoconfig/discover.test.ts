// discover() against a local HTTPS site and a local DNS server: each source in turn, and every way a step can fail.
import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discover, type DiscoverOptions } from '../../../app/autoconfig/index.js';
import { makeSiteCertificates, type SiteCertificates } from './site-certificates.js';
import { startSrvResponder, type SrvResponder } from './srv-responder.js';
import { AUTOCONFIG_PATH, WELL_KNOWN_PATH, configXml, server, startTestSite, type TestSite } from './test-site.js';

const GOOD = configXml([
  server('incomingServer', 'imap', 'imap.example.test', 143, 'STARTTLS'),
  server('incomingServer', 'imap', 'imap.example.test', 993, 'SSL'),
  server('outgoingServer', 'smtp', 'smtp.example.test', 587, 'STARTTLS'),
  server('outgoingServer', 'smtp', 'smtp.example.test', 465, 'SSL'),
].join('\n'));

let certificates: SiteCertificates;
let site: TestSite;
let dns: SrvResponder;
let resolver: Resolver;

beforeAll(async () => {
  certificates = await makeSiteCertificates();
  site = await startTestSite(certificates);
  dns = await startSrvResponder();
  resolver = new Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([dns.server]);
});

afterAll(async () => {
  await site.close();
  await dns.close();
});

beforeEach(() => {
  site.answers.clear();
  site.requests.length = 0;
  dns.records.clear();
});

const run = (extra: Partial<DiscoverOptions> = {}): ReturnType<typeof discover> =>
  discover({ email: 'alice@example.test', https: site.https, resolver, timeoutMs: 3_000, ...extra });

describe('discover', () => {
  it('takes the autoconfig host\'s document, implicit TLS first, with the address as user name', async () => {
    site.answers.set(AUTOCONFIG_PATH, { status: 200, body: GOOD });
    const { settings, attempts } = await run();
    expect(settings).toEqual({
      imap: { host: 'imap.example.test', port: 993, security: 'tls', username: 'alice@example.test' },
      smtp: { host: 'smtp.example.test', port: 465, security: 'tls', username: 'alice@example.test' },
      source: 'autoconfig',
    });
    expect(attempts).toEqual([]);
    expect(site.requests).toEqual(['autoconfig.example.test/mail/config-v1.1.xml?emailaddress=alice%40example.test']);
  });

  it('falls back to the well-known URL when the autoconfig host answers 404', async () => {
    site.answers.set(WELL_KNOWN_PATH, { status: 200, body: GOOD });
    const { settings, attempts } = await run();
    expect(settings?.source).toBe('well-known');
    expect(settings?.imap.port).toBe(993);
    expect(attempts.map((a) => [a.source, a.code])).toEqual([['autoconfig', 'not-found']]);
  });

  it('falls back to SRV records when both documents are missing, preferring implicit TLS and honouring priority and weight', async () => {
    dns.records.set('_imaps._tcp.example.test', [
      { name: 'backup-imap.example.test', port: 993, priority: 20, weight: 0 },
      { name: 'light-imap.example.test', port: 993, priority: 10, weight: 1 },
      { name: 'heavy-imap.example.test', port: 993, priority: 10, weight: 60 },
    ]);
    dns.records.set('_imap._tcp.example.test', [{ name: 'imap.example.test', port: 143, priority: 0, weight: 0 }]);
    // "." means implicit-TLS submission is decidedly not offered, so STARTTLS submission is proposed.
    dns.records.set('_submissions._tcp.example.test', [{ name: '.', port: 0, priority: 0, weight: 0 }]);
    dns.records.set('_submission._tcp.example.test', [{ name: 'smtp.example.test', port: 587, priority: 0, weight: 0 }]);
    const { settings, attempts } = await run();
    expect(settings).toEqual({
      imap: { host: 'heavy-imap.example.test', port: 993, security: 'tls', username: 'alice@example.test' },
      smtp: { host: 'smtp.example.test', port: 587, security: 'starttls', username: 'alice@example.test' },
      source: 'srv',
    });
    expect(attempts.map((a) => a.code)).toEqual(['not-found', 'not-found']);
  });

  it('rejects a plain-only configuration and says why', async () => {
    site.answers.set(AUTOCONFIG_PATH, { status: 200, body: configXml([
      server('incomingServer', 'imap', 'imap.example.test', 143, 'plain'),
      server('outgoingServer', 'smtp', 'smtp.example.test', 25, 'plain'),
      server('outgoingServer', 'smtp', 'smtp.example.test', 465, 'SSL', '%EMAILADDRESS%', 'none'),
    ].join('\n')) });
    const { settings, attempts } = await run();
    expect(settings).toBeNull();
    expect(attempts[0]).toMatchObject({ source: 'autoconfig', code: 'no-tls-server' });
    expect(attempts[0]?.message).toMatch(/no IMAP server over TLS/);
    expect(attempts.map((a) => a.source)).toEqual(['autoconfig', 'well-known', 'srv']);
  });

  it('substitutes the address placeholders in user and host names', async () => {
    site.answers.set(AUTOCONFIG_PATH, { status: 200, body: configXml([
      server('incomingServer', 'imap', 'imap.%EMAILDOMAIN%', 993, 'SSL', '%EMAILLOCALPART%'),
      server('outgoingServer', 'smtp', 'smtp.%EMAILDOMAIN%', 465, 'SSL', 'mail-%EMAILLOCALPART%@%EMAILDOMAIN%'),
    ].join('\n')) });
    const { settings } = await discover({ email: 'Alice.Smith@EXAMPLE.test', https: site.https, resolver, timeoutMs: 3_000 });
    expect(settings?.imap).toMatchObject({ host: 'imap.example.test', username: 'Alice.Smith' });
    expect(settings?.smtp).toMatchObject({ host: 'smtp.example.test', username: 'mail-Alice.Smith@example.test' });
  });

  it('moves on from a server that never answers within the time limit', async () => {
    site.answers.set(AUTOCONFIG_PATH, 'hang');
    site.answers.set(WELL_KNOWN_PATH, { status: 200, body: GOOD });
    const started = Date.now();
    const { settings, attempts } = await run({ timeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(settings?.source).toBe('well-known');
    expect(attempts.map((a) => a.code)).toEqual(['timeout']);
  });

  it('gives up on a DNS server that never answers, within the time limit', async () => {
    for (const service of ['_imaps', '_imap', '_submissions', '_submission']) dns.records.set(`${service}._tcp.example.test`, 'silent');
    const started = Date.now();
    const { settings, attempts } = await run({ timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(settings).toBeNull();
    expect(attempts.map((a) => a.code)).toEqual(['not-found', 'not-found', 'timeout']);
  });

  it('refuses a response over 64 KiB, declared or streamed', async () => {
    const huge = GOOD.replace('<displayName>', `<!--${'x'.repeat(70 * 1024)}--><displayName>`);
    site.answers.set(AUTOCONFIG_PATH, { status: 200, body: huge });
    site.answers.set(WELL_KNOWN_PATH, { status: 200, body: huge, headers: { 'transfer-encoding': 'chunked' } });
    const { settings, attempts } = await run();
    expect(settings).toBeNull();
    expect(attempts.slice(0, 2).map((a) => a.code)).toEqual(['too-large', 'too-large']);
  });

  it('follows an HTTPS redirect but never one to http://', async () => {
    site.answers.set(AUTOCONFIG_PATH, { status: 302, headers: { location: 'http://example.test/config.xml' } });
    site.answers.set(WELL_KNOWN_PATH, { status: 301, headers: { location: 'https://example.test/moved.xml' } });
    site.answers.set('example.test/moved.xml', { status: 200, body: GOOD });
    const { settings, attempts } = await run();
    expect(attempts.map((a) => a.code)).toEqual(['redirect']);
    expect(settings?.source).toBe('well-known');
    expect(site.requests.some((r) => r.includes('config.xml') && !r.includes('config-v1.1'))).toBe(false);
  });

  it('stops after three redirects', async () => {
    site.answers.set(AUTOCONFIG_PATH, { status: 302, headers: { location: '/mail/config-v1.1.xml' } });
    const { attempts } = await run();
    expect(attempts[0]).toMatchObject({ code: 'redirect' });
    expect(site.requests.filter((r) => r.startsWith('autoconfig.example.test'))).toHaveLength(4);
  });

  it('does not trust a certificate its CA did not issue', async () => {
    site.answers.set(AUTOCONFIG_PATH, { status: 200, body: GOOD });
    const { settings, attempts } = await run({ https: { connectTo: site.https.connectTo } });
    expect(settings).toBeNull();
    expect(attempts.slice(0, 2).map((a) => a.code)).toEqual(['certificate', 'certificate']);
    expect(site.requests).toEqual([]);
  });

  it('refuses an address whose domain is an IP, a path or a single label, before any lookup', async () => {
    for (const email of ['alice@127.0.0.1', 'alice@[127.0.0.1]', 'alice@example.test/evil', 'alice@example.test:8443', 'alice@localhost', 'alice@0x7f.1', 'alice']) {
      await expect(run({ email })).rejects.toMatchObject({ code: 'bad-option' });
    }
    await expect(run({ timeout: 5 } as Partial<DiscoverOptions>)).rejects.toThrow(/unknown option "timeout"/);
    await expect(run({ timeoutMs: 0 })).rejects.toMatchObject({ code: 'bad-option' });
    await expect(run({ timeoutMs: Infinity })).rejects.toMatchObject({ code: 'bad-option' });
    expect(site.requests).toEqual([]);
  });
});
