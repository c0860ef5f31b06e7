/**
 * S/MIME decryption (RFC 8551 section 3.3, RFC 5652 section 6, RFC 5083): EnvelopedData and
 * AuthEnvelopedData for an RSA (key transport) or EC P-256/P-384 (ECDH) recipient, in AES or, for
 * old mail, 3DES (with a warning; RC2 is refused). All of the plaintext
 * or none: a failed GCM tag, CBC padding or key unwrap never yields bytes. A signed-then-enveloped
 * message comes back as its inner MIME entity; verifying that signature is the caller's.
 */
import * as asn1js from 'asn1js';
import { ContentInfo, IssuerAndSerialNumber, KeyAgreeRecipientInfo, KeyTransRecipientInfo, RecipientKeyIdentifier, type RecipientInfo } from 'pkijs';
import { checkOptions, isSealmailError, SealmailError } from '../errors.js';
import { MAX_MESSAGE_BYTES } from '../policy.js';
import { ID_CT_AUTH_ENVELOPED_DATA, readAuthEnvelopedData } from './auth-enveloped-data.js';
import { contentCipher, decryptContent, obsoleteCipherWarning, type ContentCipherName } from './content-encryption.js';
import { ID_DATA, ID_ENVELOPED_DATA, readEnvelopedData, type EnvelopedContent } from './enveloped-data.js';
import { envelopedCms } from './enveloped-mime.js';
import { certificateLabel } from './certificate.js';
import { namesCertificate, readDecryptionCertificate, type RecipientCertificate } from './enveloped-recipients.js';
import { unwrapKeyAgreement } from './key-agreement.js';
import { unwrapKeyTransport } from './key-transport.js';

export interface SmimeDecryptOptions {
  /** An application/pkcs7-mime message or entity (header fields and body). Give this or `cms`. */
  message?: Uint8Array;
  /** A CMS ContentInfo (DER or BER) holding EnvelopedData or AuthEnvelopedData. */
  cms?: Uint8Array;
  /** The recipient's private key, PKCS#8 DER (RSA, or EC P-256 or P-384). */
  privateKey: Uint8Array;
  /** The recipient's certificate (DER or PEM), to find its RecipientInfo. */
  certificate: Uint8Array;
}

export type KeyManagement = 'rsa-pkcs1-v1_5' | 'rsa-oaep' | 'ecdh';

export interface SmimeDecrypted {
  /** The decrypted MIME entity exactly as it was encrypted (possibly itself signed). */
  content: Uint8Array;
  /** 'aead' for AES-GCM AuthEnvelopedData; 'none' for CBC EnvelopedData (AES or 3DES), which anyone can alter unseen. */
  integrity: 'none' | 'aead';
  smimeType: 'enveloped-data' | 'authEnveloped-data';
  contentEncryption: ContentCipherName;
  keyManagement: KeyManagement;
  /** What the reader should know beyond integrity: an obsolete cipher (3DES). */
  warnings: string[];
}

const KNOWN = ['message', 'cms', 'privateKey', 'certificate'] as const;

export async function smimeDecrypt(options: SmimeDecryptOptions): Promise<SmimeDecrypted> {
  checkOptions('smimeDecrypt', options, KNOWN);
  const { message, cms, privateKey, certificate } = options;
  if ((message === undefined) === (cms === undefined)) throw new SealmailError('bad-option', 'smimeDecrypt: give exactly one of message and cms');
  const input = message ?? cms;
  if (!(input instanceof Uint8Array) || !(privateKey instanceof Uint8Array) || !(certificate instanceof Uint8Array)) {
    throw new SealmailError('bad-option', 'smimeDecrypt: message or cms, privateKey and certificate must be bytes');
  }
  if (input.length > MAX_MESSAGE_BYTES) throw new SealmailError('too-large', `the message is larger than ${MAX_MESSAGE_BYTES / 1024 / 1024} MB`);

  const ours = readDecryptionCertificate(certificate);
  const envelope = readEnvelope(message === undefined ? input : envelopedCms(input));
  const cipher = contentCipher(envelope.encryptedContentInfo.contentEncryptionAlgorithm);
  // GCM outside AuthEnvelopedData has no place for its tag; CBC inside it would fake integrity.
  if ((cipher.mode === 'gcm') !== (envelope.structure === 'authEnveloped-data')) {
    throw new SealmailError('bad-message', `the message pairs ${envelope.structure} with ${cipher.name}, which is not allowed`);
  }
  if (envelope.encryptedContentInfo.contentType !== ID_DATA) {
    throw new SealmailError('bad-message', 'the encrypted content is not a MIME entity (its content type is not id-data)');
  }

  const { cek, invalid, keyManagement } = await contentKey(envelope.recipientInfos, ours, privateKey, cipher.keyBytes).catch((e: unknown) => {
    // PKI.js parses some fields lazily; whatever it throws there means damaged input, never a crash.
    if (isSealmailError(e)) throw e;
    throw new SealmailError('bad-message', 'the S/MIME message is damaged: its recipient information cannot be read');
  });
  const content = await decryptContent(
    { cipher, cek, ciphertext: envelope.ciphertext, mac: envelope.mac, aad: envelope.aad, keyInvalid: invalid },
    envelope.encryptedContentInfo.contentEncryptionAlgorithm,
  );
  const obsolete = obsoleteCipherWarning(cipher.name);
  return {
    content,
    integrity: cipher.mode === 'gcm' ? 'aead' : 'none',
    smimeType: envelope.structure,
    contentEncryption: cipher.name,
    keyManagement,
    warnings: obsolete === null ? [] : [obsolete],
  };
}

