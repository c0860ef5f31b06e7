// Writes your certificate, its chain and its private key as a PKCS#12 file (RFC 7292) that OpenSSL 3, Windows and macOS import.
import { createCipheriv, createHash, createHmac, type KeyObject, pbkdf2Sync, randomBytes } from 'node:crypto';
import { BmpString, Null, OctetString } from 'asn1js';
import {
  AlgorithmIdentifier, Attribute, AuthenticatedSafe, CertBag, ContentInfo, DigestInfo, EncryptedContentInfo, EncryptedData, MacData,
  PBES2Params, PBKDF2Params, PFX, PKCS8ShroudedKeyBag, SafeBag, SafeContents,
} from 'pkijs';
import { SealmailError } from '../../crypto/errors.js';
import { certificateFacts } from './certificate-facts.js';
import { pkcs12MacKey } from './pkcs12-mac-key.js';

/**
 * PBKDF2 iterations for the key, for the certificates and for the MAC key: 50 times OpenSSL 3's default of 2048, and
 * with the three derivations a file needs still below the totals some loaders cap (.NET's Pkcs12LoaderLimits).
 */
export const EXPORT_ITERATIONS = 100_000;

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  sha256: '2.16.840.1.101.3.4.2.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
} as const;

/**
 * The key (PKCS#8, RSA or EC alike) in a pkcs8ShroudedKeyBag and the certificates in an EncryptedData, both under PBES2
 * (PBKDF2-HMAC-SHA256, AES-256-CBC), the whole under an HMAC-SHA256 MAC: what `openssl pkcs12 -export` writes by
 * default. Your certificate and the key share a friendlyName and a localKeyId, which is how readers pair them.
 * PKI.js builds the structures; node:crypto does the encryption, so the export stays synchronous (PKI.js's own
 * encryption runs through WebCrypto, asynchronously).
 */
export function writePkcs12(options: { certificate: Uint8Array; chain: Uint8Array[]; privateKey: KeyObject; password: string }): Uint8Array {
  const { certificate, chain, privateKey, password } = options;
  if (password === '') throw new SealmailError('passphrase-required', 'an empty password cannot protect the PKCS#12 file');
  const pairing = pairingAttributes(certificate);

  const keyBag = new SafeBag({
    bagId: OID.pkcs8ShroudedKeyBag,
    bagValue: new PKCS8ShroudedKeyBag(encrypt(privateKey.export({ format: 'der', type: 'pkcs8' }), password)),
    bagAttributes: pairing,
  });
  const certificateBags = [certificate, ...chain].map((der) => new SafeBag({
    bagId: OID.certBag,
    bagValue: new CertBag({ certId: OID.x509Certificate, certValue: new OctetString({ valueHex: der }) }),
    bagAttributes: der === certificate ? pairing : undefined,
  }));
  const sealedCertificates = encrypt(derOf(new SafeContents({ safeBags: certificateBags })), password);

  const authenticatedSafe = derOf(new AuthenticatedSafe({
    safeContents: [
      new ContentInfo({
        contentType: OID.encryptedData,
        content: new EncryptedData({
          version: 0,
          encryptedContentInfo: new EncryptedContentInfo({
            contentType: OID.data,
            contentEncryptionAlgorithm: sealedCertificates.encryptionAlgorithm,
            encryptedContent: sealedCertificates.encryptedData,
            disableSplit: true,
          }),
        }).toSchema(),
      }),
      new ContentInfo({ contentType: OID.data, content: new OctetString({ valueHex: derOf(new SafeContents({ safeBags: [keyBag] })) }) }),
    ],
  }));

  const pfx = new PFX({
    version: 3,
    authSafe: new ContentInfo({ contentType: OID.data, content: new OctetString({ valueHex: authenticatedSafe }) }),
    macData: macOver(authenticatedSafe, password),
  });
  return derOf(pfx);
}

/** PBES2 (RFC 8018 section 6.2) with PBKDF2-HMAC-SHA256 and AES-256-CBC; the password as its UTF-8 bytes, as OpenSSL takes it. */
function encrypt(plain: Uint8Array, password: string): { encryptionAlgorithm: AlgorithmIdentifier; encryptedData: OctetString } {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, EXPORT_ITERATIONS, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  const kdf = new PBKDF2Params({
    salt: new OctetString({ valueHex: salt }),
    iterationCount: EXPORT_ITERATIONS,
    prf: new AlgorithmIdentifier({ algorithmId: OID.hmacWithSha256, algorithmParams: new Null() }),
  });
  const params = new PBES2Params({
    keyDerivationFunc: new AlgorithmIdentifier({ algorithmId: OID.pbkdf2, algorithmParams: kdf.toSchema() }),
    encryptionScheme: new AlgorithmIdentifier({ algorithmId: OID.aes256Cbc, algorithmParams: new OctetString({ valueHex: iv }) }),
  });
  return {
    encryptionAlgorithm: new AlgorithmIdentifier({ algorithmId: OID.pbes2, algorithmParams: params.toSchema() }),
    encryptedData: new OctetString({ valueHex: encrypted }),
  };
}

/**
 * HMAC-SHA256 over the AuthenticatedSafe's DER (RFC 7292 section 5.1), keyed by the PKCS#12 KDF. The salt has
 * OpenSSL's 8 bytes: macOS Keychain has been reported to refuse files whose only difference was a 16-byte MAC salt.
 */
function macOver(authenticatedSafe: Uint8Array, password: string): MacData {
  const salt = randomBytes(8);
  const key = pkcs12MacKey({ password, salt, iterations: EXPORT_ITERATIONS });
  const mac = createHmac('sha256', key).update(authenticatedSafe).digest();
  return new MacData({
    mac: new DigestInfo({
      digestAlgorithm: new AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new Null() }),
      digest: new OctetString({ valueHex: mac }),
    }),
    macSalt: new OctetString({ valueHex: salt }),
    iterations: EXPORT_ITERATIONS,
  });
}

/**
 * friendlyName (the certificate's e-mail address, else its subject: the name Windows and Keychain Access show) and
 * localKeyId (the certificate's SHA-1, as OpenSSL sets it; an identifier, not a security check).
 */
function pairingAttributes(certificate: Uint8Array): Attribute[] {
  const facts = certificateFacts(certificate);
  return [
    new Attribute({ type: OID.friendlyName, values: [new BmpString({ value: facts.emails[0] ?? facts.subject })] }),
    new Attribute({ type: OID.localKeyId, values: [new OctetString({ valueHex: createHash('sha1').update(certificate).digest() })] }),
  ];
}

function derOf(value: { toSchema(): { toBER(sizeOnly?: boolean): ArrayBuffer } }): Uint8Array {
  return new Uint8Array(value.toSchema().toBER(false));
}
