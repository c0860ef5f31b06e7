// smimeSign: a plain RFC 5322 message as S/MIME multipart/signed (RFC 8551 sections 3.5 and 3.5.3, CMS SignedData of RFC 5652 section 5).
import { GeneralizedTime, ObjectIdentifier, OctetString, Sequence, UTCTime } from 'asn1js';
import {
  AlgorithmIdentifier,
  Attribute,
  EncapsulatedContentInfo,
  ContentInfo,
  IssuerAndSerialNumber,
  SignedAndUnsignedAttributes,
  SignedData,
  SignerInfo,
  type Certificate,
} from 'pkijs';
import { SealmailError, checkOptions } from '../errors.js';
import { encodeUtf8, isSevenBitSafe } from '../mime/bytes.js';
import { newBoundary, rawFields, sevenBitBody } from '../mime/build.js';
import { parseMessage, type MimeEntity } from '../mime/entity.js';
import { encodeSevenBit } from '../mime/transfer.js';
import { isContentField } from '../protected-headers.js';
import { outerFields, singleFrom } from '../seal.js';
import { certificateAddresses, certificateLabel, readCertificate, readCertificates, sameCertificate, toArrayBuffer } from './certificate.js';
import { signingUsageProblem } from './certificate-usage.js';
import { smimeEngine } from './engine.js';
import { OID_EC_PUBLIC_KEY, OID_P256, OID_RSA_ENCRYPTION, publicKeyProblem } from './signed-data-policy.js';
import { OID_CONTENT_TYPE, OID_DATA, OID_MESSAGE_DIGEST, OID_SIGNED_DATA, OID_SIGNING_TIME, OID_SMIME_CAPABILITIES, readSignedData } from './signed-data.js';

export interface SmimeSigner {
  /** The signer's certificate, DER or PEM. */
  certificate: Uint8Array;
  /** Intermediate certificates to include (DER or PEM, a PEM may hold several); the root is usually left out. */
  chain?: Uint8Array[];
  /** The signer's unencrypted private key, PKCS#8 DER or PEM ("-----BEGIN PRIVATE KEY-----"). RSA or ECDSA P-256. */
  privateKey: Uint8Array;
}

export interface SmimeSignOptions {
  /** The plain message, RFC 5322 bytes (LF or CRLF line ends); it must have exactly one From. */
  message: Uint8Array;
  signer: SmimeSigner;
  /** The signingTime attribute and the moment the certificate must be valid at; defaults to now. */
  date?: Date;
}

export const SMIME_SIGN_OPTIONS = ['message', 'signer', 'date'] as const;
const SIGNER_FIELDS = ['certificate', 'chain', 'privateKey'] as const;

/** RFC 8551 section 2.5.2 capabilities we can decrypt, strongest first: AES-256/128 GCM, then AES-256/128 CBC. */
const CAPABILITIES = ['2.16.840.1.101.3.4.1.46', '2.16.840.1.101.3.4.1.6', '2.16.840.1.101.3.4.1.42', '2.16.840.1.101.3.4.1.2'];

/** Returns the whole message: the original header (minus content fields and Bcc), then the multipart/signed body. */
export async function smimeSign(options: SmimeSignOptions): Promise<Uint8Array> {
  return (await signedMessage(options)).message;
}

/**
 * The signed message, and within it the multipart/signed entity alone (its Content-Type field, an empty line,
 * the body), which smimeSeal encrypts. Both are views of one buffer: the signed part is written once, in place,
 * and hashed where it lies, so a large message is copied once rather than once per layer. `onHead` gets the
 * entity up to the signature part as soon as it is written.
 */
