// Parses the "Name <addr>" user IDs a user types when creating a key (RFC 9580 section 5.11 convention).
import { SealmailError } from '../errors.js';

export interface ParsedUserId {
  name: string;
  /** The address, lower-cased: mail routing ignores case in practice and lookups must match. */
  email: string;
}

// Deliberately narrower than RFC 5322: a key's address is matched against From headers, so
// quoted local parts, comments and IP-literal domains would only create look-alike ambiguity.
const ADDRESS = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*$/u;

/** True when `address` is a plain `local@domain` address Sealmail can match against mail headers. */
export function isMailAddress(address: string): boolean {
  return ADDRESS.test(address) && !address.startsWith('.') && !address.includes('..');
}

/** Reads `Name <addr>` or a bare `addr`; throws `bad-option` when there is no usable address. */
export function parseUserId(uid: string): ParsedUserId {
  const trimmed = uid.trim();
  const bracketed = /^(.*?)\s*<([^<>]*)>$/u.exec(trimmed);
  const name = bracketed ? (bracketed[1] ?? '').trim().replace(/^"(.*)"$/u, '$1') : '';
  const email = (bracketed ? (bracketed[2] ?? '') : trimmed).trim();
  if (!isMailAddress(email) || /[<>\p{Cc}]/u.test(name)) {
    throw new SealmailError('bad-option', `user ID "${uid}" has no valid e-mail address; use the form "Name <name@example.org>"`);
  }
  return { name, email: email.toLowerCase() };
}
