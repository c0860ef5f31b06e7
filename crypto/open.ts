// open: reads a raw message and returns its security report (decrypting and verifying as needed).
import type { PrivateKey, PublicKey } from 'openpgp';
import { SealmailError, checkOptions } from './errors.js';
import type { Acceptance, SecurityReport } from './report.js';

export interface KnownKey {
  key: PublicKey;
  acceptance: Acceptance;
}

export interface OpenOptions {
  /** The raw message exactly as received. */
  message: Uint8Array;
  /** Public keys the user has, for verification, with their acceptance. */
  verificationKeys?: KnownKey[];
  /**
   * Called only when the message is encrypted: returns the user's unlocked secret keys.
   * Lets a CLI or UI ask for a passphrase only when one is needed.
   */
  decryptionKeys?: () => Promise<PrivateKey[]>;
  /** Evaluate key validity at this time instead of now. */
  date?: Date;
}

export async function open(options: OpenOptions): Promise<SecurityReport> {
  checkOptions('open', options, ['message', 'verificationKeys', 'decryptionKeys', 'date']);
  throw new SealmailError('bad-option', 'open: not implemented yet');
}
