// Bridges crypto/policy.ts to openpgp.js Key methods, which take a full Config rather than a partial one.
import { pgpFullConfig } from '../policy.js';

/** openpgp.js defaults overlaid with Sealmail's hardened policy, fresh per call. */
export const fullConfig = pgpFullConfig;

/** An error's message as one line, for SealmailError messages built from library errors. */
export function oneLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
