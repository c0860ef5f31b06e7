// PKCS#12 (RFC 7292) files as CAs hand them out, legacy RC2-40/3DES ones included, read with node-forge (Node cannot).
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { fromBER, Integer, ObjectIdentifier, Sequence } from 'asn1js';
import { SealmailError } from '../../crypto/errors.js';
import { parseX509 } from './certificate-facts.js';

// The writer lives in its own file; `keys export` finds it here, beside the reader.
export { writePkcs12 } from './pkcs12-export.js';

const OID_DATA = '1.2.840.113549.1.7.1';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

export interface Pkcs12Contents {
  /** The private key with the certificate it belongs to, when the file holds one. */
  own: { certificate: Uint8Array; privateKey: KeyObject } | null;
  /** Every other certificate in the file: usually the issuing chain. */
  others: Uint8Array[];
}

/** True for the PFX structure (RFC 7292 section 4): SEQUENCE { INTEGER 3, ContentInfo { data | signedData } }. */
export function isPkcs12(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x30) return false;
  const asn1 = fromBER(new Uint8Array(bytes).buffer); // a copy: a Node Buffer may be a view into a shared pool
  if (asn1.offset === -1 || !(asn1.result instanceof Sequence)) return false;
  const [version, authSafe] = asn1.result.valueBlock.value;
  if (!(version instanceof Integer) || version.valueBlock.valueDec !== 3 || !(authSafe instanceof Sequence)) return false;
  const contentType = authSafe.valueBlock.value[0];
  return contentType instanceof ObjectIdentifier && [OID_DATA, OID_SIGNED_DATA].includes(contentType.valueBlock.toString());
}

/** Decrypts and splits a PKCS#12 file; a password that fails the MAC or the decryption is 'wrong-passphrase'. */
export function readPkcs12(options: { data: Uint8Array; password: string }): Pkcs12Contents {
  const { data, password } = options;
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(data).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/password/i.test(message)) throw new SealmailError('wrong-passphrase', 'the PKCS#12 password is wrong');
    throw new SealmailError('bad-key', `not a readable PKCS#12 file (${message.split('\n')[0]})`);
  }
  const certificates: Uint8Array[] = [];
  const keys: KeyObject[] = [];
  for (const safe of p12.safeContents) {
    for (const bag of safe.safeBags) {
      // forge parses only RSA keys and certificates; for others it leaves the ASN.1 in `bag.asn1`.
      const raw = (bag as { asn1?: forge.asn1.Asn1 }).asn1;
      if (bag.type === forge.pki.oids.certBag) {
        const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : raw;
        if (asn1) certificates.push(derBytes(asn1));
      } else if (bag.type === forge.pki.oids.keyBag || bag.type === forge.pki.oids.pkcs8ShroudedKeyBag) {
        const asn1 = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : raw;
        if (asn1) keys.push(privateKeyFrom(derBytes(asn1)));
      }
    }
  }
  if (keys.length > 1) throw new SealmailError('bad-key', `the PKCS#12 file holds ${keys.length} private keys; Sealmail takes one per file`);
  const [privateKey] = keys;
  if (!privateKey) return { own: null, others: certificates };
  const publicDer = publicKeyDer(createPublicKey(privateKey));
  const mine = certificates.find((der) => publicKeyDer(parseX509(der).publicKey) === publicDer);
  if (!mine) throw new SealmailError('bad-key', 'the PKCS#12 file holds a private key but not its certificate');
  return { own: { certificate: mine, privateKey }, others: certificates.filter((der) => der !== mine) };
}

function privateKeyFrom(pkcs8: Uint8Array): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  } catch {
    throw new SealmailError('bad-key', 'the private key in the PKCS#12 file cannot be read');
  }
}

function publicKeyDer(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).toString('hex');
}

function derBytes(asn1: forge.asn1.Asn1): Uint8Array {
  return new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}
