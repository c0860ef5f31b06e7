// Builds the services the UI uses, once, over one profile: what Electron IPC, the browser target and the tests all call through dispatch().
import type { SealmailServices } from '../contract/services.js';
import type { ServiceEvent } from '../contract/views.js';
import { accountService, type AccountServiceOptions } from './account-service.js';
import { certService } from './cert-service.js';
import { composeService } from './compose-service.js';
import { discoveryConnection, type DiscoveryOptions } from './key-discovery.js';
import { keyService } from './key-service.js';
import { mailService } from './mail-service.js';
import type { VaultKeySource } from '../vault/key-source.js';
import { ServiceRuntime } from './runtime.js';
import { sessionService } from './session-service.js';
import { readSettings, settingsService } from './settings-service.js';

export interface ServicesOptions {
  /** The profile folder (the CLI's --profile): keyring, vault and store. */
  profile: string;
  /**
   * The desktop app's vault key, kept wrapped by the system keychain (app/electron/vault-key.ts). The
   * profile passphrase then unlocks only the secret keys; without it the passphrase opens the vault too.
   */
  vaultKey?: VaultKeySource;
  accounts?: AccountServiceOptions;
  /** Where key look-ups and refreshes go (a private CA, other addresses, another keyserver, a timeout); default the public internet. */
  discovery?: DiscoveryOptions;
}

export interface RunningServices {
  services: SealmailServices;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: ServiceEvent) => void): () => void;
  /** Locks the profile: closes the store and forgets the passphrase (on quit, sleep or the lock command). */
  lock(): void;
}

export function createServices(options: ServicesOptions): RunningServices {
  const runtime = new ServiceRuntime(options.profile, options.vaultKey);
  if (options.discovery) runtime.discovery = discoveryConnection(options.discovery);
  const session = sessionService(runtime);
  const services: SealmailServices = {
    session: {
      ...session,
      async unlock(input) {
        const state = await session.unlock(input);
        runtime.cacheMinutes = readSettings(runtime).passphraseCacheMinutes;
        return state;
      },
    },
    accounts: accountService(runtime, options.accounts),
    mail: mailService(runtime),
    compose: composeService(runtime),
    keys: keyService(runtime),
    certs: certService(runtime),
    settings: settingsService(runtime),
  };
  return {
    services,
    onEvent(listener) {
      runtime.events.on('event', listener);
      return () => runtime.events.off('event', listener);
    },
    lock: () => runtime.lock(),
  };
}
