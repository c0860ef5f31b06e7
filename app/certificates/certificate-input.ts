// Recognising what a file holds: a PKCS#12 bundle, or X.509 certificates as PEM blocks or one DER certificate.
import { X509Certificate } from 'node:crypto';
import { isPkcs12 } from './pkcs12.js';

export type CertificateFile = { kind: 'pkcs12' } | { kind: 'certificates'; certificates: Uint8Array[] } | { kind: 'other' };

const PEM_CERTIFICATE = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;

/**
 * Looks at the content first (the PFX structure, PEM blocks, a DER certificate); the name counts only for
 * a .p12/.pfx file whose content is not a certificate, so a damaged bundle is reported as one.
 */
export function classifyCertificateFile(options: { data: Uint8Array; name: string }): CertificateFile {
  const { data, name } = options;
  if (isPkcs12(data)) return { kind: 'pkcs12' };
  const text = Buffer.from(data).toString('latin1');
  const blocks = [...text.matchAll(PEM_CERTIFICATE)].map((m) => new Uint8Array(Buffer.from(m[1] as string, 'base64')));
  if (blocks.length > 0) return { kind: 'certificates', certificates: blocks };
  if (data[0] === 0x30 && isCertificate(data)) return { kind: 'certificates', certificates: [data] };
  if (/\.(p12|pfx)$/i.test(name)) return { kind: 'pkcs12' };
  return { kind: 'other' };
}

function isCertificate(der: Uint8Array): boolean {
  try {
    new X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}
