// The desktop app's entry point (package.json "main"): the real services, started inside the Electron shell.
import { createServices } from '../services/index.js';
import { startDesktop } from './desktop.js';

startDesktop({
  openServices: async ({ profile }) => {
    const running = createServices({ profile });
    return { services: running.services, subscribe: (listener) => running.onEvent(listener), lock: () => running.lock() };
  },
  // createServices() opens the vault with the profile passphrase only: it takes no vault key yet, so
  // the keychain path stays off until it does (then pass `vaultKey` through and set this to true).
  vaultKeyFromKeychain: false,
});
