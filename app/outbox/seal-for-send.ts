// Seals a message for sending: which protection to apply (sign, encrypt) and the SMTP envelope, Bcc included.
import { randomUUID } from 'node:crypto';
import { SealmailError } from '../../crypto/errors.js';
import { seal } from '../../crypto/index.js';
import { unlockKey } from '../../crypto/pgp/keys.js';
import type { CertificateStore } from '../certificates/certificate-store.js';
import type { Keyring } from '../keyring.js';
import { concatBytes } from '../../crypto/mime/bytes.js';
import { headerFields, messageAddresses } from '../message-addresses.js';
import { recipientPolicy, type Scheme } from '../recipient-policy.js';
import { sealingKeys, type SealingKeys } from '../sealing-keys.js';
import { smimeSealFromStore, smimeSealingKeys } from '../smime-sealing-keys.js';

export interface SealForSendOptions {
  keyring: Keyring;
  /** The plain RFC 5322 message as the user wrote it. */
  message: Uint8Array;
  /** What the user asked for; both undefined means "as much as the keys allow". */
  sign?: boolean | undefined;
  encrypt?: boolean | undefined;
  /** Asked only once sealing is sure to be possible, so a refusal never costs a prompt. */
  passphrase: () => Promise<string>;
  /**
   * Which scheme seals the message: 'auto' (the default) takes the recipient policy's answer
   * (app/recipient-policy.ts, the same one the compose screen shows), 'pgp' or 'smime' force one.
   */
  scheme?: 'auto' | 'pgp' | 'smime' | undefined;
  /** The profile's S/MIME certificates; needed for 'smime', and for 'auto' to consider S/MIME at all. */
  certificates?: CertificateStore | undefined;
  /** S/MIME only: AuthEnvelopedData with AES-256-GCM instead of CBC EnvelopedData. */
  gcm?: boolean | undefined;
  /** OpenPGP only: the prefer-encrypt the Autocrypt header announces (default 'nopreference', see seal()). */
  preferEncrypt?: 'mutual' | 'nopreference' | undefined;
}

export interface SealedForSend {
  sealed: Uint8Array;
  signed: boolean;
  encrypted: boolean;
  /** The single From address. */
  from: string;
  /** Every To, Cc and Bcc address: the envelope. Seal drops the Bcc header, so the envelope is its only trace. */
  recipients: string[];
  scheme: Scheme;
  /** Why a message sealed without a say on encryption went out unencrypted, in one line; null otherwise. */
  notEncrypted: string | null;
}

/**
 * Without flags it signs (an own key for From is required: Sealmail never sends mail unsealed) and
 * encrypts when every recipient has a usable key, with the scheme the recipient policy picks. Key picking
 * is app/sealing-keys.ts (OpenPGP, as for `seal`) and app/smime-sealing-keys.ts (S/MIME).
 */
