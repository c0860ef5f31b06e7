// The shell's wiring, run against a stand-in for Electron (the binary cannot be installed here): what it registers, refuses and sends.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METHODS } from '../../../app/contract/schemas.js';
import type { SealmailServices } from '../../../app/contract/services.js';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../app/electron/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../../app/electron/content-policy.js';
import { channelOf, EVENT_CHANNEL } from '../../../app/electron/ipc-contract.js';
import { methodsArgument } from '../../../app/electron/window-options.js';

const fake = vi.hoisted(() => {
  // Should anything load the real 'electron' package, it must not try to download the binary.
  process.env.ELECTRON_OVERRIDE_DIST_PATH ??= '/nonexistent-electron';
  return { electron: {} as Record<string, unknown> };
});
vi.mock('electron', () => fake.electron);

type Handler = (...args: unknown[]) => unknown;

class FakeContents extends EventEmitter {
  mainFrame = { processId: 7, routingId: 1 };
  sent: unknown[][] = [];
  windowOpenHandler: Handler | null = null;
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  setWindowOpenHandler(handler: Handler) {
    this.windowOpenHandler = handler;
  }
}

function freshElectron(options: { lock?: boolean; dialogResponse?: number } = {}) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => options.lock ?? true),
    quit: vi.fn(),
    enableSandbox: vi.fn(),
    setAsDefaultProtocolClient: vi.fn(),
    whenReady: () => Promise.resolve(),
  });
  const windows: FakeWindow[] = [];
  class FakeWindow extends EventEmitter {
    webContents = new FakeContents();
    loadURL = vi.fn(async () => undefined);
    show = vi.fn();
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    restore = vi.fn();
    focus = vi.fn();
  }
  const handlers = new Map<string, Handler>();
  const protocolHandlers = new Map<string, Handler>();
  const session = Object.assign(new EventEmitter(), {
    protocol: { handle: (scheme: string, handler: Handler) => protocolHandlers.set(scheme, handler) },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    setDisplayMediaRequestHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn(), onBeforeSendHeaders: vi.fn(), onHeadersReceived: vi.fn() },
  });
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    protocol: { registerSchemesAsPrivileged: vi.fn() },
    session: { defaultSession: session },
    ipcMain: { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
    dialog: { showMessageBox: vi.fn(async () => ({ response: options.dialogResponse ?? 0 })), showErrorBox: vi.fn() },
    shell: { openExternal: vi.fn(async () => undefined) },
    powerMonitor: new EventEmitter(),
    safeStorage: {},
  };
  Object.assign(fake.electron, electron);
  return { ...electron, windows, handlers, protocolHandlers, sessionObject: session };
}

function fakeServices() {
  const calls: string[] = [];
  const services = new Proxy({} as SealmailServices, {
    get: (_t, service) => new Proxy({}, { get: (_u, method) => async () => (calls.push(`${String(service)}.${String(method)}`), 'value') }),
  });
  return { services, calls };
}

async function start(options: { lock?: boolean; dialogResponse?: number; argv?: string[] } = {}) {
  const electron = freshElectron(options);
  const { services, calls } = fakeServices();
  const events = new EventEmitter();
  const lock = vi.fn();
  vi.resetModules();
  const { startDesktop } = await import('../../../app/electron/desktop.js');
  const argv = process.argv;
  process.argv = options.argv ?? ['/opt/Sealmail/sealmail'];
  try {
    startDesktop({
      openServices: async () => ({ services, subscribe: (l) => (events.on('event', l), () => events.off('event', l)), lock }),
      vaultKeyFromKeychain: false,
    });
  } finally {
    process.argv = argv;
  }
  if (options.lock !== false) await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
  return { electron, calls, events, lock, window: electron.windows[0] };
}

let profile: string | undefined;
beforeEach(() => {
  profile = process.env.SEALMAIL_PROFILE;
  process.env.SEALMAIL_PROFILE = '/nonexistent-sealmail-profile';
});
afterEach(() => {
  if (profile === undefined) delete process.env.SEALMAIL_PROFILE;
  else process.env.SEALMAIL_PROFILE = profile;
});

