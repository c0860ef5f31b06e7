// Each IPC call is answered only for our own window's main frame, through the same dispatch() as every transport.
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../../app/contract/schemas.js';
import type { SealmailServices } from '../../../app/contract/services.js';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../app/electron/app-protocol.js';
import { channelOf, EVENT_CHANNEL, handleContractCall } from '../../../app/electron/ipc-contract.js';

/** Services that record every call and answer with its name. */
function recordingServices() {
  const calls: string[] = [];
  const services = new Proxy({} as SealmailServices, {
    get: (_target, service) =>
      new Proxy({}, {
        get: (_t, method) => async (input: unknown) => {
          calls.push(`${String(service)}.${String(method)}`);
          return { answered: `${String(service)}.${String(method)}`, input };
        },
      }),
  });
  return { services, calls };
}

const mainFrame = { url: APP_ENTRY_URL, origin: APP_ORIGIN, isMainFrame: true };

describe('handleContractCall', () => {
  it('serves a call from our main frame', async () => {
    const { services, calls } = recordingServices();
    expect(await handleContractCall(services, 'keys.list', mainFrame, { filter: 'bob' })).toEqual({ ok: true, value: { answered: 'keys.list', input: { filter: 'bob' } } });
    expect(calls).toEqual(['keys.list']);
  });

  it.each([
    ['the mail iframe', { url: 'about:srcdoc', origin: 'null', isMainFrame: false }],
    ['a remote page', { url: 'https://evil.example/', origin: 'https://evil.example', isMainFrame: true }],
    ['no frame', null],
  ])('refuses %s without calling any service', async (_what, frame) => {
    const { services, calls } = recordingServices();
    const result = await handleContractCall(services, 'keys.export', frame, { fingerprint: 'ab'.repeat(20), secret: true });
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(calls).toEqual([]);
  });

  it('validates the arguments before any service sees them', async () => {
    const { services, calls } = recordingServices();
    const result = await handleContractCall(services, 'keys.export', mainFrame, { fingerprint: 'ab'.repeat(20), path: '/etc/passwd' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('bad-request');
    expect(calls).toEqual([]);
  });
});

describe('channels', () => {
  it('one distinct channel per contract method, none equal to the event channel', () => {
    const channels = METHODS.map(channelOf);
    expect(new Set(channels).size).toBe(METHODS.length);
    expect(channels).not.toContain(EVENT_CHANNEL);
    expect(channelOf('accounts.list')).toBe('sealmail:accounts.list');
  });
});
