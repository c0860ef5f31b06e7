// The desktop app's entry point (package.json "main"): the real services, started inside the Electron shell.
import { createServices } from '../services/index.js';
import { startDesktop } from './desktop.js';

startDesktop({
  openServices: async ({ profile, vaultKey }) => {
    // With a keychain-held vault key the passphrase still unlocks the secret keys (checked against them).
    const running = createServices({ profile, ...(vaultKey === undefined ? {} : { vaultKey }) });
    return { services: running.services, subscribe: (listener) => running.onEvent(listener), lock: () => running.lock() };
  },
  vaultKeyFromKeychain: true,
});
