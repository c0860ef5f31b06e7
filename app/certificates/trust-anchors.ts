// The trust anchors shipped with Node: Mozilla's root store (`tls.rootCertificates`), as DER with fingerprints.
import { createHash } from 'node:crypto';
import { rootCertificates } from 'node:tls';

export interface BuiltInAnchor {
  fingerprint: string;
  der: Uint8Array;
}

let cached: BuiltInAnchor[] | undefined;

export function builtInAnchors(): BuiltInAnchor[] {
  cached ??= rootCertificates.map((pem) => {
    const base64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    const der = new Uint8Array(Buffer.from(base64, 'base64'));
    return { fingerprint: sha256Hex(der), der };
  });
  return cached;
}

export function sha256Hex(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}
