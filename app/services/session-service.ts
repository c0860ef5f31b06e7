// Unlocking and locking the profile: the one passphrase opens the vault (and with it the store) and the secret keys.
import type { SessionService } from '../contract/services.js';
import type { ServiceRuntime } from './runtime.js';

export function sessionService(runtime: ServiceRuntime): SessionService {
  const state = async () => ({ exists: await runtime.exists(), unlocked: runtime.isUnlocked() });
  return {
    state,
    async unlock({ passphrase }) {
      await runtime.unlock(passphrase);
      return state();
    },
    async lock() {
      runtime.lock();
      return state();
    },
  };
}
