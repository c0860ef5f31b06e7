// The desktop app's lifecycle: one instance, the hardened window, the contract over IPC, the vault key, mailto: links.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import { METHODS } from '../contract/schemas.js';
import type { SealmailServices } from '../contract/services.js';
import type { ServiceEvent } from '../contract/views.js';
import { isMailto, mailtoFromArgv, parseMailto } from '../mailto.js';
import { profileDir } from '../profile.js';
import type { VaultKeySource } from '../vault/key-source.js';
import { APP_ENTRY_URL, APP_SCHEME } from './app-protocol.js';
import { guardContents, guardSession, serveApp } from './guards.js';
import { channelOf, EVENT_CHANNEL, handleContractCall } from './ipc-contract.js';
import { applicationMenu } from './menu.js';
import { desktopVaultKey } from './vault-key.js';
import { mainWindowOptions } from './window-options.js';

/** What the window receives on EVENT_CHANNEL: the services' events, and drafts from mailto: links (both in the contract). */
export type ShellEvent = ServiceEvent;

export interface DesktopBackend {
  services: SealmailServices;
  /** The services' pushed events (new mail, sync progress, locking); returns the unsubscribe function. */
  subscribe?: (listener: (event: ServiceEvent) => void) => () => void;
  /** Closes the store and forgets the passphrase: run on quit, sleep and screen lock. */
  lock?: () => void;
}

/** Opens the services of `profile`; `vaultKey` is set when the OS keychain holds the vault key, else the UI asks for the passphrase. */
export type OpenServices = (options: { profile: string; vaultKey: VaultKeySource | undefined }) => Promise<DesktopBackend>;

export interface DesktopOptions {
  openServices: OpenServices;
  /**
   * Whether to keep the vault key in the OS keychain (safeStorage). Only for services that open the
   * vault with `vaultKey`; otherwise the vault stays passphrase-locked and no key file is made.
   */
  vaultKeyFromKeychain: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
/** dist/app/electron/ -> dist/renderer/ (the Vite build) and the preload built beside this file. */
const RENDERER_ROOT = join(here, '..', '..', 'renderer');
const PRELOAD = join(here, 'preload.cjs');

export function startDesktop(options: DesktopOptions): void {
  const { openServices, vaultKeyFromKeychain } = options;
  // Must precede 'ready': a standard, secure scheme gets a real origin and a secure context.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  // Every renderer sandboxed, whatever options a window is created with.
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let window: BrowserWindow | null = null;
  let loaded = false;
  const pending: ShellEvent[] = [];
  // A mailto: draft waits for the window; service events do not (a page that loads asks for the state anyway).
  const send = (event: ShellEvent): void => {
    if (window && loaded && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
    else if (event.type === 'mailto' && pending.length < 20) pending.push(event);
  };
  const openMailto = (url: string): void => {
    const draft = parseMailto(url);
    if (draft) send({ type: 'mailto', draft });
  };

  // macOS hands links over through open-url, possibly before 'ready'; Windows and Linux start a second instance.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (isMailto(url)) openMailto(url);
  });
  app.on('second-instance', (_event, argv) => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    const url = mailtoFromArgv(argv.slice(1));
    if (url) openMailto(url);
  });
  const startUrl = mailtoFromArgv(process.argv.slice(1));
  if (startUrl) openMailto(startUrl);

  const confirmExternal = (url: string): void => {
    const options = {
      type: 'question' as const,
      buttons: ['Cancel', 'Open in browser'],
      defaultId: 0,
      cancelId: 0,
      message: 'Open this link in your web browser?',
      detail: url,
    };
    const asked = window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
    void asked.then(({ response }) => (response === 1 ? shell.openExternal(url) : undefined)).catch(() => undefined);
  };
  app.on('web-contents-created', (_event, contents) => guardContents(contents, confirmExternal));

  const createWindow = (): BrowserWindow => {
    const created = new BrowserWindow(mainWindowOptions({ preload: PRELOAD, methods: METHODS, devTools: !app.isPackaged }));
    loaded = false;
    created.once('ready-to-show', () => created.show());
    created.webContents.on('did-finish-load', () => {
      loaded = true;
      for (const event of pending.splice(0)) created.webContents.send(EVENT_CHANNEL, event);
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    void created.loadURL(APP_ENTRY_URL);
    return created;
  };

  void app.whenReady().then(async () => {
    const ses = session.defaultSession;
    serveApp(ses, RENDERER_ROOT);
    guardSession(ses);
    Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenu({ platform: process.platform, development: !app.isPackaged })));
    // Only a packaged app claims mailto:; a development run would register the bare Electron binary.
    if (app.isPackaged) app.setAsDefaultProtocolClient('mailto');

    let backend: DesktopBackend;
    try {
      const profile = profileDir();
      const key = vaultKeyFromKeychain ? await desktopVaultKey({ profile, keychain: safeStorage, platform: process.platform }) : null;
      if (key?.kind === 'passphrase' && key.warning) {
        await dialog.showMessageBox({ type: 'warning', buttons: ['OK'], message: 'Your passphrase protects the vault', detail: key.warning });
      }
      backend = await openServices({ profile, vaultKey: key?.kind === 'keychain' ? key.source : undefined });
    } catch (e) {
      dialog.showErrorBox('Sealmail cannot open your profile', e instanceof Error ? e.message : String(e));
      app.quit();
      return;
    }

    for (const method of METHODS) {
      ipcMain.handle(channelOf(method), (event, input: unknown) => {
        const frame = event.senderFrame;
        const ours = window !== null && event.sender === window.webContents;
        const main = event.sender.mainFrame;
        const isMainFrame = frame !== null && frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId;
        const sender = frame && ours ? { url: frame.url, origin: frame.origin, isMainFrame } : null;
        return handleContractCall(backend.services, method, sender, input);
      });
    }
    backend.subscribe?.((event) => send(event));
    const lock = (): void => backend.lock?.();
    app.on('before-quit', lock);
    powerMonitor.on('suspend', lock);
    powerMonitor.on('lock-screen', lock);

    window = createWindow();
    app.on('activate', () => {
      if (window === null) window = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
