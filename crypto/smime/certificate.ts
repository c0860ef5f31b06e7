// X.509 certificates as S/MIME uses them (RFC 5280, RFC 8550): reading DER or PEM, naming them, and their mail addresses.
import { fromBER } from 'asn1js';
import { Certificate } from 'pkijs';
import { SealmailError } from '../errors.js';
import { smimeEngine } from './engine.js';

const OID_SUBJECT_ALT_NAME = '2.5.29.17';
const OID_EMAIL_ADDRESS = '1.2.840.113549.1.9.1';
const OID_COMMON_NAME = '2.5.4.3';
/** GeneralName CHOICE tag of rfc822Name (RFC 5280 section 4.2.1.6). */
const RFC822_NAME = 1;

/** One certificate from DER bytes or a PEM block ("-----BEGIN CERTIFICATE-----"). */
export function readCertificate(bytes: Uint8Array): Certificate {
  const der = certificateDer(bytes);
  const asn1 = fromBER(toArrayBuffer(der));
  if (asn1.offset === -1 || asn1.offset !== der.length) throw new SealmailError('bad-key', 'the certificate is not valid DER or PEM');
  try {
    return new Certificate({ schema: asn1.result });
  } catch {
    throw new SealmailError('bad-key', 'the data is not an X.509 certificate');
  }
}

/** Every certificate in PEM text (several blocks) or a single DER certificate. */
export function readCertificates(bytes: Uint8Array): Certificate[] {
  const text = new TextDecoder('latin1').decode(bytes);
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  if (!blocks) return [readCertificate(bytes)];
  return blocks.map((b) => readCertificate(new TextEncoder().encode(b)));
}

function certificateDer(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)));
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  if (!pem) return bytes;
  try {
    return Uint8Array.from(atob((pem[1] as string).replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  } catch {
    throw new SealmailError('bad-key', 'the PEM certificate is not valid base64');
  }
}

export function certificateBytes(cert: Certificate): Uint8Array {
  return new Uint8Array(cert.toSchema(true).toBER());
}

/** SHA-256 over the DER certificate, upper-case hex: how the UI and keyring name a certificate. */
export async function certificateFingerprint(cert: Certificate): Promise<string> {
  const digest = await smimeEngine().digest({ name: 'SHA-256' }, toArrayBuffer(certificateBytes(cert)));
  return hex(new Uint8Array(digest)).toUpperCase();
}

/**
 * The mail addresses a certificate is for, lower-cased: its SAN rfc822Names, or, only when it has none,
 * the subject's emailAddress attributes (RFC 8550 section 3).
 */
export function certificateAddresses(cert: Certificate): string[] {
  const san = cert.extensions?.find((e) => e.extnID === OID_SUBJECT_ALT_NAME)?.parsedValue as { altNames?: { type: number; value: unknown }[] } | undefined;
  const fromSan = (san?.altNames ?? []).filter((n) => n.type === RFC822_NAME && typeof n.value === 'string').map((n) => (n.value as string).trim().toLowerCase());
  if (fromSan.length > 0) return [...new Set(fromSan)];
  return [...new Set(attributeValues(cert, OID_EMAIL_ADDRESS).map((v) => v.trim().toLowerCase()))];
}

/** "CN=..., issuer serial" style name for warnings: the subject's common name, else its first address. */
export function certificateLabel(cert: Certificate): string {
  return attributeValues(cert, OID_COMMON_NAME)[0] ?? certificateAddresses(cert)[0] ?? `serial ${serialHex(cert)}`;
}

export function serialHex(cert: Certificate): string {
  return hex(cert.serialNumber.valueBlock.valueHexView);
}

function attributeValues(cert: Certificate, oid: string): string[] {
  return cert.subject.typesAndValues
    .filter((tv) => tv.type === oid)
    .map((tv) => (tv.value as { valueBlock: { value: unknown } }).valueBlock.value)
    .filter((v): v is string => typeof v === 'string');
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A standalone ArrayBuffer with exactly these bytes (PKI.js and WebCrypto want ArrayBuffers, not views). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  // Not bytes.slice(): on a Node Buffer slice() is a view into a shared pool, whose .buffer holds other data.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export function sameCertificate(a: Certificate, b: Certificate): boolean {
  const x = certificateBytes(a);
  const y = certificateBytes(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
