// Unlocking and locking the profile: the one passphrase opens the vault (and with it the store) and the secret keys.
import type { SessionService } from '../contract/services.js';
import { countedWrongPassphrase, isWrongPassphrase } from '../wrong-passphrase.js';
import type { ServiceRuntime } from './runtime.js';

export function sessionService(runtime: ServiceRuntime): SessionService {
  const state = async () => ({ exists: await runtime.exists(), unlocked: runtime.isUnlocked() });
  let failures = 0; // wrong passphrases since the last successful unlock
  return {
    state,
    async unlock({ passphrase }) {
      try {
        await runtime.unlock(passphrase);
      } catch (e) {
        if (isWrongPassphrase(e)) throw countedWrongPassphrase(e, ++failures);
        throw e;
      }
      failures = 0;
      return state();
    },
    async lock() {
      runtime.lock();
      return state();
    },
  };
}
