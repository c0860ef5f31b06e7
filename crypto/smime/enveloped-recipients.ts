/**
 * Recipient certificates for EnvelopedData and AuthEnvelopedData (RFC 5652 section 6.2, RFC 8550
 * section 4.4.2): which key management a certificate calls for, and whether a RecipientInfo names it.
 */
import * as asn1js from 'asn1js';
import { IssuerAndSerialNumber, type Certificate } from 'pkijs';
import { SealmailError } from '../errors.js';
import { certificateBytes, certificateLabel, readCertificate } from './certificate.js';
import { extendedKeyUsage, keyUsage, OID_ANY_EXTENDED_KEY_USAGE, OID_EMAIL_PROTECTION } from './certificate-usage.js';

/** 'ec-p384' only for decrypting: Sealmail encrypts to RSA and P-256 certificates. */
export type RecipientKind = 'rsa' | 'ec-p256' | 'ec-p384';

export interface RecipientCertificate {
  certificate: Certificate;
  der: Uint8Array;
  kind: RecipientKind;
  /** DER SubjectPublicKeyInfo, for WebCrypto. */
  spki: Uint8Array;
}

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const P256 = '1.2.840.10045.3.1.7';
const P384 = '1.3.132.0.34';
const SUBJECT_KEY_IDENTIFIER = '2.5.29.14';
const MIN_RSA_BITS = 2048;

/** Reads a certificate to encrypt to, given as DER or PEM, and classifies its key; `errorCode` says whose certificate it is. */
export function readRecipientCertificate(bytes: Uint8Array, errorCode: 'bad-key' | 'no-recipient-key' = 'bad-key'): RecipientCertificate {
  return classify(bytes, errorCode, false);
}

/** Reads the user's own certificate to decrypt with: as readRecipientCertificate, and EC P-384 too. */
export function readDecryptionCertificate(bytes: Uint8Array): RecipientCertificate {
  return classify(bytes, 'bad-key', true);
}

function classify(bytes: Uint8Array, errorCode: 'bad-key' | 'no-recipient-key', decrypting: boolean): RecipientCertificate {
  // A copy: a Node Buffer's slice() shares its pool, which certificate.ts's toArrayBuffer relies on not happening.
  const certificate = readCertificate(new Uint8Array(bytes));
  const der = certificateBytes(certificate);
  const spki = new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER());
  const algorithm = certificate.subjectPublicKeyInfo.algorithm;
  let kind: RecipientKind;
  if (algorithm.algorithmId === RSA_ENCRYPTION) {
    kind = 'rsa';
    if (rsaModulusBits(certificate) < MIN_RSA_BITS) throw new SealmailError(errorCode, `${subjectName(certificate)} has an RSA key shorter than ${MIN_RSA_BITS} bits`);
  } else if (algorithm.algorithmId === EC_PUBLIC_KEY && algorithm.algorithmParams instanceof asn1js.ObjectIdentifier && algorithm.algorithmParams.valueBlock.toString() === P256) {
    kind = 'ec-p256';
  } else if (decrypting && algorithm.algorithmId === EC_PUBLIC_KEY && algorithm.algorithmParams instanceof asn1js.ObjectIdentifier && algorithm.algorithmParams.valueBlock.toString() === P384) {
    kind = 'ec-p384';
  } else if (decrypting) {
    throw new SealmailError(errorCode, `${subjectName(certificate)} has a key type Sealmail cannot decrypt with (only RSA and EC P-256 or P-384)`);
  } else {
    throw new SealmailError(errorCode, `${subjectName(certificate)} has a key type Sealmail cannot encrypt to (only RSA and EC P-256)`);
  }
  return { certificate, der, kind, spki };
}

/**
 * RFC 8550 section 4.4.2: when keyUsage is present it must allow keyEncipherment (RSA key transport)
 * or keyAgreement (ECDH); an extended key usage, when present, must include emailProtection.
 * Path validation and validity dates are the caller's: it picked the certificate.
 */
export function checkEncryptionUsage(r: RecipientCertificate): void {
  const need = r.kind === 'rsa' ? 'keyEncipherment' : 'keyAgreement';
  const usage = keyUsage(r.certificate);
  if (usage !== null && !usage.has(need)) {
    throw new SealmailError('no-recipient-key', `${subjectName(r.certificate)} is not for encryption (its key usage lacks ${need})`);
  }
  const purposes = extendedKeyUsage(r.certificate);
  if (purposes !== null && !purposes.includes(OID_EMAIL_PROTECTION) && !purposes.includes(OID_ANY_EXTENDED_KEY_USAGE)) {
    throw new SealmailError('no-recipient-key', `${subjectName(r.certificate)} is not for e-mail (its extended key usage lacks emailProtection)`);
  }
}

export function issuerAndSerial(r: RecipientCertificate): IssuerAndSerialNumber {
  return new IssuerAndSerialNumber({ issuer: r.certificate.issuer, serialNumber: r.certificate.serialNumber });
}

/** True when a recipient identifier (issuerAndSerialNumber or subjectKeyIdentifier) names this certificate. */
export function namesCertificate(rid: unknown, r: RecipientCertificate): boolean {
  if (rid instanceof IssuerAndSerialNumber) {
    return rid.issuer.isEqual(r.certificate.issuer) && sameBytes(rid.serialNumber.valueBlock.valueHexView, r.certificate.serialNumber.valueBlock.valueHexView);
  }
  if (rid instanceof asn1js.OctetString) {
    const ski = subjectKeyIdentifier(r.certificate);
    return ski !== null && sameBytes(rid.valueBlock.valueHexView, ski);
  }
  return false;
}

function subjectKeyIdentifier(certificate: Certificate): Uint8Array | null {
  const extension = certificate.extensions?.find((e) => e.extnID === SUBJECT_KEY_IDENTIFIER);
  return extension?.parsedValue instanceof asn1js.OctetString ? extension.parsedValue.valueBlock.valueHexView : null;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** How messages name a certificate to the user. */
export function subjectName(certificate: Certificate): string {
  return `the certificate of "${certificateLabel(certificate)}"`;
}

function rsaModulusBits(certificate: Certificate): number {
  try {
    const key = asn1js.fromBER(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
    const modulus = (key.result as asn1js.Sequence).valueBlock.value[0];
    if (!(modulus instanceof asn1js.Integer)) return 0;
    const bytes = modulus.valueBlock.valueHexView;
    let i = 0;
    while (i < bytes.length && bytes[i] === 0) i++;
    return (bytes.length - i) * 8 - Math.clz32(bytes[i] ?? 0) + 24;
  } catch {
    return 0;
  }
}
