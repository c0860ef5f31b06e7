/**
 * CMS AuthEnvelopedData (RFC 5083 section 2.1) with AES-GCM (RFC 5084), built on asn1js because
 * PKI.js has no AuthEnvelopedData. The GCM tag is the `mac`; when authAttrs are present their DER,
 * re-tagged as SET OF, is the additional authenticated data (RFC 5083 section 2.2).
 */
import * as asn1js from 'asn1js';
import { EncryptedContentInfo, RecipientInfo } from 'pkijs';
import type { ContentEncryption } from './content-encryption.js';
import { concatBytes } from '../mime/bytes.js';
import { contentInfoRuns, der, tlv, type DerRuns } from './enveloped-der.js';
import { encryptedContentInfo, type EnvelopedContent } from './enveloped-data.js';

export const ID_CT_AUTH_ENVELOPED_DATA = '1.2.840.113549.1.9.16.1.23';

/**
 * AuthEnvelopedData ::= SEQUENCE { version CMSVersion (0), originatorInfo [0] IMPLICIT OPTIONAL,
 *   recipientInfos, authEncryptedContentInfo, authAttrs [1] IMPLICIT OPTIONAL,
 *   mac MessageAuthenticationCode, unauthAttrs [2] IMPLICIT OPTIONAL }
 * We write no attributes, so the GCM additional data is empty.
 */
export function encodeAuthEnvelopedData(recipientInfos: RecipientInfo[], encrypted: ContentEncryption): Uint8Array {
  return concatBytes(authEnvelopedDataRuns(recipientInfos, encrypted));
}

/** encodeAuthEnvelopedData as byte runs, the ciphertext not copied. */
export function authEnvelopedDataRuns(recipientInfos: RecipientInfo[], encrypted: ContentEncryption): DerRuns {
  const authEnvelopedData = tlv(0x30, [
    der(new asn1js.Integer({ value: 0 })),
    der(new asn1js.Set({ value: recipientInfos.map((r) => r.toSchema()) })),
    ...encryptedContentInfo(encrypted),
    der(new asn1js.OctetString({ valueHex: encrypted.mac })),
  ]);
  return contentInfoRuns(ID_CT_AUTH_ENVELOPED_DATA, authEnvelopedData);
}

/** Reads the AuthEnvelopedData inside a ContentInfo's content. Throws on malformed input. */
export function readAuthEnvelopedData(content: unknown): EnvelopedContent {
  if (!(content instanceof asn1js.Sequence)) throw new Error('AuthEnvelopedData is not a SEQUENCE');
  const fields = [...content.valueBlock.value];
  const next = (): asn1js.AsnType | undefined => fields.shift();
  const version = next();
  if (!(version instanceof asn1js.Integer) || version.valueBlock.valueDec !== 0) throw new Error('AuthEnvelopedData version is not 0');
  let field = next();
  if (isContextTag(field, 0)) field = next(); // originatorInfo: certificates we do not need
  if (!(field instanceof asn1js.Set) || field.valueBlock.value.length === 0) throw new Error('AuthEnvelopedData has no recipientInfos');
  const recipientInfos = field.valueBlock.value.map((schema) => new RecipientInfo({ schema }));
  const eci = new EncryptedContentInfo({ schema: next() });
  field = next();
  let aad = new Uint8Array(0);
  if (isContextTag(field, 1)) {
    // The attributes exactly as received, with the IMPLICIT [1] tag replaced by SET OF's 0x31.
    aad = new Uint8Array(field.valueBeforeDecodeView);
    aad[0] = 0x31;
    field = next();
  }
  if (!(field instanceof asn1js.OctetString)) throw new Error('AuthEnvelopedData has no mac');
  const mac = field.valueBlock.valueHexView.slice();
  if (!eci.encryptedContent) throw new Error('AuthEnvelopedData has no encrypted content');
  const ciphertext = new Uint8Array(eci.getEncryptedContent());
  return { structure: 'authEnveloped-data', recipientInfos, encryptedContentInfo: eci, ciphertext, mac, aad };
}

function isContextTag(block: asn1js.AsnType | undefined, tagNumber: number): block is asn1js.BaseBlock {
  return block instanceof asn1js.BaseBlock && block.idBlock.tagClass === 3 && block.idBlock.tagNumber === tagNumber;
}
