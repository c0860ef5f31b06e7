// What Sealmail shows and checks about an X.509 certificate (RFC 5280), read with Node's X509Certificate.
import { X509Certificate } from 'node:crypto';
import { SealmailError } from '../../crypto/errors.js';
import { type KeyUsageBit, keyUsage, readCertificate } from '../../crypto/smime/index.js';

export interface CertificateFacts {
  /** SHA-256 over the DER certificate, lower-case hex without separators. */
  fingerprint: string;
  /** Distinguished names as "CN=Alice, emailAddress=alice@example.org". */
  subject: string;
  issuer: string;
  /** Lower-cased: the SAN rfc822Names, or only when there are none the subject's emailAddress (RFC 8550 section 3). */
  emails: string[];
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  ca: boolean;
  /** KeyUsage bits, or null when the extension is absent (then the key is unrestricted). */
  keyUsage: KeyUsageBit[] | null;
  /** ExtKeyUsage purpose OIDs, or null when the extension is absent. */
  extendedKeyUsage: string[] | null;
}

export function certificateFacts(der: Uint8Array): CertificateFacts {
  const x509 = parseX509(der);
  const sanEmails = altNames(x509.subjectAltName ?? '')
    .filter(([type]) => type === 'email')
    .map(([, value]) => value.trim().toLowerCase());
  const subjectEmails = nameParts(x509.subject)
    .filter(([type]) => type === 'emailAddress')
    .map(([, value]) => value.trim().toLowerCase());
  const usage = keyUsage(readCertificate(der));
  return {
    fingerprint: x509.fingerprint256.replace(/:/g, '').toLowerCase(),
    subject: oneLineName(x509.subject),
    issuer: oneLineName(x509.issuer),
    emails: [...new Set(sanEmails.length > 0 ? sanEmails : subjectEmails)],
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: new Date(x509.validTo).toISOString(),
    ca: x509.ca,
    keyUsage: usage ? [...usage] : null,
    // Node names the ExtKeyUsage purposes `keyUsage`; it is undefined when the extension is absent.
    extendedKeyUsage: (x509.keyUsage as string[] | undefined) ?? null,
  };
}

/** Node's X509Certificate for DER bytes, or a one-line 'bad-key' error. */
export function parseX509(der: Uint8Array): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch {
    throw new SealmailError('bad-key', 'the data is not an X.509 certificate');
  }
}

export function certificatePem(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
}

export function isExpired(facts: CertificateFacts, date: Date): boolean {
  return date < new Date(facts.notBefore) || date > new Date(facts.notAfter);
}

function oneLineName(name: string): string {
  return nameParts(name)
    .map(([type, value]) => `${type}=${value}`)
    .join(', ');
}

/** Node prints a name one "type=value" per line; values with special characters come JSON-quoted. */
function nameParts(name: string): [string, string][] {
  return name
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), unquote(line.slice(at + 1))];
    });
}

/** Node prints subjectAltName as "email:a@b, DNS:x"; a value holding ", " or quotes comes JSON-quoted. */
function altNames(text: string): [string, string][] {
  const found: [string, string][] = [];
  for (const m of text.matchAll(/(?:^|, )([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)/g)) {
    found.push([m[1] as string, unquote(m[2] as string)]);
  }
  return found;
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value;
  }
}
