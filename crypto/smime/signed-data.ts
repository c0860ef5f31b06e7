// CMS SignedData (RFC 5652 section 5) as S/MIME carries it: reading it from DER and reading its signed attributes.
import { fromBER, GeneralizedTime, UTCTime } from 'asn1js';
import { Certificate, ContentInfo, SignedData, type SignerInfo } from 'pkijs';
import { SealmailError } from '../errors.js';
import { MAX_MESSAGE_BYTES } from '../policy.js';
import { toArrayBuffer } from './certificate.js';

export const OID_DATA = '1.2.840.113549.1.7.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
export const OID_SMIME_CAPABILITIES = '1.2.840.113549.1.9.15';

/** A ContentInfo holding SignedData, from DER (or BER: OpenSSL streams indefinite lengths). */
export function readSignedData(der: Uint8Array): SignedData {
  // asn1js stops at 16 MiB of content and 10,000 nodes by default; opaque signed-data (RFC 8551 section 3.5.2) carries the
  // whole message, and OpenSSL streams it as one constructed OCTET STRING chunk per few kilobytes. Same limits as decrypt.ts.
  const asn1 = fromBER(toArrayBuffer(der), { maxContentLength: MAX_MESSAGE_BYTES, maxNodes: Math.ceil(der.length / 2) + 16 });
  if (asn1.offset === -1) throw new SealmailError('bad-message', 'the S/MIME signature is not valid DER');
  let info: ContentInfo;
  let signed: SignedData;
  try {
    info = new ContentInfo({ schema: asn1.result });
  } catch {
    throw new SealmailError('bad-message', 'the S/MIME signature is not a CMS ContentInfo');
  }
  if (info.contentType !== OID_SIGNED_DATA) throw new SealmailError('bad-message', `the S/MIME part holds CMS content of type ${info.contentType}, not SignedData`);
  try {
    signed = new SignedData({ schema: info.content });
  } catch {
    throw new SealmailError('bad-message', 'the S/MIME SignedData is damaged');
  }
  return signed;
}

/** The encapsulated content's bytes, or null when the SignedData is detached (RFC 5652 section 5.2). */
export function encapsulatedContent(signed: SignedData): Uint8Array | null {
  const eContent = signed.encapContentInfo.eContent;
  if (!eContent) return null;
  // A constructed OCTET STRING (BER, as `openssl cms -stream` writes) joins its segments in getValue().
  return new Uint8Array(eContent.getValue());
}

export function signedCertificates(signed: SignedData): Certificate[] {
  return (signed.certificates ?? []).filter((c): c is Certificate => c instanceof Certificate);
}

/** Every value of one signed attribute; [] when absent. */
export function signedAttributeValues(signer: SignerInfo, oid: string): unknown[] {
  return (signer.signedAttrs?.attributes ?? []).filter((a) => a.type === oid).flatMap((a) => a.values as unknown[]);
}

/** How many times a signed attribute occurs (RFC 5652 section 5.3: contentType and messageDigest exactly once, one value). */
export function signedAttributeCount(signer: SignerInfo, oid: string): number {
  return (signer.signedAttrs?.attributes ?? []).filter((a) => a.type === oid).reduce((n, a) => n + a.values.length, 0);
}

/** The signingTime attribute (RFC 5652 section 11.3), or null when absent or unreadable. */
export function signingTime(signer: SignerInfo): Date | null {
  const value = signedAttributeValues(signer, OID_SIGNING_TIME)[0];
  if (value instanceof UTCTime || value instanceof GeneralizedTime) return value.toDate();
  return null;
}

/** The contentType attribute's OID, or null. */
export function contentTypeAttribute(signer: SignerInfo): string | null {
  const value = signedAttributeValues(signer, OID_CONTENT_TYPE)[0] as { valueBlock?: { toString(): string } } | undefined;
  return value?.valueBlock?.toString() ?? null;
}

