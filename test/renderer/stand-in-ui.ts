// The built UI served locally and opened in Chromium with window.sealmail answering from fixtures: the stand-in for the services.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../e2e/browser.js';

export interface StandInUi {
  /**
   * Opens the UI with every service call answered from `fixtures` ("service.method" → Result, or `{ afterCall:
   * "service.method", before, after }` for an answer that changes once that call was made); calls are recorded in
   * `globalThis.calls`, and `globalThis.fire(event)` pushes a service event. Page errors are collected in `errors`.
   */
  open(fixtures: Record<string, unknown>, use: (page: Page, errors: string[]) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** Builds renderer/ with Vite into a temporary folder, serves it on 127.0.0.1 and launches Chromium. */
export async function startStandInUi(): Promise<StandInUi> {
  const out = await mkdtemp(join(tmpdir(), 'sealmail-ui-'));
  await build({ configFile: 'renderer/vite.config.ts', logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
  const server: Server = createServer(async (req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    const file = path === '/' ? 'index.html' : path;
    try {
      const body = await readFile(join(out, file));
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await launchChromium();

  return {
    async open(fixtures, use) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      try {
        await context.addInitScript((answers: Record<string, unknown>) => {
          const calls: { method: string; input: unknown }[] = [];
          const listeners: ((event: unknown) => void)[] = [];
          const w = globalThis as unknown as { sealmail: unknown; calls: typeof calls; fire: (event: unknown) => void };
          w.calls = calls;
          // What the desktop shell or the services push; the test fires it with page.evaluate.
          w.fire = (event) => listeners.forEach((listener) => listener(event));
          const service = (name: string) =>
            new Proxy({}, { get: (_t, method: string) => async (input: unknown) => {
              calls.push({ method: `${name}.${method}`, input });
              const answer = answers[`${name}.${method}`] as { afterCall?: string; before?: unknown; after?: unknown } | undefined;
              // { afterCall, before, after }: an answer that changes once the page made another call (a look-up that added a key).
              if (answer?.afterCall !== undefined) return calls.some((c) => c.method === answer.afterCall) ? answer.after : answer.before;
              return answer ?? { ok: false, error: { code: 'internal', message: `${name}.${method} is not in the fixtures` } };
            } });
          w.sealmail = {
            session: service('session'), accounts: service('accounts'), mail: service('mail'), compose: service('compose'), keys: service('keys'), certs: service('certs'), settings: service('settings'),
            onEvent: (listener: (event: unknown) => void) => {
              listeners.push(listener);
              return () => listeners.splice(listeners.indexOf(listener), 1);
            },
          };
        }, fixtures);
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${origin}/`);
        await use(page, errors);
      } finally {
        await context.close();
      }
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await rm(out, { recursive: true, force: true });
    },
  };
}

/** The calls the page made to the stand-in so far. */
export function callsOf(page: Page): Promise<{ method: string; input: unknown }[]> {
  return page.evaluate(() => (globalThis as unknown as { calls: { method: string; input: unknown }[] }).calls);
}
