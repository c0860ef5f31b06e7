// Which certificates a user means by an ID: a SHA-256 fingerprint or a prefix of 8+ hex digits, an address, or part of the subject.
import { SealmailError } from '../../crypto/errors.js';
import type { CertificateFacts } from './certificate-facts.js';

export interface Matchable {
  fingerprint: string;
  facts: CertificateFacts;
}

/** Hex IDs (colons and spaces allowed, as `openssl x509 -fingerprint` prints them) match fingerprint prefixes. */
export function matchCertificates<T extends Matchable>(items: T[], id: string): T[] {
  const wanted = id.trim();
  const hex = wanted.replace(/[:\s]/g, '').toLowerCase();
  if (/^[0-9a-f]{8,64}$/.test(hex)) return items.filter((c) => c.fingerprint.startsWith(hex));
  if (wanted.includes('@')) {
    const address = wanted.replace(/^<(.*)>$/, '$1').toLowerCase();
    return items.filter((c) => c.facts.emails.includes(address));
  }
  const text = wanted.toLowerCase();
  return text === '' ? [] : items.filter((c) => c.facts.subject.toLowerCase().includes(text));
}

/** The one certificate `id` names; none or several is a one-line error naming what to give instead. */
export function onlyMatch<T extends Matchable>(matches: T[], id: string, where: string): T {
  const [only, ...others] = matches;
  if (!only) throw new SealmailError('no-key', `no certificate ${where} matches "${id}"`);
  if (others.length > 0) {
    const list = matches.slice(0, 5).map((m) => m.fingerprint.slice(0, 16)).join(', ');
    throw new SealmailError('bad-option', `"${id}" matches ${matches.length} certificates ${where} (${list}${matches.length > 5 ? ', ...' : ''}); give more of the fingerprint`);
  }
  return only;
}