function readEnvelope(bytes: Uint8Array): EnvelopedContent {
  let contentInfo: ContentInfo;
  try {
    // asn1js stops at 16 MiB of content and 10,000 nodes by default; mail with attachments is larger,
    // and OpenSSL streams the ciphertext as one constructed OCTET STRING chunk per few kilobytes.
    const asn1 = asn1js.fromBER(bytes, { maxContentLength: MAX_MESSAGE_BYTES, maxNodes: Math.ceil(bytes.length / 2) + 16 });
    if (asn1.offset === -1) throw new Error(asn1.result.error);
    contentInfo = new ContentInfo({ schema: asn1.result });
  } catch {
    throw new SealmailError('bad-message', 'the S/MIME message is damaged: its CMS structure cannot be read');
  }
  try {
    if (contentInfo.contentType === ID_ENVELOPED_DATA) return readEnvelopedData(contentInfo.content);
    if (contentInfo.contentType === ID_CT_AUTH_ENVELOPED_DATA) return readAuthEnvelopedData(contentInfo.content);
  } catch {
    throw new SealmailError('bad-message', 'the S/MIME message is damaged: its encrypted structure cannot be read');
  }
  throw new SealmailError('bad-message', 'the S/MIME message is not encrypted (it holds no EnvelopedData or AuthEnvelopedData)');
}

async function contentKey(
  recipientInfos: readonly RecipientInfo[],
  ours: RecipientCertificate,
  pkcs8: Uint8Array,
  keyBytes: number,
): Promise<{ cek: Uint8Array; invalid: boolean; keyManagement: KeyManagement }> {
  for (const info of recipientInfos) {
    const value: unknown = info.value;
    if (ours.kind === 'rsa' && value instanceof KeyTransRecipientInfo && namesCertificate(value.rid, ours)) {
      const unwrapped = await unwrapKeyTransport(value, pkcs8, keyBytes);
      return { cek: unwrapped.cek, invalid: unwrapped.invalid, keyManagement: unwrapped.padding === 'oaep' ? 'rsa-oaep' : 'rsa-pkcs1-v1_5' };
    }
    if (ours.kind !== 'rsa' && value instanceof KeyAgreeRecipientInfo) {
      const rek = value.recipientEncryptedKeys.encryptedKeys.find((k) => namesCertificate(agreeRid(k.rid.value), ours));
      if (rek) return { cek: await unwrapKeyAgreement(value, rek.encryptedKey.valueBlock.valueHexView, pkcs8, ours.kind), invalid: false, keyManagement: 'ecdh' };
    }
  }
  throw new SealmailError('decrypt-failed', `this message was not encrypted to your certificate (${certificateLabel(ours.certificate)}), so it cannot be decrypted`);
}

/** KeyAgreeRecipientIdentifier: issuerAndSerialNumber, or rKeyId whose subjectKeyIdentifier names the key. */
function agreeRid(value: unknown): unknown {
  if (value instanceof IssuerAndSerialNumber) return value;
  if (value instanceof RecipientKeyIdentifier) return value.subjectKeyIdentifier;
  return value instanceof asn1js.OctetString ? value : null;
}
