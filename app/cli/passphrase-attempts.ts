// Trying passphrases: each wrong one is counted and said so; a person at a terminal gets another try, a file one try.
import { countedWrongPassphrase, isWrongPassphrase } from '../wrong-passphrase.js';

/** Tries a person gets at a terminal before the command gives up. */
export const TERMINAL_ATTEMPTS = 3;

/**
 * Runs `use` with answers from `ask` until one is not refused as 'wrong-passphrase', at most
 * `attempts` times. Every refusal names its count ("... (2nd failed attempt)"): on `warn` while
 * tries remain, then as the error thrown after the last, with `giveUp` appended (e.g. what was left unchanged).
 */
export async function withPassphraseAttempts<T>(options: {
  ask: () => Promise<string>;
  use: (passphrase: string) => Promise<T>;
  attempts: number;
  warn: (line: string) => void;
  giveUp?: string;
}): Promise<T> {
  const { ask, use, attempts, warn, giveUp } = options;
  for (let failures = 1; ; failures++) {
    try {
      return await use(await ask());
    } catch (e) {
      if (!isWrongPassphrase(e)) throw e;
      if (failures >= attempts) throw countedWrongPassphrase(e, failures, giveUp);
      warn(countedWrongPassphrase(e, failures, 'try again').message);
    }
  }
}
