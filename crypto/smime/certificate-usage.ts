// What a certificate may be used for in S/MIME: key usage, extended key usage, CA flag (RFC 8550 section 4.4, RFC 5280 section 4.2.1).
import type { BitString } from 'asn1js';
import type { BasicConstraints, Certificate, ExtKeyUsage } from 'pkijs';

const OID_KEY_USAGE = '2.5.29.15';
const OID_EXT_KEY_USAGE = '2.5.29.37';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
export const OID_ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

/** KeyUsage bit positions (RFC 5280 section 4.2.1.3); bit 0 is the most significant bit of the first octet. */
export type KeyUsageBit = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign';
const BITS: Record<KeyUsageBit, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
};

/** The key usage bits set, or null when the certificate has no KeyUsage extension (then it is unrestricted). */
export function keyUsage(cert: Certificate): Set<KeyUsageBit> | null {
  const ext = cert.extensions?.find((e) => e.extnID === OID_KEY_USAGE);
  if (!ext) return null;
  const bits = (ext.parsedValue as BitString | undefined)?.valueBlock.valueHexView ?? new Uint8Array();
  const set = new Set<KeyUsageBit>();
  for (const [name, bit] of Object.entries(BITS) as [KeyUsageBit, number][]) {
    if ((((bits[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) === 1) set.add(name);
  }
  return set;
}

/** The extended key usage purposes, or null when the extension is absent. */
export function extendedKeyUsage(cert: Certificate): string[] | null {
  const ext = cert.extensions?.find((e) => e.extnID === OID_EXT_KEY_USAGE);
  if (!ext) return null;
  return (ext.parsedValue as ExtKeyUsage | undefined)?.keyPurposes ?? [];
}

export function isCa(cert: Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === OID_BASIC_CONSTRAINTS);
  return (ext?.parsedValue as BasicConstraints | undefined)?.cA === true;
}

/**
 * Why the certificate may not sign mail, or null when it may. RFC 8550 section 4.4.2: a KeyUsage extension,
 * when present, must allow digitalSignature; section 4.4.4: an ExtKeyUsage extension, when present, must name
 * emailProtection or anyExtendedKeyUsage.
 */
export function signingUsageProblem(cert: Certificate): string | null {
  const usage = keyUsage(cert);
  if (usage !== null && !usage.has('digitalSignature')) return 'its key usage does not allow digital signatures';
  const purposes = extendedKeyUsage(cert);
  if (purposes !== null && !purposes.includes(OID_EMAIL_PROTECTION) && !purposes.includes(OID_ANY_EXTENDED_KEY_USAGE)) {
    return 'its extended key usage does not include e-mail protection';
  }
  return null;
}

/** Why the certificate may not issue others, or null: it needs basicConstraints cA and, with KeyUsage, keyCertSign (RFC 5280 section 6.1.4). */
export function issuerUsageProblem(cert: Certificate): string | null {
  if (!isCa(cert)) return 'it is not a CA certificate (basicConstraints cA is missing)';
  const usage = keyUsage(cert);
  if (usage !== null && !usage.has('keyCertSign')) return 'its key usage does not allow signing certificates';
  return null;
}
