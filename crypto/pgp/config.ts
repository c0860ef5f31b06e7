// Bridges crypto/policy.ts to openpgp.js Key methods, which take a full Config rather than a partial one.
import { config, type Config } from 'openpgp';
import { pgpConfig } from '../policy.js';

/** openpgp.js defaults overlaid with Sealmail's hardened policy, fresh per call. */
export function fullConfig(): Config {
  return { ...config, ...pgpConfig() } as Config;
}

/** An error's message as one line, for SealmailError messages built from library errors. */
export function oneLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
