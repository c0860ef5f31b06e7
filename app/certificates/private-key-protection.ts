// Own S/MIME private keys at rest: encrypted PKCS#8 (RFC 5958) with PBES2 (RFC 8018): PBKDF2-HMAC-SHA256 and AES-256-CBC.
import { createCipheriv, createPrivateKey, type KeyObject, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Integer, Null, ObjectIdentifier, OctetString, Sequence } from 'asn1js';
import { SealmailError } from '../../crypto/errors.js';

const OID_PBES2 = '1.2.840.113549.1.5.13';
const OID_PBKDF2 = '1.2.840.113549.1.5.12';
const OID_HMAC_SHA256 = '1.2.840.113549.2.9';
const OID_AES256_CBC = '2.16.840.1.101.3.4.1.42';
/**
 * Node's own `export({ cipher, passphrase })` uses OpenSSL's default of 2048 PBKDF2 iterations, far too few
 * for a file that may leave the machine in a backup; OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600,000.
 */
export const PBKDF2_ITERATIONS = 600_000;

/** The PEM "ENCRYPTED PRIVATE KEY" for `key`, readable by OpenSSL (`openssl pkey -passin`) and Node. */
export async function protectPrivateKey(options: { key: KeyObject; passphrase: string }): Promise<string> {
  const { key, passphrase } = options;
  if (passphrase === '') throw new SealmailError('passphrase-required', 'an empty passphrase cannot protect a private key');
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const kek = await promisify(pbkdf2)(passphrase, salt, PBKDF2_ITERATIONS, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', kek, iv);
  const encrypted = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  const info = new Sequence({
    value: [
      new Sequence({
        value: [
          new ObjectIdentifier({ value: OID_PBES2 }),
          new Sequence({
            value: [
              new Sequence({
                value: [
                  new ObjectIdentifier({ value: OID_PBKDF2 }),
                  new Sequence({
                    value: [
                      new OctetString({ valueHex: salt }),
                      new Integer({ value: PBKDF2_ITERATIONS }),
                      new Sequence({ value: [new ObjectIdentifier({ value: OID_HMAC_SHA256 }), new Null()] }),
                    ],
                  }),
                ],
              }),
              new Sequence({ value: [new ObjectIdentifier({ value: OID_AES256_CBC }), new OctetString({ valueHex: iv })] }),
            ],
          }),
        ],
      }),
      new OctetString({ valueHex: encrypted }),
    ],
  });
  const base64 = Buffer.from(info.toBER()).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END ENCRYPTED PRIVATE KEY-----\n`;
}

/** The private key from its protected PEM; a passphrase that does not open it is 'wrong-passphrase'. */
export function unlockPrivateKey(options: { pem: string; passphrase: string }): KeyObject {
  const { pem, passphrase } = options;
  if (!pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    throw new SealmailError('profile', 'a stored S/MIME private key is not encrypted; refusing to use it');
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch {
    throw new SealmailError('wrong-passphrase', 'the passphrase does not unlock the S/MIME private key');
  }
}
