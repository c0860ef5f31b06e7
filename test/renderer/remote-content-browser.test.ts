// "Load remote content" in a real Chromium, in the built UI under the app's own CSP: https images only, only after the click.
// The "remote" hosts resolve to local sinks that record every connection and request (a TLS one with a
// throwaway certificate, which only this test's Chromium is told to accept, and a plain-HTTP one): Playwright's
// request events miss requests of a sandboxed (process-isolated) frame, so the sinks' logs are the evidence.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView, SecurityReport } from '../../app/contract/index.js';
import { SECURITY_HEADERS } from '../../app/electron/content-policy.js';
import { CHROMIUM } from '../e2e/browser.js';

/** Every way we know for HTML to fetch, run or navigate, over https (the opt-in's scheme) and plain http. */
const HOSTILE = `
<p id="text">Hello Bob</p>
<img src="https://remote.example/img">
<img src="https://remote.example/img-unsafe-url" referrerpolicy="unsafe-url">
<img src="http://plain.example/http-img">
<img srcset="http://plain.example/http-srcset 1x">
<script src="https://remote.example/script-src"></script>
<script>new Image().src = 'https://remote.example/inline-script'; fetch('https://remote.example/fetch');</script>
<img src="x" onerror="new Image().src='https://remote.example/onerror'">
<link rel="stylesheet" href="https://remote.example/stylesheet">
<link rel="prefetch" href="https://remote.example/prefetch">
<style>@import url(https://remote.example/css-import); p { background: url(https://remote.example/css-background); }</style>
<p style="background: url(https://remote.example/style-attribute)">styled</p>
<iframe src="https://remote.example/iframe"></iframe>
<object data="https://remote.example/object"></object>
<embed src="https://remote.example/embed">
<video src="https://remote.example/video"></video>
<audio src="https://remote.example/audio" autoplay></audio>
<meta http-equiv="refresh" content="0;url=https://remote.example/meta-refresh">
<form action="https://remote.example/form" method="post"><input name="q" value="secret"><button id="submit">Submit</button></form>
<a id="link" href="https://remote.example/link">a link</a>
`;

/** The only requests the opt-in may cause: the two https <img>. */
const HTTPS_IMAGES = ['/img', '/img-unsafe-url'];

const report: SecurityReport = {
  from: 'mallory@example.net',
  fromName: 'Mallory',
  subject: 'Newsletter',
  protectedHeaders: false,
  encryption: { state: 'none', scheme: null, error: null, integrity: null },
  signature: { state: 'none', scheme: null, signer: null, acceptance: null, signedAt: null },
  text: null,
  html: HOSTILE,
  attachments: [],
  autocrypt: null,
  warnings: [],
};
const summary = { id: 7, folderId: 1, uid: 7, subject: 'Newsletter', from: 'mallory@example.net', date: '2026-11-20T10:00:00Z', seen: true, flagged: false };

const fixtures = (remoteContentAllowed: boolean) => ({
  'session.state': { ok: true, value: { exists: true, unlocked: true } },
  'accounts.list': {
    ok: true,
    value: [
      {
        id: 1,
        address: 'alice@example.org',
        name: 'Alice',
        user: 'alice@example.org',
        imap: { host: 'mail.example.org', port: 993, security: 'tls' },
        smtp: { host: 'mail.example.org', port: 465, security: 'tls' },
        privateCa: false,
        pinnedSha256: null,
      },
    ],
  },
  'settings.get': { ok: true, value: { defaultSign: true, defaultEncrypt: true, passphraseCacheMinutes: 10, language: 'en' } },
  'mail.folders': { ok: true, value: [{ id: 1, accountId: 1, path: 'INBOX', specialUse: null, total: 1, unread: 0 }] },
  'mail.messages': { ok: true, value: [summary] },
  'mail.read': { ok: true, value: { summary, report, remoteContentAllowed, keyAttachments: [] } satisfies MessageView },
});

interface Hit {
  scheme: 'https' | 'http';
  path: string;
  referer: string | undefined;
}

let out: string;
let certDir: string;
let browser: Browser;
let app: Server;
let origin: string;
let httpsSink: HttpsServer;
let httpSink: Server;
/** Connections (TCP accepts) and requests that reached a "remote" host since the last reset. */
let connections = 0;
let hits: Hit[] = [];

