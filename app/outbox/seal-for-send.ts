// Seals a message for sending: which protection to apply (sign, encrypt) and the SMTP envelope, Bcc included.
import { randomUUID } from 'node:crypto';
import { SealmailError } from '../../crypto/errors.js';
import { seal } from '../../crypto/index.js';
import { unlockKey } from '../../crypto/pgp/keys.js';
import type { CertificateStore } from '../certificates/certificate-store.js';
import type { Keyring } from '../keyring.js';
import { concatBytes } from '../../crypto/mime/bytes.js';
import { headerFields, messageAddresses } from '../message-addresses.js';
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
  /** Seal with S/MIME from this certificate store instead of OpenPGP; `gcm` picks AuthEnvelopedData over CBC EnvelopedData. */
  smime?: { store: CertificateStore; gcm: boolean } | undefined;
}

export interface SealedForSend {
  sealed: Uint8Array;
  signed: boolean;
  encrypted: boolean;
  /** The single From address. */
  from: string;
  /** Every To, Cc and Bcc address: the envelope. Seal drops the Bcc header, so the envelope is its only trace. */
  recipients: string[];
}

/**
 * Without flags it signs (an own key for From is required: Sealmail never sends mail unsealed) and
 * encrypts when every recipient has a usable key. Key picking is app/sealing-keys.ts, as for `seal`.
 */
export async function sealForSend(options: SealForSendOptions): Promise<SealedForSend> {
  const { keyring } = options;
  const message = withRequiredFields(options.message);
  const auto = options.sign === undefined && options.encrypt === undefined;
  const sign = auto || options.sign === true;
  let encrypt = auto || options.encrypt === true;
  if (options.smime) return smimeForSend(message, sign, encrypt, auto, options);
  let keys: SealingKeys;
  try {
    keys = await sealingKeys({ keyring, message, encrypt });
  } catch (e) {
    // Automatic mode falls back to signing only; an explicit --encrypt keeps the error naming the recipients.
    if (!(auto && e instanceof SealmailError && e.code === 'no-recipient-key')) throw e;
    encrypt = false;
    keys = await sealingKeys({ keyring, message, encrypt });
  }
  const { from, recipients } = messageAddresses(message);
  if (recipients.length === 0) throw new SealmailError('bad-message', 'the message has no To, Cc or Bcc recipient');
  const signingKey = sign ? await unlockKey({ key: keys.senderSecretKey, passphrase: await options.passphrase() }) : undefined;
  const sealed = await seal({
    message,
    sign,
    encrypt,
    ...(signingKey ? { signingKey } : {}),
    ...(encrypt ? { encryptionKeys: keys.encryptionKeys, senderKey: keys.senderKey } : {}),
  });
  return { sealed, signed: sign, encrypted: encrypt, from: from[0] as string, recipients };
}

/** The same choices with S/MIME certificates: automatic mode encrypts only when every recipient (and the sender) has an encryption certificate. */
async function smimeForSend(message: Uint8Array, sign: boolean, encrypt: boolean, auto: boolean, options: SealForSendOptions): Promise<SealedForSend> {
  const { store, gcm } = options.smime as { store: CertificateStore; gcm: boolean };
  try {
    smimeSealingKeys({ store, message, sign, encrypt });
  } catch (e) {
    if (!(auto && e instanceof SealmailError && e.code === 'no-recipient-key')) throw e;
    encrypt = false;
  }
  const { from, recipients } = messageAddresses(message);
  if (recipients.length === 0) throw new SealmailError('bad-message', 'the message has no To, Cc or Bcc recipient');
  const sealed = await smimeSealFromStore({ store, message, sign, encrypt, gcm, passphrase: options.passphrase });
  return { sealed, signed: sign, encrypted: encrypt, from: from[0] as string, recipients };
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
