// The preload of the main window: exposes exactly the service contract as window.sealmail, nothing of Electron.
//
// A sandboxed preload is CommonJS and may require only 'electron': it cannot import the contract, so
// the method list arrives from the main process (which imports METHODS from app/contract) as a
// renderer argument (the preload test checks the two agree).

import type { ContextBridge, IpcRenderer } from 'electron';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the sandbox gives a preload require('electron'), not ES imports
const { contextBridge, ipcRenderer } = require('electron') as { contextBridge: ContextBridge; ipcRenderer: IpcRenderer };

const METHODS_ARGUMENT = '--sealmail-methods=';
const CHANNEL_PREFIX = 'sealmail:';
const EVENT_CHANNEL = 'sealmail:event';
const METHOD_NAME = /^[a-z]+\.[A-Za-z]+$/;

type Invoke = (input?: unknown) => Promise<unknown>;

function contractMethods(argv: readonly string[]): string[] {
  const argument = argv.find((arg) => arg.startsWith(METHODS_ARGUMENT));
  if (argument === undefined) return [];
  return argument.slice(METHODS_ARGUMENT.length).split(',').filter((method) => METHOD_NAME.test(method));
}

function sealmailApi(methods: readonly string[]): Record<string, unknown> {
  const api: Record<string, Record<string, Invoke>> = {};
  for (const method of methods) {
    const [service, name] = method.split('.') as [string, string];
    const group = Object.hasOwn(api, service) ? (api[service] as Record<string, Invoke>) : (api[service] = {});
    const channel = CHANNEL_PREFIX + method;
    // Only the input crosses; a failed invoke (the main process gone) still resolves to a Result.
    group[name] = (input?: unknown) =>
      ipcRenderer.invoke(channel, input).catch(() => ({ ok: false, error: { code: 'internal', message: 'Sealmail did not answer; restart it' } }));
  }
  const onEvent = (listener: (event: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    // The IpcRendererEvent (whose `sender` is ipcRenderer itself) never reaches the page: only the payload.
    const forward = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  };
  return { ...api, onEvent };
}

contextBridge.exposeInMainWorld('sealmail', sealmailApi(contractMethods(process.argv)));
