/**
 * CMS EnvelopedData (RFC 5652 section 6.1) with AES-CBC content: encoding and reading. It has no
 * integrity protection (RFC 8551 section 2.7), which is why decrypt reports integrity 'none' for it.
 */
import * as asn1js from 'asn1js';
import { ContentInfo, EncryptedContentInfo, EnvelopedData, type RecipientInfo } from 'pkijs';
import type { ContentEncryption } from './content-encryption.js';

export const ID_DATA = '1.2.840.113549.1.7.1';
export const ID_ENVELOPED_DATA = '1.2.840.113549.1.7.3';

/** The parts of an EnvelopedData or AuthEnvelopedData that decryption needs. */
export interface EnvelopedContent {
  structure: 'enveloped-data' | 'authEnveloped-data';
  recipientInfos: RecipientInfo[];
  encryptedContentInfo: EncryptedContentInfo;
  ciphertext: Uint8Array;
  /** AuthEnvelopedData only: the GCM tag and the additional data (DER of authAttrs, or empty). */
  mac?: Uint8Array;
  aad?: Uint8Array;
}

/** ContentInfo { id-envelopedData, EnvelopedData } as DER. */
export function encodeEnvelopedData(recipientInfos: RecipientInfo[], encrypted: ContentEncryption): Uint8Array {
  // Version 0 only when every RecipientInfo is version 0 (RSA key transport); ECDH's are version 3.
  const version = recipientInfos.every((r) => r.variant === 1) ? 0 : 2;
  const envelopedData = new EnvelopedData({
    version,
    recipientInfos,
    encryptedContentInfo: encryptedContentInfo(encrypted),
  });
  const contentInfo = new ContentInfo({ contentType: ID_ENVELOPED_DATA, content: envelopedData.toSchema() });
  return new Uint8Array(contentInfo.toSchema().toBER());
}

export function encryptedContentInfo(encrypted: ContentEncryption): EncryptedContentInfo {
  return new EncryptedContentInfo({
    contentType: ID_DATA,
    contentEncryptionAlgorithm: encrypted.algorithm,
    encryptedContent: new asn1js.OctetString({ valueHex: encrypted.ciphertext }),
    disableSplit: true,
  });
}

/** Reads the EnvelopedData inside a ContentInfo's content. Throws on malformed input. */
export function readEnvelopedData(content: unknown): EnvelopedContent {
  const envelopedData = new EnvelopedData({ schema: content });
  const ciphertext = new Uint8Array(envelopedData.encryptedContentInfo.getEncryptedContent());
  return { structure: 'enveloped-data', recipientInfos: envelopedData.recipientInfos, encryptedContentInfo: envelopedData.encryptedContentInfo, ciphertext };
}
