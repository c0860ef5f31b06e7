/**
 * ECDH key agreement (RFC 5652 section 6.2.2 KeyAgreeRecipientInfo, RFC 5753 section 3.1): an
 * ephemeral P-256 key per message, dhSinglePass-stdDH-sha256kdf-scheme, and AES-256 key wrap
 * (RFC 3394). Reading also takes the SHA-1/384/512 KDF variants and the cofactor schemes, which
 * are the same computation on P-256 and P-384 (cofactor 1): OpenSSL's default is the SHA-1 KDF.
 * Messages to P-384 certificates (RFC 5753 section 8: dhSinglePass-stdDH-sha384kdf) are read, not written.
 */
import * as asn1js from 'asn1js';
import {
  AlgorithmIdentifier,
  KeyAgreeRecipientIdentifier,
  KeyAgreeRecipientInfo,
  OriginatorIdentifierOrKey,
  OriginatorPublicKey,
  RecipientEncryptedKey,
  RecipientEncryptedKeys,
  RecipientInfo,
} from 'pkijs';
import { SealmailError } from '../errors.js';
import { subtle } from './content-encryption.js';
import { issuerAndSerial, type RecipientCertificate, type RecipientKind } from './enveloped-recipients.js';
import { eccCmsSharedInfo, x963Kdf } from './key-agreement-kdf.js';

const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const STD_DH_SHA256_KDF = '1.3.132.1.11.1';
const AES256_WRAP = '2.16.840.1.101.3.4.1.45';
const KDF_HASHES: Record<string, string> = {
  '1.3.133.16.840.63.0.2': 'SHA-1', // dhSinglePass-stdDH-sha1kdf-scheme
  '1.3.132.1.11.1': 'SHA-256',
  '1.3.132.1.11.2': 'SHA-384',
  '1.3.132.1.11.3': 'SHA-512',
  '1.3.133.16.840.63.0.3': 'SHA-1', // dhSinglePass-cofactorDH-sha1kdf-scheme
  '1.3.132.1.14.1': 'SHA-256',
  '1.3.132.1.14.2': 'SHA-384',
  '1.3.132.1.14.3': 'SHA-512',
};
const WRAP_KEY_BYTES: Record<string, number> = {
  '2.16.840.1.101.3.4.1.5': 16,
  '2.16.840.1.101.3.4.1.25': 24,
  '2.16.840.1.101.3.4.1.45': 32,
};
const P256 = { name: 'ECDH', namedCurve: 'P-256' };
/** The curves of the EC certificates Sealmail decrypts for, with the bit length of their shared secret Z. */
const AGREEMENT_CURVES: Partial<Record<RecipientKind, { curve: typeof P256; label: string; zBits: number }>> = {
  'ec-p256': { curve: P256, label: 'P-256', zBits: 256 },
  'ec-p384': { curve: { name: 'ECDH', namedCurve: 'P-384' }, label: 'P-384', zBits: 384 },
};

/**
 * A KeyAgreeRecipientInfo (version 3) carrying `cek` for an EC P-256 certificate. `ukm` is for tests
 * of the UKM path only: messages are written without one, as OpenSSL writes them.
 */
export async function keyAgreementRecipient(recipient: RecipientCertificate, cek: Uint8Array, ukm: Uint8Array | null = null): Promise<RecipientInfo> {
  if (recipient.kind !== 'ec-p256') throw new SealmailError('no-recipient-key', 'Sealmail encrypts with ECDH only to EC P-256 certificates');
  const recipientKey = await subtle().importKey('spki', recipient.spki, P256, false, []);
  const ephemeral = await subtle().generateKey(P256, true, ['deriveBits']);
  const z = new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: recipientKey }, ephemeral.privateKey, 256));
  const wrapAlgorithm = new AlgorithmIdentifier({ algorithmId: AES256_WRAP });
  const kek = await x963Kdf('SHA-256', z, eccCmsSharedInfo(new Uint8Array(wrapAlgorithm.toSchema().toBER()), 256, ukm), 32);
  const encryptedKey = await aesWrap(kek, cek);
  const point = new Uint8Array(await subtle().exportKey('raw', ephemeral.publicKey));
  const kari = new KeyAgreeRecipientInfo({
    version: 3,
    originator: new OriginatorIdentifierOrKey({
      variant: 3,
      value: new OriginatorPublicKey({ algorithm: new AlgorithmIdentifier({ algorithmId: EC_PUBLIC_KEY }), publicKey: new asn1js.BitString({ valueHex: point }) }),
    }),
    keyEncryptionAlgorithm: new AlgorithmIdentifier({ algorithmId: STD_DH_SHA256_KDF, algorithmParams: wrapAlgorithm.toSchema() }),
    recipientEncryptedKeys: new RecipientEncryptedKeys({
      encryptedKeys: [
        new RecipientEncryptedKey({
          rid: new KeyAgreeRecipientIdentifier({ variant: 1, value: issuerAndSerial(recipient) }),
          encryptedKey: new asn1js.OctetString({ valueHex: encryptedKey }),
        }),
      ],
    }),
    ...(ukm === null ? {} : { ukm: new asn1js.OctetString({ valueHex: ukm }) }),
  });
  return new RecipientInfo({ variant: 2, value: kari });
}

