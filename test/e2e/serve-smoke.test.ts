// The browser target in a real Chromium: the page it serves reaches the services over the WebSocket; a page of another origin does not.
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../app/contract/views.js';
import { startServe, type RunningServe } from '../../app/serve/server.js';
import { ALICE, fakeServices, subscribe } from '../app/serve/fake-services.js';
import { launchChromium, withPage } from './browser.js';

const client = fileURLToPath(new URL('../../renderer/runtime/websocket-api.ts', import.meta.url));

/** Stands in for the real UI: the real WebSocket client, driven by a few lines of page script. */
const PAGE = `
import { connectWebSocketApi } from './websocket-api.js';
const api = await connectWebSocketApi();
const events = [];
api.onEvent((event) => events.push(event));
window.sealmail = { api, events };
window.loaded = { address: location.href, list: await api.accounts.list({}), bad: await api.keys.list({ filter: 42 }) };
`;

/** A page of another origin that knows even the token: only the Origin check stands in its way. */
const HOSTILE = `<!doctype html><script>
window.attempt = new Promise((resolve) => {
  const params = new URLSearchParams(location.search);
  const socket = new WebSocket('ws://127.0.0.1:' + params.get('port') + '/rpc');
  const seen = [];
  socket.onopen = () => { seen.push('open'); socket.send(JSON.stringify({ auth: params.get('token') })); socket.send(JSON.stringify({ id: 1, method: 'accounts.list', input: {} })); };
  socket.onmessage = (m) => seen.push(String(m.data));
  socket.onclose = (c) => { seen.push('close ' + c.code); resolve(seen); };
});
</script>`;

let browser: Browser;
let dir: string;
let serve: RunningServe;
let calls: string[];
let hostile: Server;
const events = new EventEmitter<{ event: [ServiceEvent] }>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealmail-e2e-'));
  const source = await readFile(client, 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
  await writeFile(join(dir, 'websocket-api.js'), js);
  await writeFile(join(dir, 'page.js'), PAGE);
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>smoke</title><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>');
  const fake = fakeServices();
  calls = fake.calls;
  [browser, serve] = await Promise.all([launchChromium(), startServe({ services: fake.services, onEvent: subscribe(events), root: dir })]);
  hostile = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(HOSTILE));
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  hostile?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run serve in Chromium', () => {
  it('refuses a page of another origin, even one that knows the token, and a page reached by another host name', async () => {
    await withPage(browser, async (page) => {
      const port = (hostile.address() as AddressInfo).port;
      await page.goto(`http://127.0.0.1:${port}/?port=${serve.port}&token=${serve.token}`);
      expect(await page.evaluate(() => (globalThis as unknown as { attempt: Promise<string[]> }).attempt)).toEqual(['close 1006']);
      // What a DNS-rebinding page would be: the right port under another name gets no UI.
      const rebound = await page.goto(`http://localhost:${serve.port}/`).then(
        (res) => res?.status(),
        () => 'unreachable',
      );
      expect([421, 'unreachable']).toContain(rebound);
    });
    expect(calls).toEqual([]);
  });

  it('keeps working after a reload, and stops at once, without retrying, when the server refuses the token', async () => {
    await withPage(browser, async (page) => {
      const sockets: string[] = [];
      page.on('websocket', (ws) => sockets.push(ws.url()));
      await page.goto(serve.url);
      await page.waitForFunction(() => (globalThis as unknown as { loaded?: unknown }).loaded);
      await page.reload();
      const reloaded = await page.waitForFunction(() => (globalThis as unknown as { loaded?: unknown }).loaded).then((h) => h.jsonValue());
      expect(reloaded).toMatchObject({ address: `${serve.origin}/`, list: { ok: true } });

      // A fresh document (not a same-document jump to a new fragment), as when a stale address is opened.
      await page.goto('about:blank');
      sockets.length = 0;
      await page.goto(`${serve.origin}/#token=${'A'.repeat(43)}`);
      const refused = await page.waitForFunction(() => (globalThis as unknown as { loaded?: unknown }).loaded).then((h) => h.jsonValue());
      expect(refused).toMatchObject({ list: { ok: false, error: { code: 'network', message: expect.stringContaining('refused') } } });
      await page.waitForTimeout(1000);
      expect(sockets).toHaveLength(1);
    });
    calls.length = 0;
  });

  it('lets the page it served call the services, push events to it, and answers Results even once the server is gone', async () => {
    await withPage(browser, async (page) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(serve.url);
      const loaded = await page.waitForFunction(() => (globalThis as unknown as { loaded?: unknown }).loaded).then((h) => h.jsonValue());
      expect(loaded).toEqual({
        // The token is gone from the address bar (and so from history and bookmarks).
        address: `${serve.origin}/`,
        list: { ok: true, value: [ALICE] },
        bad: { ok: false, error: { code: 'bad-request', message: expect.stringContaining('keys.list: filter') } },
      });
      events.emit('event', { type: 'sync-done', errors: [] });
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as { sealmail: { events: unknown[] } }).sealmail.events)).toEqual([{ type: 'sync-done', errors: [] }]);
      await serve.close();
      const after = await page.evaluate(() => (globalThis as unknown as { sealmail: { api: { accounts: { list(i: object): Promise<unknown> } } } }).sealmail.api.accounts.list({}));
      expect(after).toMatchObject({ ok: false, error: { code: 'network' } });
      expect(errors.filter((e) => !e.includes('WebSocket'))).toEqual([]);
    });
    expect(calls).toEqual(['accounts.list']);
  });
});
