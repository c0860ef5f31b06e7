// Picks the keys to seal one message with: the sender's own key and a usable key for every recipient.
import type { PrivateKey, PublicKey } from 'openpgp';
import { SealmailError } from '../crypto/errors.js';
import type { Keyring } from './keyring.js';
import { messageAddresses } from './message-addresses.js';

export interface SealingKeys {
  /** The sender's own secret key, still locked; present when signing or encrypting. */
  senderSecretKey: PrivateKey;
  /** The sender's own public key, encrypted to as well so that the sent copy stays readable. */
  senderKey: PublicKey;
  /** Every usable key of every To/Cc/Bcc recipient; empty when not encrypting. */
  encryptionKeys: PublicKey[];
}

/**
 * Fails before anything is asked of the user when the message cannot be sealed as requested:
 * no single From, no own key for it, or recipients without a key (all of them named at once).
 */
export async function sealingKeys(options: { keyring: Keyring; message: Uint8Array; encrypt: boolean; date?: Date }): Promise<SealingKeys> {
  const { keyring, message, encrypt, date = new Date() } = options;
  const { from, recipients } = messageAddresses(message);
  const [sender, ...others] = from;
  if (!sender) throw new SealmailError('bad-message', 'the message has no From address');
  if (others.length > 0) throw new SealmailError('bad-message', `the message has ${from.length} From addresses; Sealmail seals for exactly one sender`);
  const [senderSecretKey] = await keyring.signingKeysFor(sender, date);
  if (!senderSecretKey) {
    throw new SealmailError('no-signing-key', `no own key for ${sender}; create one with: sealmail keys generate --uid "Name <${sender}>"`);
  }
  const senderKey = senderSecretKey.toPublic();
  if (!encrypt) return { senderSecretKey, senderKey, encryptionKeys: [] };
  if (recipients.length === 0) throw new SealmailError('bad-message', 'the message has no To, Cc or Bcc recipient to encrypt to');
  const byFingerprint = new Map<string, PublicKey>();
  const missing: string[] = [];
  for (const recipient of recipients) {
    const keys = await keyring.encryptionKeysFor(recipient, date);
    if (keys.length === 0) missing.push(recipient);
    for (const key of keys) byFingerprint.set(key.getFingerprint(), key);
  }
  if (missing.length > 0) {
    throw new SealmailError('no-recipient-key', `no usable encryption key for ${missing.join(', ')}; import theirs with: sealmail keys import FILE`);
  }
  return { senderSecretKey, senderKey, encryptionKeys: [...byFingerprint.values()] };
}
