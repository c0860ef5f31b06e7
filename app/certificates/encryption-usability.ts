// Whether a certificate may carry mail encrypted to its owner (RFC 8550 section 4.4): key usage, extended key usage, validity.
import { OID_ANY_EXTENDED_KEY_USAGE, OID_EMAIL_PROTECTION } from '../../crypto/smime/certificate-usage.js';
import { type CertificateFacts, isExpired } from './certificate-facts.js';

/** Why mail cannot be encrypted to this certificate at `date`, or null when it can. */
export function encryptionProblem(facts: CertificateFacts, date: Date): string | null {
  if (isExpired(facts, date)) return date > new Date(facts.notAfter) ? 'expired' : 'not yet valid';
  if (facts.keyUsage && !facts.keyUsage.includes('keyEncipherment') && !facts.keyUsage.includes('keyAgreement')) {
    return 'its key usage allows neither keyEncipherment nor keyAgreement';
  }
  const eku = facts.extendedKeyUsage;
  if (eku && !eku.includes(OID_EMAIL_PROTECTION) && !eku.includes(OID_ANY_EXTENDED_KEY_USAGE)) {
    return 'its extended key usage does not include emailProtection';
  }
  return null;
}
