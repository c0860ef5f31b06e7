/**
 * RSA key transport (RFC 5652 section 6.2.1, KeyTransRecipientInfo): RSAES-PKCS1-v1_5 (RFC 8017
 * section 7.2, what Outlook and Apple Mail read) and RSAES-OAEP with SHA-256 (RFC 3560, RFC 8017
 * section 7.1). WebCrypto has no RSAES-PKCS1-v1_5, so node-forge's RSA does that one primitive.
 */
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import { AlgorithmIdentifier, KeyTransRecipientInfo, RecipientInfo, RSAESOAEPParams } from 'pkijs';
import { SealmailError } from '../errors.js';
import { randomBytes, subtle } from './content-encryption.js';
import { issuerAndSerial, type RecipientCertificate } from './enveloped-recipients.js';

export type RsaPadding = 'pkcs1-v1_5' | 'oaep';

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const RSAES_OAEP = '1.2.840.113549.1.1.7';
const MGF1 = '1.2.840.113549.1.1.8';
const P_SPECIFIED = '1.2.840.113549.1.1.9';
const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
const SHA256 = '2.16.840.1.101.3.4.2.1';

/** A KeyTransRecipientInfo (version 0, issuerAndSerialNumber) carrying `cek` for an RSA certificate. */
export async function keyTransportRecipient(recipient: RecipientCertificate, cek: Uint8Array, padding: RsaPadding): Promise<RecipientInfo> {
  let encryptedKey: Uint8Array;
  let keyEncryptionAlgorithm: AlgorithmIdentifier;
  if (padding === 'oaep') {
    const key = await subtle().importKey('spki', recipient.spki, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
    encryptedKey = new Uint8Array(await subtle().encrypt({ name: 'RSA-OAEP' }, key, cek));
    keyEncryptionAlgorithm = new AlgorithmIdentifier({ algorithmId: RSAES_OAEP, algorithmParams: oaepSha256Params() });
  } else {
    const publicKey = forge.pki.publicKeyFromAsn1(forge.asn1.fromDer(binaryString(recipient.spki))) as forge.pki.rsa.PublicKey;
    encryptedKey = bytesOf(publicKey.encrypt(binaryString(cek), 'RSAES-PKCS1-V1_5'));
    keyEncryptionAlgorithm = new AlgorithmIdentifier({ algorithmId: RSA_ENCRYPTION, algorithmParams: new asn1js.Null() });
  }
  const ktri = new KeyTransRecipientInfo({
    version: 0,
    rid: issuerAndSerial(recipient),
    keyEncryptionAlgorithm,
    encryptedKey: new asn1js.OctetString({ valueHex: encryptedKey }),
  });
  return new RecipientInfo({ variant: 1, value: ktri });
}

/** RSAES-OAEP-params with SHA-256 and MGF1-SHA-256, the empty label left at its default (RFC 4055 section 4.1). */
function oaepSha256Params(): asn1js.Sequence {
  const sha256 = new AlgorithmIdentifier({ algorithmId: SHA256, algorithmParams: new asn1js.Null() });
  return new RSAESOAEPParams({
    hashAlgorithm: sha256,
    maskGenAlgorithm: new AlgorithmIdentifier({ algorithmId: MGF1, algorithmParams: sha256.toSchema() }),
  }).toSchema();
}

export interface UnwrappedKey {
  cek: Uint8Array;
  /** The unwrap failed and `cek` is random (RFC 3218 section 2.3); the caller refuses after decrypting. */
  invalid: boolean;
  padding: RsaPadding;
}

/** Recovers the content-encryption key from a KeyTransRecipientInfo with the recipient's PKCS#8 RSA key. */
export async function unwrapKeyTransport(ktri: KeyTransRecipientInfo, pkcs8: Uint8Array, keyBytes: number): Promise<UnwrappedKey> {
  const algorithm = ktri.keyEncryptionAlgorithm.algorithmId;
  const encryptedKey = ktri.encryptedKey.valueBlock.valueHexView;
  if (algorithm === RSAES_OAEP) {
    const hash = oaepHash(ktri.keyEncryptionAlgorithm.algorithmParams);
    const key = await importRsaOaep(pkcs8, hash);
    try {
      return { cek: new Uint8Array(await subtle().decrypt({ name: 'RSA-OAEP' }, key, encryptedKey)), invalid: false, padding: 'oaep' };
    } catch {
      return { cek: randomBytes(keyBytes), invalid: true, padding: 'oaep' };
    }
  }
  if (algorithm !== RSA_ENCRYPTION) throw new SealmailError('bad-message', `the message's key is wrapped with an algorithm Sealmail does not read (${algorithm})`);
  const privateKey = forgePrivateKey(pkcs8);
  try {
    const cek = bytesOf(privateKey.decrypt(binaryString(encryptedKey), 'RSAES-PKCS1-V1_5'));
    return { cek, invalid: false, padding: 'pkcs1-v1_5' };
  } catch {
    // Padding errors must look like any other wrong key: no early, distinguishable failure.
    return { cek: randomBytes(keyBytes), invalid: true, padding: 'pkcs1-v1_5' };
  }
}

/** The OAEP hash, which must also be the MGF1 hash (WebCrypto uses one for both); labels are refused. */
function oaepHash(params: unknown): string {
  let parsed: RSAESOAEPParams;
  let mgfHash: string | undefined;
  try {
    parsed = params === undefined ? new RSAESOAEPParams() : new RSAESOAEPParams({ schema: params });
    const mgfParams: unknown = parsed.maskGenAlgorithm.algorithmParams;
    mgfHash = parsed.maskGenAlgorithm.algorithmId === MGF1 && mgfParams instanceof asn1js.Sequence ? new AlgorithmIdentifier({ schema: mgfParams }).algorithmId : undefined;
  } catch {
    throw new SealmailError('bad-message', 'the message has malformed RSAES-OAEP parameters');
  }
  const hash = HASHES[parsed.hashAlgorithm.algorithmId];
  // PKI.js fills an absent pSourceFunc with a non-empty default, so look at what the message holds.
  const pSource = params instanceof asn1js.Sequence ? params.valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 2) : undefined;
  const label: unknown = pSource === undefined ? undefined : parsed.pSourceAlgorithm.algorithmParams;
  const emptyLabel =
    label === undefined || (parsed.pSourceAlgorithm.algorithmId === P_SPECIFIED && label instanceof asn1js.OctetString && label.valueBlock.valueHexView.length === 0);
  if (!hash || HASHES[mgfHash ?? ''] !== hash || !emptyLabel) {
    throw new SealmailError('bad-message', 'the message uses RSA-OAEP parameters Sealmail does not read (the hash and MGF1 hash must match, with no label)');
  }
  return hash;
}

async function importRsaOaep(pkcs8: Uint8Array, hash: string) {
  try {
    return await subtle().importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash }, false, ['decrypt']);
  } catch {
    throw new SealmailError('bad-key', 'the private key is not a PKCS#8 RSA key');
  }
}

function forgePrivateKey(pkcs8: Uint8Array): forge.pki.rsa.PrivateKey {
  try {
    return forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(binaryString(pkcs8))) as forge.pki.rsa.PrivateKey;
  } catch {
    throw new SealmailError('bad-key', 'the private key is not a PKCS#8 RSA key');
  }
}

/** node-forge speaks "binary strings": one char per byte. */
function binaryString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

function bytesOf(binary: string): Uint8Array {
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