/** Recovers the content-encryption key from one RecipientEncryptedKey of a KeyAgreeRecipientInfo, for a certificate of kind `kind`. */
export async function unwrapKeyAgreement(kari: KeyAgreeRecipientInfo, encryptedKey: Uint8Array, pkcs8: Uint8Array, kind: RecipientKind): Promise<Uint8Array> {
  const agreement = AGREEMENT_CURVES[kind];
  if (!agreement) throw new SealmailError('bad-key', 'the certificate is not an EC P-256 or P-384 certificate, so it cannot take part in ECDH');
  const { curve, label, zBits } = agreement;
  const hash = KDF_HASHES[kari.keyEncryptionAlgorithm.algorithmId];
  const wrapParams: unknown = kari.keyEncryptionAlgorithm.algorithmParams;
  if (!hash || !(wrapParams instanceof asn1js.Sequence)) {
    throw new SealmailError('bad-message', `the message's key agreement scheme is one Sealmail does not read (${kari.keyEncryptionAlgorithm.algorithmId})`);
  }
  const kekBytes = WRAP_KEY_BYTES[wrapAlgorithmId(wrapParams)];
  if (!kekBytes) throw new SealmailError('bad-message', `the message's key wrap algorithm is one Sealmail does not read (${wrapAlgorithmId(wrapParams)})`);
  const originator: unknown = kari.originator.value;
  if (kari.originator.variant !== 3 || !(originator instanceof OriginatorPublicKey)) {
    throw new SealmailError('bad-message', 'the message names no ephemeral ECDH key (static-static ECDH is not read)');
  }
  let ephemeral;
  try {
    ephemeral = await subtle().importKey('raw', originator.publicKey.valueBlock.valueHexView, curve, false, []);
  } catch {
    throw new SealmailError('bad-message', `the message has an ECDH public key that is not a ${label} point`);
  }
  let privateKey;
  try {
    privateKey = await subtle().importKey('pkcs8', pkcs8, curve, false, ['deriveBits']);
  } catch {
    throw new SealmailError('bad-key', `the private key is not a PKCS#8 EC ${label} key`);
  }
  const z = new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: ephemeral }, privateKey, zBits));
  const ukm = kari.ukm ? kari.ukm.valueBlock.valueHexView : null;
  const sharedInfo = eccCmsSharedInfo(new Uint8Array(wrapParams.toBER()), kekBytes * 8, ukm);
  const kek = await x963Kdf(hash, z, sharedInfo, kekBytes);
  return aesUnwrap(kek, encryptedKey);
}

function wrapAlgorithmId(params: asn1js.Sequence): string {
  try {
    return new AlgorithmIdentifier({ schema: params }).algorithmId;
  } catch {
    throw new SealmailError('bad-message', 'the message has a malformed key wrap algorithm');
  }
}

/** AES key wrap (RFC 3394). */
async function aesWrap(kek: Uint8Array, cek: Uint8Array): Promise<Uint8Array> {
  const wrapping = await subtle().importKey('raw', kek, 'AES-KW', false, ['wrapKey']);
  const key = await subtle().importKey('raw', cek, 'AES-GCM', true, ['encrypt']);
  return new Uint8Array(await subtle().wrapKey('raw', key, wrapping, 'AES-KW'));
}

/** AES key unwrap; its integrity check failing means the key is not ours, or the message is damaged. */
async function aesUnwrap(kek: Uint8Array, wrapped: Uint8Array): Promise<Uint8Array> {
  const unwrapping = await subtle().importKey('raw', kek, 'AES-KW', false, ['unwrapKey']);
  try {
    const key = await subtle().unwrapKey('raw', wrapped, unwrapping, 'AES-KW', 'AES-GCM', true, ['decrypt']);
    return new Uint8Array(await subtle().exportKey('raw', key));
  } catch {
    throw new SealmailError('decrypt-failed', 'the message could not be decrypted with your key: it was not encrypted to it, or it is damaged');
  }
}