/** A 1x1 transparent GIF, so an allowed image really loads. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function record(scheme: Hit['scheme']) {
  return (req: IncomingMessage, res: ServerResponse) => {
    hits.push({ scheme, path: req.url ?? '', referer: req.headers.referer });
    res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' }).end(GIF);
  };
}

const listen = (server: Server | HttpsServer) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'sealmail-remote-ui-'));
  certDir = await mkdtemp(join(tmpdir(), 'sealmail-remote-cert-'));
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=remote.example', '-addext', 'subjectAltName=DNS:remote.example',
    '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'),
  ]);
  const [cert, key] = await Promise.all([readFile(join(certDir, 'cert.pem')), readFile(join(certDir, 'key.pem'))]);
  await build({ configFile: 'renderer/vite.config.ts', logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });

  // The built UI with the desktop app's headers: its CSP (the same the browser target sends) frames the mail.
  app = createHttpServer(async (req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    const file = path === '/' ? 'index.html' : path;
    try {
      const body = await readFile(join(out, file));
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': `${type}; charset=utf-8` }).end(body);
    } catch {
      res.writeHead(404, SECURITY_HEADERS).end();
    }
  });
  httpsSink = createHttpsServer({ cert, key }, record('https'));
  httpSink = createHttpServer(record('http'));
  for (const sink of [httpsSink, httpSink]) sink.on('connection', () => (connections += 1));
  const [appPort, httpsPort, httpPort] = await Promise.all([listen(app), listen(httpsSink), listen(httpSink)]);
  origin = `http://127.0.0.1:${appPort}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Test-only: the sink's throwaway certificate, and the "remote" names pointing at the sinks.
      '--ignore-certificate-errors',
      `--host-resolver-rules=MAP remote.example 127.0.0.1:${httpsPort}, MAP plain.example 127.0.0.1:${httpPort}`,
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([app, httpsSink, httpSink].map((s) => new Promise((resolve) => s?.close(resolve))));
  await Promise.all([out, certDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Opens the UI with window.sealmail answering from the fixtures, opens the one message, and hands over the page. */
async function openMessage(remoteContentAllowed: boolean, use: (page: Page) => Promise<void>): Promise<string[]> {
  const context = await browser.newContext();
  const errors: string[] = [];
  try {
    await context.addInitScript((answers: Record<string, unknown>) => {
      const service = (name: string) =>
        new Proxy({}, { get: (_t, method: string) => async () =>
          answers[`${name}.${method}`] ?? { ok: false, error: { code: 'internal', message: `${name}.${method} is not in the fixtures` } } });
      (globalThis as unknown as { sealmail: unknown }).sealmail = {
        session: service('session'), accounts: service('accounts'), mail: service('mail'), compose: service('compose'), keys: service('keys'), settings: service('settings'),
        onEvent: () => () => undefined,
      };
    }, fixtures(remoteContentAllowed));
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/`);
    await page.getByTestId('message-row').first().click();
    await page.frameLocator('[data-testid="mail-html"]').locator('#text').waitFor({ timeout: 5000 });
    await use(page);
  } finally {
    await context.close();
  }
  return errors;
}

/** Clicks the mail's submit button and its link, then waits for anything they might cause. */
async function pokeMail(page: Page): Promise<void> {
  const mail = page.frameLocator('[data-testid="mail-html"]');
  await mail.locator('#submit').click({ timeout: 2000 }).catch(() => undefined);
  await mail.locator('#link').click({ timeout: 2000 }).catch(() => undefined);
  await page.waitForTimeout(1000);
}

const paths = () => hits.map((h) => `${h.scheme} ${h.path}`).sort();

describe('remote content of an HTML mail, in the built UI under the app CSP', { timeout: 60_000 }, () => {
  it('loads nothing before the click, and after "Load remote content" only the https images, with no Referer', async () => {
    const errors = await openMessage(true, async (page) => {
      connections = 0;
      hits = [];
      await pokeMail(page);
      expect(paths()).toEqual([]);
      expect(connections).toBe(0);

      await page.getByTestId('load-remote').click();
      await expect.poll(() => paths(), { timeout: 5000 }).toEqual(HTTPS_IMAGES.map((p) => `https ${p}`));
      // The picture is really there, not just asked for.
      const image = page.frameLocator('[data-testid="mail-html"]').locator('img[src="https://remote.example/img"]');
      expect(await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
      await pokeMail(page);
      // Scripts, styles, frames, objects, media, prefetch, the form post, the link, the meta refresh and http images: none.
      expect(paths()).toEqual(HTTPS_IMAGES.map((p) => `https ${p}`));
      expect(hits.map((h) => h.referer)).toEqual([undefined, undefined]);
      expect(await page.getByTestId('load-remote').count()).toBe(0);
    });
    expect(errors).toEqual([]);
  });

  it('offers no "Load remote content" when the services do not allow it, and nothing is loaded', async () => {
    const errors = await openMessage(false, async (page) => {
      connections = 0;
      hits = [];
      await pokeMail(page);
      expect(await page.getByTestId('load-remote').count()).toBe(0);
      expect(paths()).toEqual([]);
      expect(connections).toBe(0);
    });
    expect(errors).toEqual([]);
  });
});
