/**
 * CMS EnvelopedData (RFC 5652 section 6.1) with AES-CBC content: encoding and reading. It has no
 * integrity protection (RFC 8551 section 2.7), which is why decrypt reports integrity 'none' for it.
 */
import * as asn1js from 'asn1js';
import { EnvelopedData, type EncryptedContentInfo, type RecipientInfo } from 'pkijs';
import type { ContentEncryption } from './content-encryption.js';
import { concatBytes } from '../mime/bytes.js';
import { contentInfoRuns, der, tlv, type DerRuns } from './enveloped-der.js';

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
  return concatBytes(envelopedDataRuns(recipientInfos, encrypted));
}

/** encodeEnvelopedData as byte runs, the ciphertext not copied. */
export function envelopedDataRuns(recipientInfos: RecipientInfo[], encrypted: ContentEncryption): DerRuns {
  // Version 0 only when every RecipientInfo is version 0 (RSA key transport); ECDH's are version 3.
  const version = recipientInfos.every((r) => r.variant === 1) ? 0 : 2;
  const envelopedData = tlv(0x30, [
    der(new asn1js.Integer({ value: version })),
    der(new asn1js.Set({ value: recipientInfos.map((r) => r.toSchema()) })),
    ...encryptedContentInfo(encrypted),
  ]);
  return contentInfoRuns(ID_ENVELOPED_DATA, envelopedData);
}

/** EncryptedContentInfo ::= SEQUENCE { contentType id-data, contentEncryptionAlgorithm, encryptedContent [0] IMPLICIT } */
export function encryptedContentInfo(encrypted: ContentEncryption): DerRuns {
  return tlv(0x30, [der(new asn1js.ObjectIdentifier({ value: ID_DATA })), der(encrypted.algorithm.toSchema()), ...tlv(0x80, encrypted.ciphertext instanceof Uint8Array ? [encrypted.ciphertext] : encrypted.ciphertext)]);
}

/** Reads the EnvelopedData inside a ContentInfo's content. Throws on malformed input. */
export function readEnvelopedData(content: unknown): EnvelopedContent {
  const envelopedData = new EnvelopedData({ schema: content });
  const ciphertext = new Uint8Array(envelopedData.encryptedContentInfo.getEncryptedContent());
  return { structure: 'enveloped-data', recipientInfos: envelopedData.recipientInfos, encryptedContentInfo: envelopedData.encryptedContentInfo, ciphertext };
}
