// Certification path validation for S/MIME signers (RFC 5280 section 6 via PKI.js, plus the RFC 8550 checks PKI.js leaves out).
import { CertificateChainValidationEngine, type Certificate } from 'pkijs';
import { certificateLabel, sameCertificate } from './certificate.js';
import { issuerUsageProblem } from './certificate-usage.js';
import { smimeEngine } from './engine.js';

export type PathOutcome =
  /** A path from the certificate to an anchor, every certificate valid at the date; `path` runs leaf first, anchor last. */
  | { kind: 'trusted'; path: Certificate[] }
  /** The certificate, or one above it, was outside its validity period at the date. */
  | { kind: 'expired'; detail: string }
  /** No path leads to an anchor the user trusts (unknown, self-signed, or distrusted root). */
  | { kind: 'untrusted'; detail: string }
  /** A path exists but is broken: an issuer that is no CA, a bad certificate signature, a constraint violated. */
  | { kind: 'invalid'; detail: string };

export interface PathInput {
  certificate: Certificate;
  /** Candidate intermediates (e.g. every certificate the SignedData carries). */
  intermediates: readonly Certificate[];
  trustAnchors: readonly Certificate[];
  /** Certificates that must never appear on a trusted path, as anchor or intermediate. */
  distrusted: readonly Certificate[];
  /** The time to judge validity at: the signing time or the caller's date. */
  date: Date;
}

// PKI.js result codes (src/CertificateChainValidationEngine.ts) that mean "a broken path" rather than "no path".
const BROKEN_PATH_CODES = new Set([3, 4, 5, 6, 7, 10, 14, 98, 99]);
const EXPIRED_CODE = 8;

export async function validatePath(input: PathInput): Promise<PathOutcome> {
  const { certificate, date } = input;
  const own = validityProblem(certificate, date);
  if (own) return own;
  const isDistrusted = (c: Certificate) => input.distrusted.some((d) => sameCertificate(c, d));
  if (isDistrusted(certificate)) return { kind: 'untrusted', detail: `the certificate of ${certificateLabel(certificate)} is distrusted` };
  const anchors = input.trustAnchors.filter((a) => !isDistrusted(a));
  // A certificate the user made an anchor is trusted as itself (PKI.js refuses a one-certificate path).
  if (anchors.some((a) => sameCertificate(a, certificate))) return { kind: 'trusted', path: [certificate] };

  const intermediates = input.intermediates.filter((c) => !isDistrusted(c) && !sameCertificate(c, certificate));
  const chain = new CertificateChainValidationEngine({ trustedCerts: [...anchors], certs: [...intermediates, certificate], checkDate: date });
  // Revocation is not checked (issue 5 section 2): without this, PKI.js fails any certificate naming a CRL distribution point.
  const result = await chain.verify({ passedWhenNotRevValues: true }, smimeEngine());
  const path = (result as { certificatePath?: Certificate[] }).certificatePath ?? [];
  const label = certificateLabel(certificate);
  if (!result.result || path.length === 0) {
    if (result.resultCode === EXPIRED_CODE) return { kind: 'expired', detail: `a certificate above ${label} was not valid at ${date.toISOString()}` };
    if (BROKEN_PATH_CODES.has(result.resultCode)) return { kind: 'invalid', detail: `the certificate path of ${label} is invalid: ${result.resultMessage}` };
    return { kind: 'untrusted', detail: `the certificate of ${label} does not chain to a trusted root` };
  }
  const ordered = sameCertificate(path[0] as Certificate, certificate) ? path : [...path].reverse();
  return checkedPath(ordered, date) ?? { kind: 'trusted', path: ordered };
}

/** PKI.js's path (leaf first), checked again for what it does not enforce on every path: validity of each link, and CA issuers. */
function checkedPath(ordered: readonly Certificate[], date: Date): PathOutcome | null {
  for (const [i, cert] of ordered.entries()) {
    const problem = validityProblem(cert, date);
    if (problem) return problem;
    if (i === 0) continue;
    const usage = issuerUsageProblem(cert);
    if (usage) return { kind: 'invalid', detail: `the issuing certificate ${certificateLabel(cert)} cannot issue certificates: ${usage}` };
  }
  return null;
}

function validityProblem(cert: Certificate, date: Date): PathOutcome | null {
  const label = certificateLabel(cert);
  if (cert.notBefore.value.getTime() > date.getTime()) {
    return { kind: 'invalid', detail: `the certificate of ${label} was not yet valid at ${date.toISOString()}` };
  }
  if (cert.notAfter.value.getTime() < date.getTime()) {
    return { kind: 'expired', detail: `the certificate of ${label} had expired at ${date.toISOString()} (valid until ${cert.notAfter.value.toISOString()})` };
  }
  return null;
}