export async function signedMessage(options: SmimeSignOptions, onHead?: (entityHead: Uint8Array) => void): Promise<{ message: Uint8Array; entity: Uint8Array }> {
  checkOptions('smimeSign', options, SMIME_SIGN_OPTIONS);
  checkOptions('smimeSign signer', options.signer, SIGNER_FIELDS);
  const date = options.date ?? new Date();
  const root = parseMessage(options.message);
  const from = singleFrom(root);
  const certificate = readCertificate(options.signer.certificate);
  checkSigningCertificate(certificate, from, date);
  const chain = (options.signer.chain ?? []).flatMap((c) => readCertificates(c)).filter((c) => !sameCertificate(c, certificate));
  const privateKey = await importSigningKey(options.signer.privateKey, certificate);

  const inner = signedEntityRuns(root);
  const boundary = newBoundary(inner);
  const contentType = `Content-Type: multipart/signed; protocol="application/pkcs7-signature";\r\n micalg=sha-256; boundary="${boundary}"`;
  const outer = [...outerFields(root, { encrypt: false, autocrypt: false }, from, undefined), encodeUtf8('MIME-Version: 1.0')].flatMap((f) => [f, CRLF]);
  const head = [...outer, encodeUtf8(`${contentType}\r\n\r\nThis is an S/MIME signed message\r\n--${boundary}\r\n`)];
  const out = new ByteWriter(runsLength(head) + runsLength(inner) + TRAILER_SLACK + 2 * certificatesLength([certificate, ...chain]));
  head.forEach((run) => out.write(run));
  const entityStart = runsLength(outer);
  const innerStart = out.length;
  inner.forEach((run) => out.write(run));

  // Everything of the entity but the signature part is known now: smimeSeal starts encrypting it while the content is hashed.
  onHead?.(out.view(entityStart, out.length));
  const signature = await signDetached(out.view(innerStart, out.length), certificate, chain, privateKey, date);
  const signaturePart = [
    encodeUtf8('Content-Type: application/pkcs7-signature; name="smime.p7s"'),
    encodeUtf8('Content-Transfer-Encoding: base64'),
    encodeUtf8('Content-Disposition: attachment; filename="smime.p7s"'),
    encodeUtf8('Content-Description: S/MIME Cryptographic Signature'),
  ].flatMap((f) => [f, CRLF]);
  const trailer = [encodeUtf8(`\r\n--${boundary}\r\n`), ...signaturePart, CRLF, encodeSevenBit(signature, 'application/pkcs7-signature').bytes, encodeUtf8(`\r\n--${boundary}--\r\n`)];
  trailer.forEach((run) => out.write(run));
  const message = out.bytes();
  return { message, entity: message.subarray(entityStart) };
}

const CRLF = encodeUtf8('\r\n');
/** Room for the signature part beyond twice the certificates it carries: headers, attributes, the signature itself. */
const TRAILER_SLACK = 16 * 1024;

const runsLength = (runs: readonly Uint8Array[]) => runs.reduce((n, run) => n + run.length, 0);
const certificatesLength = (certs: readonly Certificate[]) => certs.reduce((n, c) => n + c.toSchema().toBER().byteLength, 0);

