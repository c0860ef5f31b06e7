// The browser target's guarantees, checked with a real server on a free port and real `ws` clients.
import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { ServiceEvent } from '../../../app/contract/views.js';
import { CONTENT_SECURITY_POLICY } from '../../../app/electron/content-policy.js';
import { MAX_FRAME_BYTES, startServe, type RunningServe } from '../../../app/serve/server.js';
import { ALICE, fakeServices, subscribe } from './fake-services.js';
import { closed, nextFrame, openSocket, signIn } from './ws-client.js';

let dir: string;
let root: string;
let serve: RunningServe;
let calls: string[];
let events: EventEmitter<{ event: [ServiceEvent] }>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealmail-serve-'));
  root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Sealmail</title><script type="module" src="/assets/app.js"></script>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1);');
  await writeFile(join(dir, 'secret.txt'), 'outside the root');
  const fake = fakeServices();
  calls = fake.calls;
  events = new EventEmitter();
  serve = await startServe({ services: fake.services, onEvent: subscribe(events), root, authTimeoutMs: 300 });
});

afterEach(async () => {
  await serve.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw GET, so that paths like /../x reach the server unnormalised. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: serve.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('npm run serve', () => {
  it('listens on 127.0.0.1 only and prints one URL with a fresh 256-bit token in the fragment', async () => {
    expect(serve.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${serve.port}/#token=[A-Za-z0-9_-]{43}$`));
    expect(await reachable('127.0.0.1', serve.port)).toBe(true);
    // Another loopback address and IPv6 are other sockets: a 127.0.0.1 bind answers neither.
    expect(await reachable('127.0.0.2', serve.port)).toBe(false);
    expect(await reachable('::1', serve.port)).toBe(false);
    const other = await startServe({ services: fakeServices().services, root });
    expect(other.token).not.toBe(serve.token);
    await other.close();
  });

  it('answers a call with the right Origin and token through dispatch, as a Result', async () => {
    const client = await signIn(serve.port, serve.token);
    client.socket.send(JSON.stringify({ id: 1, method: 'accounts.list', input: {} }));
    expect(await nextFrame(client, (f) => f.id === 1)).toEqual({ id: 1, result: { ok: true, value: [ALICE] } });
    client.socket.send(JSON.stringify({ id: 'k', method: 'keys.remove', input: { fingerprint: '0123456789abcdef' } }));
    expect(await nextFrame(client, (f) => f.id === 'k')).toEqual({
      id: 'k',
      result: { ok: false, error: { code: 'no-key', message: 'no key 0123456789abcdef in the keyring' } },
    });
    expect(calls).toEqual(['accounts.list', 'keys.remove']);
    client.socket.close();
  });

  it('turns bad arguments and unknown methods into bad-request Results without calling a service', async () => {
    const client = await signIn(serve.port, serve.token);
    client.socket.send(JSON.stringify({ id: 1, method: 'keys.list', input: { filter: 42 } }));
    client.socket.send(JSON.stringify({ id: 2, method: 'accounts.list', input: { extra: true } }));
    client.socket.send(JSON.stringify({ id: 3, method: 'constructor.prototype' }));
    client.socket.send(JSON.stringify({ id: 4, method: ['accounts.list'] }));
    for (const id of [1, 2, 3, 4]) {
      const frame = await nextFrame(client, (f) => f.id === id);
      expect(frame.result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(calls).toEqual([]);
    client.socket.close();
  });

  it('closes a socket that sends a malformed frame, and goes on serving others', async () => {
    for (const junk of ['{not json', '[1,2]', JSON.stringify({ method: 'accounts.list' }), JSON.stringify({ id: {}, method: 'accounts.list' })]) {
      const client = await signIn(serve.port, serve.token);
      client.socket.send(junk);
      expect(await closed(client.socket)).toBe(4400);
    }
    const client = await signIn(serve.port, serve.token);
    client.socket.send(Buffer.from([0xff, 0x00]), { binary: true });
    expect(await closed(client.socket)).toBe(4400);
    const again = await signIn(serve.port, serve.token);
    again.socket.send(JSON.stringify({ id: 1, method: 'accounts.list' }));
    expect((await nextFrame(again, (f) => f.id === 1)).result).toMatchObject({ ok: true });
    again.socket.close();
  });

  it('closes a socket that sends a frame over the size cap', async () => {
    const client = await signIn(serve.port, serve.token);
    client.socket.send(Buffer.alloc(MAX_FRAME_BYTES + 1, 0x20));
    expect(await closed(client.socket)).toBe(1009);
    expect(calls).toEqual([]);
  });

  it('refuses a wrong, missing or late token before any service is reached', async () => {
    const origin = `http://127.0.0.1:${serve.port}`;
    const last = serve.token.at(-1) === 'A' ? 'B' : 'A';
    const attempts: ((socket: WebSocket) => void)[] = [
      (s) => s.send(JSON.stringify({ auth: `${serve.token.slice(0, -1)}${last}` })),
      (s) => s.send(JSON.stringify({ auth: serve.token.slice(0, 20) })),
      (s) => s.send(JSON.stringify({ auth: 42 })),
      (s) => s.send(JSON.stringify({ id: 1, method: 'accounts.list', input: {} })),
      () => undefined,
    ];
    for (const attempt of attempts) {
      const client = await openSocket(serve.port, origin);
      if (client.kind !== 'open') throw new Error('the handshake should pass with the right Origin');
      attempt(client.socket);
      expect(await closed(client.socket)).toBe(4401);
      expect(client.frames).toEqual([]);
    }
    expect(calls).toEqual([]);
  });

  it('refuses the WebSocket handshake for any Origin but http://127.0.0.1:PORT', async () => {
    const p = serve.port;
    for (const origin of [`http://localhost:${p}`, 'null', null, `http://127.0.0.1:${p + 1}`, `https://127.0.0.1:${p}`, `http://127.0.0.1:${p}/`, 'http://evil.example', `HTTP://127.0.0.1:${p}`]) {
      expect(await openSocket(p, origin), String(origin)).toEqual({ kind: 'refused', status: 403 });
    }
    expect(await openSocket(p, `http://127.0.0.1:${p}`, '/other')).toEqual({ kind: 'refused', status: 404 });
  });

  it('pushes service events to signed-in pages only', async () => {
    const client = await signIn(serve.port, serve.token);
    const stranger = await openSocket(serve.port, `http://127.0.0.1:${serve.port}`);
    events.emit('event', { type: 'new-mail', folderId: 3, count: 2 });
    expect(await nextFrame(client, (f) => 'event' in f)).toEqual({ event: { type: 'new-mail', folderId: 3, count: 2 } });
    if (stranger.kind !== 'open') throw new Error('the handshake should pass');
    expect(stranger.frames).toEqual([]);
    client.socket.close();
    await closed(client.socket);
    stranger.socket.close();
    expect(events.listenerCount('event')).toBe(0);
  });

  it('serves the UI with a strict CSP, nosniff and the right content types', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Sealmail</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${serve.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    // The desktop app's policy, bar the one WebSocket: https: only for images (a message's opt-in), never http:.
    expect(csp).toBe(CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ws://127.0.0.1:${serve.port}`));
    expect(csp).toContain("img-src 'self' data: blob: https:");
    expect(csp).not.toContain('http:');
    const script = await get('/assets/app.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['content-security-policy']).toBe(csp);
  });

  it('never serves a file outside the root, a directory listing, or another method', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%00/secret.txt',
      '/%zz',
      '/assets',
      '/assets/',
      '/missing.js',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('outside the root');
      expect(res.body, path).not.toContain('app.js');
    }
    expect((await get('/index.html', {}, 'POST')).status).toBe(405);
  });

  it('answers nothing to a request naming another host (DNS rebinding)', async () => {
    for (const host of [`localhost:${serve.port}`, `evil.example:${serve.port}`, '127.0.0.1']) {
      const res = await get('/', { host });
      expect(res.status, host).toBe(421);
      expect(res.body).not.toContain('Sealmail');
    }
  });

  it('stops cleanly: open pages are told the server is going away, and nothing listens after', async () => {
    const client = await signIn(serve.port, serve.token);
    const code = closed(client.socket);
    await serve.close();
    expect(await code).toBe(1001);
    expect(await reachable('127.0.0.1', serve.port)).toBe(false);
    serve = await startServe({ services: fakeServices().services, root });
  });
});
