// The heading shown above a failed call: what happened and what to do, per service error code, in the current language.
import { en, type MessageKey } from './en.js';

/**
 * What an error line shows: a failed call (its code picks a heading in the user's language; the service's
 * one-line message stays as the detail, untranslated), or a sentence the UI wrote itself, already translated.
 */
export type Problem = { code: string; detail: string } | { text: string };

/**
 * The codes a Result can carry (SealmailErrorCode, plus the contract's own) and 'services', which the UI
 * itself uses when the connection to the services breaks. An unknown code gets a neutral heading.
 */
export function errorHeadingKey(code: string): MessageKey {
  const key = `error.${code}`;
  return Object.hasOwn(en, key) ? (key as MessageKey) : 'error.unknown';
}