export async function sealForSend(options: SealForSendOptions): Promise<SealedForSend> {
  const { keyring } = options;
  const message = withRequiredFields(options.message);
  const auto = options.sign === undefined && options.encrypt === undefined;
  const sign = auto || options.sign === true;
  const encrypt = auto || options.encrypt === true;
  const { from, recipients } = messageAddresses(message);
  let scheme: Scheme;
  let policyReason: string | null = null;
  if (options.scheme === 'pgp' || options.scheme === 'smime') scheme = options.scheme;
  else {
    const policy = await recipientPolicy({ keyring, store: options.certificates, sender: from[0] ?? '', recipients });
    scheme = policy.scheme;
    policyReason = policy.reason;
    // Everyone has a key, but not of one kind: name who has which rather than everyone without an OpenPGP key.
    if (encrypt && !auto && policy.reasonCode === 'mixed') throw new SealmailError('no-recipient-key', policy.reason as string);
  }
  // A key change waiting for the user's decision, whether the scheme was picked or asked for: OpenPGP never
  // picks one of the two keys silently, and the message never falls back to the clear because of it.
  const changed = scheme === 'pgp' && encrypt ? [...new Set(recipients.map((a) => a.toLowerCase()))].filter((a) => keyring.keyChangesFor(a).length > 0) : [];
  if (changed.length > 0) {
    throw new SealmailError('no-recipient-key', `a new key appeared for ${changed.join(', ')}: compare fingerprints and accept one with: sealmail keys accept ID --level ...`);
  }
  if (scheme === 'smime') {
    if (!options.certificates) throw new SealmailError('bad-option', 'sealing with S/MIME needs the certificate store');
    return smimeForSend(message, sign, encrypt, auto, options.certificates, options, policyReason);
  }
  let keys: SealingKeys;
  let sealEncrypted = encrypt;
  let notEncrypted: string | null = null;
  try {
    keys = await sealingKeys({ keyring, message, encrypt });
  } catch (e) {
    // Automatic mode falls back to signing only; an explicit --encrypt keeps the error naming the recipients.
    if (!(auto && e instanceof SealmailError && e.code === 'no-recipient-key')) throw e;
    sealEncrypted = false;
    notEncrypted = policyReason ?? e.message;
    keys = await sealingKeys({ keyring, message, encrypt: false });
  }
  if (recipients.length === 0) throw new SealmailError('bad-message', 'the message has no To, Cc or Bcc recipient');
  const signingKey = sign ? await unlockKey({ key: keys.senderSecretKey, passphrase: await options.passphrase() }) : undefined;
  const sealed = await seal({
    message,
    sign,
    encrypt: sealEncrypted,
    ...(signingKey ? { signingKey } : {}),
    ...(sealEncrypted ? { encryptionKeys: keys.encryptionKeys, senderKey: keys.senderKey } : {}),
    ...(options.preferEncrypt ? { preferEncrypt: options.preferEncrypt } : {}),
  });
  return { sealed, signed: sign, encrypted: sealEncrypted, from: from[0] as string, recipients, scheme: 'pgp', notEncrypted };
}

/** The same choices with S/MIME certificates: automatic mode encrypts only when every recipient (and the sender) has an encryption certificate. */
async function smimeForSend(
  message: Uint8Array,
  sign: boolean,
  encrypt: boolean,
  auto: boolean,
  store: CertificateStore,
  options: SealForSendOptions,
  policyReason: string | null,
): Promise<SealedForSend> {
  let notEncrypted: string | null = null;
  try {
    smimeSealingKeys({ store, message, sign, encrypt });
  } catch (e) {
    if (!(auto && e instanceof SealmailError && e.code === 'no-recipient-key')) throw e;
    encrypt = false;
    notEncrypted = policyReason ?? e.message;
  }
  const { from, recipients } = messageAddresses(message);
  if (recipients.length === 0) throw new SealmailError('bad-message', 'the message has no To, Cc or Bcc recipient');
  const sealed = await smimeSealFromStore({ store, message, sign, encrypt, gcm: options.gcm === true, passphrase: options.passphrase });
  return { sealed, signed: sign, encrypted: encrypt, from: from[0] as string, recipients, scheme: 'smime', notEncrypted };
}

/**
 * RFC 5322 section 3.6 requires Date and asks for Message-ID; Sealmail needs the Message-ID too, to find an
 * already filed Sent copy after a crash. A draft without them gets them before sealing, so both are signed.
 */
function withRequiredFields(message: Uint8Array): Uint8Array {
  const fields = headerFields(message);
  const { from } = messageAddresses(message);
  const domain = from[0]?.split('@')[1] ?? 'sealmail.invalid';
  const added = [
    fields.has('date') ? null : `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    fields.has('message-id') ? null : `Message-ID: <${randomUUID()}@${domain}>`,
  ].filter((line): line is string => line !== null);
  if (added.length === 0) return message;
  const eol = /\r\n/.test(new TextDecoder().decode(message.subarray(0, 2048))) ? '\r\n' : '\n';
  return concatBytes([new TextEncoder().encode(added.join(eol) + eol), message]);
}
