// The algorithms Sealmail accepts in S/MIME signatures (RFC 8551 section 2.1/2.2, RFC 5754, RFC 5758): secure defaults in one place.
import type { Certificate } from 'pkijs';

export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const OID_SHA384 = '2.16.840.1.101.3.4.2.2';
const OID_SHA512 = '2.16.840.1.101.3.4.2.3';
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_P256 = '1.2.840.10045.3.1.7';
const OID_P384 = '1.3.132.0.34';
const OID_P521 = '1.3.132.0.35';

/** Message digests: SHA-2 only. MD5 and SHA-1 signatures are forgeable or close to it (RFC 8551 section 2.1 "MUST NOT" for MD5). */
const DIGESTS = new Set([OID_SHA256, OID_SHA384, OID_SHA512]);

/** Signature algorithms: RSA PKCS#1 v1.5 (with the rsaEncryption OID many senders use) over SHA-2, and ECDSA over SHA-2. */
const SIGNATURE_ALGORITHMS = new Set([
  OID_RSA_ENCRYPTION,
  '1.2.840.113549.1.1.11',
  '1.2.840.113549.1.1.12',
  '1.2.840.113549.1.1.13',
  '1.2.840.10045.4.3.2',
  '1.2.840.10045.4.3.3',
  '1.2.840.10045.4.3.4',
]);

const CURVES = new Set([OID_P256, OID_P384, OID_P521]);
export const MIN_RSA_BITS = 2048;

export function digestProblem(oid: string): string | null {
  return DIGESTS.has(oid) ? null : `the signature uses a digest algorithm Sealmail does not accept (${oid})`;
}

export function signatureAlgorithmProblem(oid: string): string | null {
  return SIGNATURE_ALGORITHMS.has(oid) ? null : `the signature uses an algorithm Sealmail does not accept (${oid})`;
}

/** Why the signer's public key is too weak or of an unsupported kind, or null. */
export function publicKeyProblem(cert: Certificate): string | null {
  const spki = cert.subjectPublicKeyInfo;
  const algorithm = spki.algorithm.algorithmId;
  if (algorithm === OID_RSA_ENCRYPTION) {
    const modulus = (spki.parsedKey as { modulus?: { valueBlock: { valueHexView: Uint8Array } } } | undefined)?.modulus?.valueBlock.valueHexView;
    if (!modulus) return 'the signer certificate holds an unreadable RSA key';
    let bytes = modulus.length;
    for (let i = 0; i < modulus.length && modulus[i] === 0; i++) bytes--;
    return bytes * 8 < MIN_RSA_BITS - 7 ? `the signer's RSA key is shorter than ${MIN_RSA_BITS} bits` : null;
  }
  if (algorithm === OID_EC_PUBLIC_KEY) {
    const curve = (spki.algorithm.algorithmParams as { valueBlock?: { toString(): string } } | undefined)?.valueBlock?.toString();
    return curve && CURVES.has(curve) ? null : `the signer's elliptic curve is not P-256, P-384 or P-521`;
  }
  return `the signer's key type is not supported (${algorithm})`;
}
