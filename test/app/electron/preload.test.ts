// The preload exposes exactly the contract's methods, plus onEvent, and nothing of Electron.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../../app/contract/schemas.js';
import { channelOf, EVENT_CHANNEL } from '../../../app/electron/ipc-contract.js';
import { methodsArgument } from '../../../app/electron/window-options.js';

const source = readFileSync(fileURLToPath(new URL('../../../app/electron/preload.cts', import.meta.url)), 'utf8');
const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;

type Listener = (event: unknown, payload: unknown) => void;

/** Runs the preload as Electron's sandbox does: a require that knows only 'electron', the renderer's argv. */
function loadPreload(argv: string[]) {
  const exposed: Record<string, unknown> = {};
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const required: string[] = [];
  let answer: (channel: string) => Promise<unknown> = async () => ({ ok: true, value: 'answer' });
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        exposed[key] = api;
      },
    },
    ipcRenderer: {
      invoke(channel: string, ...args: unknown[]) {
        invoked.push({ channel, args });
        return answer(channel);
      },
      on(channel: string, listener: Listener) {
        listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
      },
      removeListener(channel: string, listener: Listener) {
        listeners.get(channel)?.delete(listener);
      },
    },
  };
  const require = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`module not found: ${name}`);
    return electron;
  };
  const module = { exports: {} };
  runInNewContext(compiled, { require, process: { argv }, exports: module.exports, module });
  return {
    api: exposed.sealmail as Record<string, Record<string, (input?: unknown) => Promise<unknown>>> & { onEvent(l: (e: unknown) => void): () => void },
    exposedKeys: Object.keys(exposed),
    invoked,
    listeners,
    required,
    setAnswer: (fn: typeof answer) => (answer = fn),
    electron,
  };
}

const rendererArgv = () => ['/opt/Sealmail/sealmail', '--type=renderer', methodsArgument(METHODS)];

describe('preload', () => {
  it('exposes one function per contract method, grouped by service, plus onEvent, and nothing else', () => {
    const { api, exposedKeys, required } = loadPreload(rendererArgv());
    expect(exposedKeys).toEqual(['sealmail']);
    expect(required).toEqual(['electron']);
    const exposedMethods = Object.entries(api)
      .filter(([key]) => key !== 'onEvent')
      .flatMap(([service, group]) => Object.entries(group).map(([name, fn]) => (typeof fn === 'function' ? `${service}.${name}` : `${service}.${name}:not-a-function`)));
    expect(exposedMethods.sort()).toEqual([...METHODS].sort());
    expect(typeof api.onEvent).toBe('function');
    expect(Object.keys(api).sort()).toEqual([...new Set(METHODS.map((m) => m.split('.')[0] as string)), 'onEvent'].sort());
  });

  it('has no ipcRenderer, no generic invoke or send: every leaf is a wrapper bound to one channel', () => {
    const { api, electron } = loadPreload(rendererArgv());
    const electronValues = new Set<unknown>([electron, electron.ipcRenderer, electron.contextBridge, ...Object.values(electron.ipcRenderer)]);
    for (const [key, value] of Object.entries(api)) {
      expect(electronValues.has(value)).toBe(false);
      if (key === 'onEvent') continue;
      for (const fn of Object.values(value)) {
        expect(typeof fn).toBe('function');
        expect(electronValues.has(fn)).toBe(false);
        // A wrapper takes the input only: no channel argument to steer.
        expect(fn.length).toBeLessThanOrEqual(1);
      }
    }
  });

  it('sends each call on its own channel with only the input', async () => {
    const { api, invoked } = loadPreload(rendererArgv());
    await expect(api.accounts?.list?.({})).resolves.toEqual({ ok: true, value: 'answer' });
    await api.keys?.export?.({ fingerprint: 'ab'.repeat(20) });
    expect(invoked).toEqual([
      { channel: channelOf('accounts.list'), args: [{}] },
      { channel: channelOf('keys.export'), args: [{ fingerprint: 'ab'.repeat(20) }] },
    ]);
  });

  it('turns a failed invoke into a failure Result instead of a rejection', async () => {
    const loaded = loadPreload(rendererArgv());
    loaded.setAnswer(() => Promise.reject(new Error('Error invoking remote method: /home/alice/secret')));
    const result = (await loaded.api.session?.state?.({})) as { ok: boolean; error: { code: string; message: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('internal');
    expect(result.error.message).not.toContain('/home');
  });

  it('delivers only the event payload, never the IPC event (whose sender is ipcRenderer), and unsubscribes', () => {
    const { api, listeners } = loadPreload(rendererArgv());
    const seen: unknown[][] = [];
    const unsubscribe = api.onEvent((...args: unknown[]) => seen.push(args));
    const [forward] = [...(listeners.get(EVENT_CHANNEL) ?? [])];
    forward?.({ sender: { invoke: () => 'leak' } }, { type: 'locked' });
    expect(seen).toEqual([[{ type: 'locked' }]]);
    unsubscribe();
    expect(listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it('exposes no method at all without the argument, and ignores names that are not service.method', () => {
    expect(Object.keys(loadPreload(['/opt/Sealmail/sealmail']).api)).toEqual(['onEvent']);
    const { api } = loadPreload(['x', '--sealmail-methods=accounts.list,__proto__.x,a.b.c,constructor,../x,']);
    expect(Object.keys(api).sort()).toEqual(['accounts', 'onEvent']);
    expect(Object.keys(api.accounts ?? {})).toEqual(['list']);
  });
});

describe('methodsArgument', () => {
  it('carries every contract method and refuses a malformed name', () => {
    expect(methodsArgument(METHODS).split('=')[1]?.split(',')).toEqual([...METHODS]);
    expect(() => methodsArgument(['accounts.list', 'x,y.z'])).toThrow();
  });
});