/** An output buffer of a planned size that grows (one copy) only if the plan was short. */
class ByteWriter {
  private buffer: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }
  write(run: Uint8Array): void {
    if (this.length + run.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + run.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(run, this.length);
    this.length += run.length;
  }
  view(start: number, end: number): Uint8Array {
    return this.buffer.subarray(start, end);
  }
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

function checkSigningCertificate(cert: Certificate, from: string, date: Date): void {
  const label = certificateLabel(cert);
  if (!certificateAddresses(cert).includes(from)) throw new SealmailError('no-signing-key', `the certificate of ${label} is not for the From address ${from}`);
  const problem = signingUsageProblem(cert) ?? publicKeyProblem(cert);
  if (problem) throw new SealmailError('bad-key', `the certificate of ${label} cannot sign mail: ${problem}`);
  if (cert.notBefore.value > date || cert.notAfter.value < date) {
    throw new SealmailError('bad-key', `the certificate of ${label} is not valid at ${date.toISOString()} (valid ${cert.notBefore.value.toISOString()} to ${cert.notAfter.value.toISOString()})`);
  }
}

/**
 * The first part of the multipart/signed, as byte runs: the message's content fields and body in canonical
 * form, every leaf 7-bit safe (RFC 8551 sections 3.1.1 and 3.1.2), so no relay can change a signed byte.
 */
function signedEntityRuns(root: MimeEntity): Uint8Array[] {
  const prepared = sevenBitBody(root);
  const kept = root.fields.filter((f) => isContentField(f) && f.name !== 'mime-version' && !(prepared.cteChanged && f.name === 'content-transfer-encoding'));
  const defaultType = kept.some((f) => f.name === 'content-type') ? [] : [encodeUtf8(`Content-Type: text/plain; charset=${isSevenBitSafe(root.body) ? 'us-ascii' : 'utf-8'}`)];
  // sevenBitBody's body is already canonical CRLF.
  return [...[...defaultType, ...rawFields(kept), ...prepared.fields].flatMap((f) => [f, CRLF]), CRLF, prepared.body];
}

/** DER ContentInfo with detached SignedData over `content`: SHA-256, the signer's chain, the RFC 8551 section 2.5 attributes. */
async function signDetached(content: Uint8Array, cert: Certificate, chain: Certificate[], privateKey: CryptoKeyLike, date: Date): Promise<Uint8Array> {
  const engine = smimeEngine();
  // WebCrypto takes the view as it is: no copy of a large body.
  const digest = await engine.digest({ name: 'SHA-256' }, content as unknown as ArrayBuffer);
  const attributes = [
    new Attribute({ type: OID_CONTENT_TYPE, values: [new ObjectIdentifier({ value: OID_DATA })] }),
    new Attribute({ type: OID_SIGNING_TIME, values: [timeValue(date)] }),
    new Attribute({ type: OID_MESSAGE_DIGEST, values: [new OctetString({ valueHex: digest })] }),
    new Attribute({ type: OID_SMIME_CAPABILITIES, values: [capabilities()] }),
  ];
  const signed = new SignedData({
    version: 1,
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: OID_DATA }),
    signerInfos: [
      new SignerInfo({
        version: 1,
        sid: new IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    certificates: [cert, ...chain],
  });
  // With signed attributes PKI.js signs their encoding, never the content, so no content is passed.
  await signed.sign(privateKey, 0, 'SHA-256', new ArrayBuffer(0), engine);
  const der = new Uint8Array(new ContentInfo({ contentType: OID_SIGNED_DATA, content: signed.toSchema(true) }).toSchema().toBER());
  // A key that does not belong to the certificate would produce mail nobody can verify: refuse it here instead.
  // The check reads the DER back, as a recipient does, and checks the signature over the signed attributes as
  // received with the certificate's public key (the digest in them was computed just above).
  if (!(await signatureMatchesCertificate(der, cert))) throw new SealmailError('bad-key', `the private key does not belong to the certificate of ${certificateLabel(cert)}`);
  return der;
}

async function signatureMatchesCertificate(der: Uint8Array, cert: Certificate): Promise<boolean> {
  try {
    const signerInfo = readSignedData(der).signerInfos[0];
    const attrs = signerInfo?.signedAttrs;
    if (!signerInfo || !attrs) return false;
    const encoded = new Uint8Array(attrs.encodedValue).slice();
    encoded[0] = 0x31; // [0] IMPLICIT as received, hashed as SET OF (RFC 5652 section 5.4)
    return await smimeEngine().verifyWithPublicKey(encoded.buffer, signerInfo.signature, cert.subjectPublicKeyInfo, signerInfo.signatureAlgorithm, 'SHA-256');
  } catch {
    return false;
  }
}

type CryptoKeyLike = Awaited<ReturnType<ReturnType<typeof smimeEngine>['importKey']>>;

async function importSigningKey(bytes: Uint8Array, cert: Certificate) {
  const der = pkcs8Der(bytes);
  const algorithm = cert.subjectPublicKeyInfo.algorithm;
  let params: { name: string; hash?: string; namedCurve?: string };
  if (algorithm.algorithmId === OID_RSA_ENCRYPTION) params = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  else if (algorithm.algorithmId === OID_EC_PUBLIC_KEY && (algorithm.algorithmParams as ObjectIdentifier | undefined)?.valueBlock.toString() === OID_P256) {
    params = { name: 'ECDSA', namedCurve: 'P-256' };
  } else throw new SealmailError('bad-key', 'only RSA and ECDSA P-256 certificates can sign');
  try {
    return await smimeEngine().importKey('pkcs8', toArrayBuffer(der), params, false, ['sign']);
  } catch {
    throw new SealmailError('bad-key', 'the private key is not a PKCS#8 key of the certificate\'s type');
  }
}

function pkcs8Der(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)));
  if (/-----BEGIN (RSA |EC |ENCRYPTED )PRIVATE KEY-----/.test(text)) {
    throw new SealmailError('bad-key', 'the private key must be unencrypted PKCS#8 ("BEGIN PRIVATE KEY")');
  }
  const pem = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(text);
  if (!pem) return bytes;
  return Uint8Array.from(atob((pem[1] as string).replace(/\s+/g, '')), (c) => c.charCodeAt(0));
}

/** RFC 5652 section 11.3: UTCTime through 2049, GeneralizedTime after. */
function timeValue(date: Date): UTCTime | GeneralizedTime {
  const second = new Date(Math.floor(date.getTime() / 1000) * 1000);
  return second.getUTCFullYear() < 2050 ? new UTCTime({ valueDate: second }) : new GeneralizedTime({ valueDate: second });
}

/** SMIMECapabilities (RFC 8551 section 2.5.2): a SEQUENCE of SMIMECapability { capabilityID, parameters }. */
function capabilities(): Sequence {
  return new Sequence({ value: CAPABILITIES.map((oid) => new AlgorithmIdentifier({ algorithmId: oid }).toSchema()) });
}
