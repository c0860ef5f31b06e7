// seal: turns a plain RFC 5322 message into a PGP/MIME signed, encrypted, or signed+encrypted one.
import type { PrivateKey, PublicKey } from 'openpgp';
import { SealmailError, checkOptions } from './errors.js';

export interface SealOptions {
  /** The plain message, RFC 5322 bytes (LF or CRLF line ends). */
  message: Uint8Array;
  sign: boolean;
  encrypt: boolean;
  /** The sender's unlocked secret key; required when `sign`. */
  signingKey?: PrivateKey;
  /** One or more keys per To/Cc/Bcc recipient; every recipient must be covered. */
  encryptionKeys?: PublicKey[];
  /** The sender's public key, to encrypt to self; defaults to the public half of `signingKey`. */
  senderKey?: PublicKey;
  /** Emit an Autocrypt header advertising the sender's key (default true when a sender key is known). */
  autocrypt?: boolean;
  /** Signature time; defaults to now. */
  date?: Date;
}

export async function seal(options: SealOptions): Promise<Uint8Array> {
  checkOptions('seal', options, ['message', 'sign', 'encrypt', 'signingKey', 'encryptionKeys', 'senderKey', 'autocrypt', 'date']);
  throw new SealmailError('bad-option', 'seal: not implemented yet');
}
