// Splits a user's mail address into the parts autoconfig needs, refusing any domain that could steer a lookup elsewhere.
import { domainToASCII } from 'node:url';
import { SealmailError } from '../../crypto/errors.js';

export interface MailAddressParts {
  address: string;
  localPart: string;
  /** ASCII (A-label) form, lower case: what goes into URLs and DNS names. */
  domain: string;
}

// RFC 5322 atext plus dots. Quoted local parts and UTF-8 local parts (RFC 6531) are refused:
// no provider's autoconfig needs them and they would only widen what reaches a URL.
const LOCAL_PART = /^[A-Za-z0-9!#$&'*+/=?^_`{|}~.-]{1,64}$/;
const URL_DELIMITERS = /[\s\p{Cc}/\\?#:@[\]%<>"^|]/u;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The domain is put into `https://autoconfig.<domain>/...` and into SRV names, so it must be a
 * plain DNS name: no port, path, user info, IP literal or dotted-number IP (which the URL parser
 * would turn into an address), and at least two labels so "localhost" cannot be probed.
 */
export function parseMailAddress(email: string): MailAddressParts {
  const at = email.lastIndexOf('@');
  const localPart = email.slice(0, at);
  const rawDomain = email.slice(at + 1);
  if (at <= 0 || email.length > 254 || !LOCAL_PART.test(localPart)) {
    throw new SealmailError('bad-option', `discover: "${printable(email)}" is not a mail address`);
  }
  // domainToASCII parses a URL host: it silently drops a "/path" suffix, and maps dotted numbers to
  // an IP, so URL delimiters are refused first and the result is checked as a DNS name after.
  const domain = URL_DELIMITERS.test(rawDomain) ? '' : domainToASCII(rawDomain).toLowerCase();
  if (!isDnsName(domain) || domain.split('.').length < 2) {
    throw new SealmailError('bad-option', `discover: the domain of "${printable(email)}" is not a DNS name`);
  }
  return { address: `${localPart}@${domain}`, localPart, domain };
}

/** True for an LDH host name whose last label is not all digits (so never an IPv4 address). */
export function isDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  const last = labels[labels.length - 1] ?? '';
  return labels.every((label) => LABEL.test(label)) && !/^[0-9]+$/.test(last);
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
}
