// Verifying S/MIME signed entities: multipart/signed (RFC 8551 section 3.5.3) and opaque signed-data (section 3.5.2), over the bytes as received.
import type { Certificate, SignedData, SignerInfo } from 'pkijs';
import { SealmailError, checkOptions, isSealmailError } from '../errors.js';
import { mailboxes } from '../mime/address.js';
import { toCanonicalCrlf } from '../mime/bytes.js';
import { parseEntity, parseMessage, type MimeEntity } from '../mime/entity.js';
import { decodeBody } from '../mime/transfer.js';
import type { SignatureCheck } from '../pgp/verify.js';
import type { SecurityReport } from '../report.js';
import { signatureReport } from '../signature-state.js';
import { certificateAddresses, certificateBytes, certificateFingerprint, readCertificates, serialHex, toArrayBuffer } from './certificate.js';
import { signingUsageProblem } from './certificate-usage.js';
import { smimeEngine } from './engine.js';
import { validatePath } from './path-validation.js';
import { digestProblem, publicKeyProblem, signatureAlgorithmProblem } from './signed-data-policy.js';
import {
  OID_CONTENT_TYPE,
  OID_DATA,
  OID_MESSAGE_DIGEST,
  contentTypeAttribute,
  encapsulatedContent,
  readSignedData,
  signedAttributeCount,
  signedCertificates,
  signingTime,
} from './signed-data.js';

/** One signerInfo's verdict, shaped like an OpenPGP SignatureCheck so crypto/signature-state.ts can judge both alike. */
export interface SmimeSignatureCheck extends SignatureCheck {
  /** 'good': signature, usage and path all check out; 'unknown-key': no path to a trust anchor (or the certificate is missing). */
  outcome: 'good' | 'bad' | 'unknown-key' | 'expired';
  /** The signer's certificate (DER), when the SignedData carries it. */
  certificate: Uint8Array | null;
  /** The validated path above the signer, DER, leaf first, anchor last; empty unless outcome is 'good'. */
  path: Uint8Array[];
}

export interface SmimeEntityVerification {
  checks: SmimeSignatureCheck[];
  /** The entity the signatures cover, to display: the first part of multipart/signed, or the parsed eContent of opaque signed-data. */
  content: MimeEntity;
  warnings: string[];
}

export interface SmimeTrust {
  /** Root certificates the user trusts (DER or PEM; a PEM may hold several). */
  trustAnchors: readonly Uint8Array[];
  /** Certificates never to trust, as anchor or intermediate, even when listed in trustAnchors. */
  distrusted?: readonly Uint8Array[];
  /** Judge certificates at this time when a signature carries no signingTime; defaults to now. */
  date?: Date;
}

export interface SmimeVerifyEntityOptions extends SmimeTrust {
  /** A multipart/signed (application/pkcs7-signature) or application/pkcs7-mime; smime-type=signed-data entity, as parsed from the received bytes. */
  entity: MimeEntity;
}

export interface SmimeVerifyOptions extends SmimeTrust {
  /** A whole received message; its root must be S/MIME signed for a signature to be found. */
  message: Uint8Array;
}

export interface SmimeVerification extends SmimeEntityVerification {
  /** The report's signature section (scheme 'smime'), judged against the message's From by the same rules as OpenPGP. */
  signature: SecurityReport['signature'];
}

export const SMIME_VERIFY_ENTITY_OPTIONS = ['entity', 'trustAnchors', 'distrusted', 'date'] as const;
export const SMIME_VERIFY_OPTIONS = ['message', 'trustAnchors', 'distrusted', 'date'] as const;

export const REVOCATION_NOT_CHECKED = "the signer's certificate was not checked for revocation (CRL and OCSP are not consulted)";

const SIGNATURE_TYPES = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature']);
const MIME_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime']);

/** RFC 8551 section 3.5.3: multipart/signed whose protocol is application/pkcs7-signature (or the x- form old clients send). */
export function isSmimeSigned(e: MimeEntity): boolean {
  return e.type === 'multipart/signed' && SIGNATURE_TYPES.has((e.params.protocol ?? '').toLowerCase()) && e.children.length === 2;
}

/** RFC 8551 section 3.5.2: application/pkcs7-mime with smime-type=signed-data. */
export function isSmimeOpaqueSigned(e: Pick<MimeEntity, 'type' | 'params'>): boolean {
  return MIME_TYPES.has(e.type) && (e.params['smime-type'] ?? '').toLowerCase() === 'signed-data';
}