describe('startDesktop', () => {
  it('registers sealmail: as a standard, secure scheme and sandboxes every renderer', async () => {
    const { electron } = await start();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'sealmail', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(electron.app.enableSandbox).toHaveBeenCalled();
  });

  it('quits when another instance runs', async () => {
    const { electron } = await start({ lock: false });
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.windows).toHaveLength(0);
  });

  it('opens one hardened window on sealmail://app/ with the contract methods for its preload', async () => {
    const { window } = await start();
    expect(window?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, additionalArguments: [methodsArgument(METHODS)] });
    expect(window?.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
  });

  it('sets the permission, device, screen-capture and request guards on the session', async () => {
    const { electron } = await start();
    const s = electron.sessionObject;
    for (const setter of [s.setPermissionRequestHandler, s.setPermissionCheckHandler, s.setDevicePermissionHandler, s.setDisplayMediaRequestHandler, s.webRequest.onBeforeRequest, s.webRequest.onBeforeSendHeaders, s.webRequest.onHeadersReceived]) {
      expect(setter).toHaveBeenCalledTimes(1);
    }
    const check = s.setPermissionCheckHandler.mock.calls[0]?.[0] as Handler;
    expect(check(null, 'media', APP_ORIGIN, { requestingUrl: APP_ENTRY_URL })).toBe(false);
    const request = s.setPermissionRequestHandler.mock.calls[0]?.[0] as Handler;
    const answer = vi.fn();
    request(null, 'notifications', answer, { requestingUrl: APP_ENTRY_URL });
    expect(answer).toHaveBeenCalledWith(false);
    // The request guard sees what each request is for: an https image passes, an https script does not.
    const network = s.webRequest.onBeforeRequest.mock.calls[0]?.[0] as Handler;
    const verdict = vi.fn();
    network({ url: 'https://images.example/a.png', resourceType: 'image' }, verdict);
    network({ url: 'https://cdn.example/a.js', resourceType: 'script' }, verdict);
    expect(verdict.mock.calls).toEqual([[{ cancel: false }], [{ cancel: true }]]);
    const send = s.webRequest.onBeforeSendHeaders.mock.calls[0]?.[0] as Handler;
    const sent = vi.fn();
    send({ requestHeaders: { Accept: 'image/*', Cookie: 'id=42', Referer: 'sealmail://app/' } }, sent);
    expect(sent).toHaveBeenCalledWith({ requestHeaders: { Accept: 'image/*' } });
  });

  it('handles exactly one IPC channel per contract method, serving only our main frame', async () => {
    const { electron, calls, window } = await start();
    expect([...electron.handlers.keys()].sort()).toEqual(METHODS.map(channelOf).sort());
    const contents = window?.webContents as FakeContents;
    const handler = electron.handlers.get(channelOf('settings.get')) as Handler;
    const mainFrame = { url: APP_ENTRY_URL, origin: APP_ORIGIN, parent: null, processId: 7, routingId: 1 };
    await expect(handler({ sender: contents, senderFrame: mainFrame }, {})).resolves.toEqual({ ok: true, value: 'value' });
    const refused = { ok: false, error: { code: 'forbidden', message: expect.any(String) } };
    await expect(handler({ sender: contents, senderFrame: { ...mainFrame, url: 'about:srcdoc', origin: 'null', parent: mainFrame, routingId: 2 } }, {})).resolves.toEqual(refused);
    await expect(handler({ sender: new FakeContents(), senderFrame: mainFrame }, {})).resolves.toEqual(refused);
    await expect(handler({ sender: contents, senderFrame: null }, {})).resolves.toEqual(refused);
    expect(calls).toEqual(['settings.get']);
  });

  it('serves the UI with the CSP, and refuses other methods and paths outside it', async () => {
    const { electron } = await start();
    const serve = electron.protocolHandlers.get('sealmail') as (request: Request) => Promise<Response>;
    const page = await serve(new Request(`${APP_ORIGIN}/index.html`));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const missing = await serve(new Request(`${APP_ORIGIN}/%2e%2e%2fpackage.json`));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await serve(new Request(`${APP_ORIGIN}/index.html`, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('blocks navigation, redirects and <webview> in the window', async () => {
    const { window } = await start();
    const contents = window?.webContents as FakeContents;
    for (const [name, event] of [
      ['will-navigate', { url: 'https://evil.example/', isMainFrame: true, isSameDocument: false }],
      ['will-frame-navigate', { url: 'https://tracker.example/', isMainFrame: false, isSameDocument: false }],
      ['will-redirect', { url: 'https://evil.example/' }],
      ['will-attach-webview', {}],
    ] as const) {
      const preventDefault = vi.fn();
      contents.emit(name, { ...event, preventDefault });
      expect(preventDefault, name).toHaveBeenCalled();
    }
  });

  it('opens an http(s) link from a new-window request only after the user confirms', async () => {
    const yes = await start({ dialogResponse: 1 });
    const open = (yes.window?.webContents as FakeContents).windowOpenHandler as Handler;
    expect(open({ url: 'https://example.org/doc' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(yes.electron.shell.openExternal).toHaveBeenCalledWith('https://example.org/doc'));
    expect(yes.electron.dialog.showMessageBox).toHaveBeenCalledWith(yes.window, expect.objectContaining({ detail: 'https://example.org/doc', defaultId: 0, cancelId: 0 }));

    const no = await start({ dialogResponse: 0 });
    ((no.window?.webContents as FakeContents).windowOpenHandler as Handler)({ url: 'https://example.org/' });
    await vi.waitFor(() => expect(no.electron.dialog.showMessageBox).toHaveBeenCalled());
    expect(no.electron.shell.openExternal).not.toHaveBeenCalled();

    const file = await start({ dialogResponse: 1 });
    expect(((file.window?.webContents as FakeContents).windowOpenHandler as Handler)({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(file.electron.dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it('hands a mailto: link to the window once it has loaded, without attachments', async () => {
    const { electron, window } = await start({ argv: ['/opt/Sealmail/sealmail', 'mailto:bob@example.org?subject=Hi&attach=/etc/passwd'] });
    const contents = window?.webContents as FakeContents;
    expect(contents.sent).toEqual([]);
    contents.emit('did-finish-load');
    expect(contents.sent).toEqual([[EVENT_CHANNEL, { type: 'mailto', draft: expect.objectContaining({ to: ['bob@example.org'], subject: 'Hi', ignored: ['attach'] }) }]]);

    electron.app.emit('second-instance', {}, ['/opt/Sealmail/sealmail', 'mailto:carol@example.org'], '/');
    expect(contents.sent[1]).toEqual([EVENT_CHANNEL, { type: 'mailto', draft: expect.objectContaining({ to: ['carol@example.org'] }) }]);
    const preventDefault = vi.fn();
    electron.app.emit('open-url', { preventDefault }, 'mailto:dave@example.org');
    expect(preventDefault).toHaveBeenCalled();
    expect(contents.sent[2]).toEqual([EVENT_CHANNEL, { type: 'mailto', draft: expect.objectContaining({ to: ['dave@example.org'] }) }]);
  });

  it('pushes service events to the window and locks the profile on sleep, screen lock and quit', async () => {
    const { electron, events, lock, window } = await start();
    const contents = window?.webContents as FakeContents;
    events.emit('event', { type: 'sync-done', errors: [] });
    contents.emit('did-finish-load');
    events.emit('event', { type: 'new-mail', folderId: 3, count: 2 });
    expect(contents.sent).toEqual([[EVENT_CHANNEL, { type: 'new-mail', folderId: 3, count: 2 }]]);
    electron.powerMonitor.emit('suspend');
    electron.powerMonitor.emit('lock-screen');
    electron.app.emit('before-quit');
    expect(lock).toHaveBeenCalledTimes(3);
  });
});
