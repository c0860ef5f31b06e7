// Wrong passphrases, counted: the error a user sees says which failed attempt it was (issue 6, section 5).
import { SealmailError } from '../crypto/errors.js';

export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** `e` (a 'wrong-passphrase' error) with its count, e.g. "wrong backup passphrase (2nd failed attempt)", and `then` after it. */
export function countedWrongPassphrase(e: SealmailError, failures: number, then?: string): SealmailError {
  const counted = `${e.message} (${ordinal(failures)} failed attempt)`;
  return new SealmailError('wrong-passphrase', then ? `${counted}; ${then}` : counted);
}

export function isWrongPassphrase(e: unknown): e is SealmailError {
  return e instanceof SealmailError && e.code === 'wrong-passphrase';
}