/** Verifies a whole message whose root is S/MIME signed; a message that is not gives state 'none'. */
export async function verifySmime(options: SmimeVerifyOptions): Promise<SmimeVerification> {
  checkOptions('verifySmime', options, SMIME_VERIFY_OPTIONS);
  const { message, ...trust } = options;
  const root = parseMessage(message);
  const from = mailboxes(root.fields, 'from');
  if (!isSmimeSigned(root) && !isSmimeOpaqueSigned(root)) {
    return { checks: [], content: root, warnings: [], signature: signatureReport({ kind: 'none' }, from, []) };
  }
  const verified = await verifySmimeEntity({ entity: root, ...trust });
  const warnings = [...verified.warnings];
  const signature = signatureReport({ kind: 'full', scheme: 'smime', checks: verified.checks }, from, warnings);
  return { ...verified, warnings: [...new Set(warnings)], signature };
}

/**
 * Verifies one S/MIME signed entity. Never throws for a bad signature: a damaged or malicious SignedData gives a
 * single 'bad' check. Throws SealmailError('bad-option') only for unusable trust options.
 */
export async function verifySmimeEntity(options: SmimeVerifyEntityOptions): Promise<SmimeEntityVerification> {
  checkOptions('verifySmimeEntity', options, SMIME_VERIFY_ENTITY_OPTIONS);
  const { entity } = options;
  const trust = readTrust(options);
  const opaque = isSmimeOpaqueSigned(entity);
  if (!opaque && !isSmimeSigned(entity)) throw new SealmailError('bad-option', 'verifySmimeEntity: the entity is not S/MIME signed');
  const content = opaque ? entity : (entity.children[0] as MimeEntity);
  const warnings: string[] = [];
  let signed: SignedData;
  try {
    if (!opaque && !SIGNATURE_TYPES.has((entity.children[1] as MimeEntity).type)) {
      throw new SealmailError('bad-message', `the signature part has type ${(entity.children[1] as MimeEntity).type}, not application/pkcs7-signature`);
    }
    signed = readSignedData(decodeBody(opaque ? entity : (entity.children[1] as MimeEntity)));
  } catch (e) {
    if (!isSealmailError(e)) throw e;
    return { checks: [failure(e.message)], content, warnings };
  }

  const eContent = encapsulatedContent(signed);
  // RFC 8551 section 3.5: S/MIME signs MIME entities, id-data; anything else (a timestamp token, say) is another protocol.
  if (signed.encapContentInfo.eContentType !== OID_DATA) {
    return { checks: [failure(`the signed content has type ${signed.encapContentInfo.eContentType}, not data`)], content, warnings };
  }
  let data: Uint8Array;
  let shown = content;
  if (opaque) {
    if (eContent === null) return { checks: [failure('the opaque signed message carries no content')], content, warnings };
    data = eContent;
    try {
      shown = parseEntity(eContent, 0, eContent.length, entity.path, 'text/plain', { parts: 0 }, 1);
    } catch (e) {
      if (!isSealmailError(e)) throw e;
      return { checks: [failure(`the signed content is not a readable MIME entity: ${e.message}`)], content, warnings };
    }
  } else {
    // A detached signature that also carries content signs something other than what is shown (issue 5 section 4).
    if (eContent !== null) return { checks: [failure('the signature carries its own content as well as signing the detached part')], content, warnings };
    // RFC 8551 section 3.1.1: the signature covers the canonical (CRLF) form of the part's received bytes.
    data = toCanonicalCrlf(content.raw);
  }

  if (signed.signerInfos.length === 0) return { checks: [failure('the signature has no signers')], content: shown, warnings };
  const checks: SmimeSignatureCheck[] = [];
  for (const [index, signer] of signed.signerInfos.entries()) checks.push(await checkSigner(signed, index, signer, data, trust, warnings));
  if (checks.some((c) => c.certificate !== null)) warnings.push(REVOCATION_NOT_CHECKED);
  return { checks: allOrNothing(checks), content: shown, warnings };
}

interface Trust {
  anchors: ReturnType<typeof readCertificates>;
  distrusted: ReturnType<typeof readCertificates>;
  date: Date;
}

