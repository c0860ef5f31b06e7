// A stand-in for app/services in the browser target's tests: the transport is under test here, not the services.
import type { EventEmitter } from 'node:events';
import { SealmailError } from '../../../crypto/errors.js';
import type { SealmailServices } from '../../../app/contract/services.js';
import type { AccountView, ServiceEvent } from '../../../app/contract/views.js';

export const ALICE: AccountView = {
  id: 1,
  address: 'alice@example.org',
  name: 'Alice',
  user: 'alice@example.org',
  imap: { host: 'mail.example.org', port: 993, security: 'tls' },
  smtp: { host: 'mail.example.org', port: 465, security: 'tls' },
  privateCa: false,
  pinnedSha256: null,
};

/** Records every call that reached a service, so a test can tell that a refused peer reached none. */
export function fakeServices(): { services: SealmailServices; calls: string[] } {
  const calls: string[] = [];
  const services = {
    accounts: {
      list: async () => {
        calls.push('accounts.list');
        return [ALICE];
      },
    },
    keys: {
      list: async (input: { filter?: string }) => {
        calls.push(`keys.list ${input.filter ?? ''}`);
        return [];
      },
      remove: async () => {
        calls.push('keys.remove');
        throw new SealmailError('no-key', 'no key 0123456789abcdef in the keyring');
      },
    },
  } as unknown as SealmailServices;
  return { services, calls };
}

/** The services' onEvent over a plain emitter the test fires. */
export function subscribe(emitter: EventEmitter<{ event: [ServiceEvent] }>): (listener: (event: ServiceEvent) => void) => () => void {
  return (listener) => {
    emitter.on('event', listener);
    return () => emitter.off('event', listener);
  };
}
