/**
 * The key-encryption key of ECDH key agreement in CMS: the ANSI X9.63 KDF over Z and the DER of
 * ECC-CMS-SharedInfo (RFC 5753 sections 7.2 and 3.1.1). `entityUInfo` carries the UKM when the
 * message has one and is left out when it has none, as OpenSSL writes it.
 */
import * as asn1js from 'asn1js';
import { subtle } from './content-encryption.js';

/** ECC-CMS-SharedInfo ::= SEQUENCE { keyInfo, entityUInfo [0] EXPLICIT OPTIONAL, suppPubInfo [2] EXPLICIT } */
export function eccCmsSharedInfo(keyWrapAlgorithmDer: Uint8Array, kekBits: number, ukm: Uint8Array | null): Uint8Array {
  const keyInfo = asn1js.fromBER(keyWrapAlgorithmDer).result;
  const supp = new Uint8Array([kekBits >>> 24, (kekBits >>> 16) & 0xff, (kekBits >>> 8) & 0xff, kekBits & 0xff]);
  const value: asn1js.AsnType[] = [keyInfo];
  if (ukm !== null) value.push(new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: ukm })] }));
  value.push(new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 2 }, value: [new asn1js.OctetString({ valueHex: supp })] }));
  return new Uint8Array(new asn1js.Sequence({ value }).toBER());
}

/** ANSI X9.63 KDF (SEC 1 v2 section 3.6.1): Hash(Z || counter || SharedInfo), counter from 1, big-endian 32-bit. */
export async function x963Kdf(hash: string, z: Uint8Array, sharedInfo: Uint8Array, keyBytes: number): Promise<Uint8Array> {
  const out = new Uint8Array(keyBytes);
  let filled = 0;
  for (let counter = 1; filled < keyBytes; counter++) {
    const input = new Uint8Array(z.length + 4 + sharedInfo.length);
    input.set(z);
    input.set([counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff], z.length);
    input.set(sharedInfo, z.length + 4);
    const block = new Uint8Array(await subtle().digest(hash, input));
    const take = Math.min(block.length, keyBytes - filled);
    out.set(block.subarray(0, take), filled);
    filled += take;
  }
  return out;
}