function readTrust(options: SmimeTrust): Trust {
  try {
    return {
      anchors: options.trustAnchors.flatMap((a) => readCertificates(a)),
      distrusted: (options.distrusted ?? []).flatMap((a) => readCertificates(a)),
      date: options.date ?? new Date(),
    };
  } catch (e) {
    throw new SealmailError('bad-option', `a trust anchor or distrusted certificate is unreadable: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Several signers are judged together: if any one fails, none counts as good (issue 5 section 4). */
function allOrNothing(checks: SmimeSignatureCheck[]): SmimeSignatureCheck[] {
  if (checks.length < 2 || checks.every((c) => c.outcome === 'good')) return checks;
  const failed = checks.filter((c) => c.outcome !== 'good').length;
  return checks.map((c) =>
    c.outcome === 'good' ? c : { ...c, outcome: 'bad', detail: `${failed} of the ${checks.length} signatures fail: ${c.detail ?? 'this one does not verify'}` },
  );
}

function failure(detail: string): SmimeSignatureCheck {
  return { outcome: 'bad', keyId: '', fingerprint: null, created: null, signer: null, signerAddresses: [], detail, certificate: null, path: [] };
}

async function checkSigner(signed: SignedData, index: number, signer: SignerInfo, data: Uint8Array, trust: Trust, warnings: string[]): Promise<SmimeSignatureCheck> {
  const created = signingTime(signer);
  const base = { ...failure(''), created };
  const algorithmProblem = digestProblem(signer.digestAlgorithm.algorithmId) ?? signatureAlgorithmProblem(signer.signatureAlgorithm.algorithmId);
  if (algorithmProblem) return { ...base, detail: algorithmProblem };
  const attributeProblem = signedAttributesProblem(signer, signed.encapContentInfo.eContentType);
  if (attributeProblem) return { ...base, detail: attributeProblem };

  const engine = smimeEngine();
  let result: Awaited<ReturnType<SignedData['verify']>>;
  try {
    result = await signed.verify({ signer: index, data: toArrayBuffer(data), extendedMode: true, checkChain: false, checkDate: trust.date }, engine);
  } catch (e) {
    const code = (e as { code?: number }).code;
    if (code === 2 || code === 3) return { ...base, outcome: 'unknown-key', detail: "the signer's certificate is not in the message" };
    const cert = (e as { signerCertificate?: Certificate | null }).signerCertificate ?? null;
    return { ...base, ...(cert ? await identify(cert) : {}), detail: `the signature does not verify (${(e as Error).message})` };
  }
  const cert = result.signerCertificate;
  if (!cert) return { ...base, outcome: 'unknown-key', detail: "the signer's certificate is not in the message" };
  const identified = { ...base, ...(await identify(cert)) };
  if (!result.signatureVerified) return { ...identified, detail: 'the signature does not verify: the content was changed or the signature is forged' };

  const keyProblem = publicKeyProblem(cert) ?? signingUsageProblem(cert);
  if (keyProblem) return { ...identified, detail: `the signer's certificate may not sign mail: ${keyProblem}` };

  // RFC 8550 section 4.2: judge the certificate at the time the signature says it was made, else at the caller's date.
  const at = created ?? trust.date;
  if (created && created.getTime() > trust.date.getTime() + 24 * 3600 * 1000) {
    warnings.push(`the signature claims to be made in the future (${created.toISOString()})`);
  }
  const outcome = await validatePath({ certificate: cert, intermediates: signedCertificates(signed), trustAnchors: trust.anchors, distrusted: trust.distrusted, date: at });
  switch (outcome.kind) {
    case 'trusted':
      expiredSince(outcome.path, at, trust.date, warnings);
      return { ...identified, outcome: 'good', detail: null, path: outcome.path.slice(1).map(certificateBytes) };
    case 'expired':
      return { ...identified, outcome: 'expired', detail: outcome.detail };
    case 'untrusted':
      return { ...identified, outcome: 'unknown-key', detail: outcome.detail };
    case 'invalid':
      return { ...identified, outcome: 'bad', detail: outcome.detail };
  }
}

/**
 * A path valid at the signing time but expired now: the signature stays valid (RFC 8550 section 4.2), but the
 * signing time is the signer's own claim, so whoever holds an expired key could backdate a new signature. Say so.
 */
function expiredSince(path: readonly Certificate[], at: Date, now: Date, warnings: string[]): void {
  const expired = path.filter((c) => c.notAfter.value.getTime() < now.getTime() && c.notAfter.value.getTime() >= at.getTime());
  if (expired.length === 0) return;
  const first = expired.reduce((a, b) => (a.notAfter.value <= b.notAfter.value ? a : b));
  warnings.push(
    `the signer's certificate${first === path[0] ? '' : ' chain'} expired on ${first.notAfter.value.toISOString().slice(0, 10)}; the signature says it was made on ${at.toISOString().slice(0, 10)}, a date only the signer vouches for`,
  );
}

async function identify(cert: Certificate) {
  return {
    keyId: serialHex(cert),
    fingerprint: await certificateFingerprint(cert),
    signerAddresses: certificateAddresses(cert),
    certificate: certificateBytes(cert),
  };
}

/**
 * RFC 5652 section 5.3/11: with signed attributes, contentType and messageDigest each occur exactly once with one value,
 * and contentType equals the encapsulated content type (else the signature could be replayed over other content).
 */
function signedAttributesProblem(signer: SignerInfo, eContentType: string): string | null {
  if (!signer.signedAttrs) return null;
  if (signedAttributeCount(signer, OID_CONTENT_TYPE) !== 1 || signedAttributeCount(signer, OID_MESSAGE_DIGEST) !== 1) {
    return 'the signature must carry exactly one content type and one message digest';
  }
  if (contentTypeAttribute(signer) !== eContentType) return 'the signed content type does not match the content';
  return null;
}
