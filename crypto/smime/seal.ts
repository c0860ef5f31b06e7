/**
 * smimeSeal: a plain RFC 5322 message as S/MIME signed, encrypted, or signed-then-enveloped mail
 * (RFC 8551 sections 3.3 to 3.5; sign and encrypt together nest as in section 3.4: the multipart/signed
 * entity is what gets enveloped, so the signature is hidden and verified after decryption).
 *
 * The outer header is the one crypto/seal.ts builds for OpenPGP (every non-content field but Bcc), with
 * the Subject left as written: S/MIME clients (Outlook, Apple Mail, Thunderbird) do not widely read
 * protected headers (RFC 9788), so an obscured Subject would be all their users ever saw.
 *
 * Bcc recipients get a RecipientInfo like everyone else, naming their certificate's issuer and serial:
 * CMS has no anonymous recipients, so every recipient can tell a Bcc recipient's certificate was used.
 */
import { SealmailError, checkOptions } from '../errors.js';
import { mailboxes } from '../mime/address.js';
import { encodeUtf8, isSevenBitSafe } from '../mime/bytes.js';
import { entityBytes, rawFields, sevenBitBody } from '../mime/build.js';
import { parseMessage, type MimeEntity } from '../mime/entity.js';
import { isContentField } from '../protected-headers.js';
import { outerFields, singleFrom } from '../seal.js';
import { certificateAddresses, readCertificate } from './certificate.js';
import { chainedCbc, newContentKey } from './content-encryption.js';
import { envelope } from './encrypt.js';
import { signedMessage, type SmimeSigner } from './sign.js';

export interface SmimeSealOptions {
  /** The plain message, RFC 5322 bytes (LF or CRLF line ends), with exactly one From. */
  message: Uint8Array;
  sign: boolean;
  encrypt: boolean;
  /** The sender's certificate, chain and unencrypted PKCS#8 key; required when `sign`. */
  signer?: SmimeSigner;
  /** Encryption certificates (DER or PEM) covering every To/Cc/Bcc address; required when `encrypt`. */
  recipients?: readonly Uint8Array[];
  /** The sender's own encryption certificate: always a recipient too, so the Sent copy stays readable. */
  sender?: Uint8Array;
  /** AuthEnvelopedData with AES-256-GCM; the default is EnvelopedData with AES-256-CBC, which Outlook and Apple Mail read. */
  gcm?: boolean;
  /** Signing time; defaults to now. */
  date?: Date;
}

export const SMIME_SEAL_OPTIONS = ['message', 'sign', 'encrypt', 'signer', 'recipients', 'sender', 'gcm', 'date'] as const;

const CRLF = encodeUtf8('\r\n');

export async function smimeSeal(options: SmimeSealOptions): Promise<Uint8Array> {
  checkOptions('smimeSeal', options, SMIME_SEAL_OPTIONS);
  const { message, sign, encrypt } = options;
  if (!(message instanceof Uint8Array)) throw new SealmailError('bad-option', 'smimeSeal: message must be bytes');
  if (typeof sign !== 'boolean' || typeof encrypt !== 'boolean') throw new SealmailError('bad-option', 'smimeSeal: sign and encrypt are booleans');
  if (!sign && !encrypt) throw new SealmailError('bad-option', 'smimeSeal: choose sign, encrypt, or both');
  if (options.gcm !== undefined && typeof options.gcm !== 'boolean') throw new SealmailError('bad-option', 'smimeSeal: gcm is a boolean');
  const root = parseMessage(message);
  const from = singleFrom(root);
  if (sign && !options.signer) throw new SealmailError('no-signing-key', `no S/MIME certificate and key to sign as ${from}`);
  if (encrypt) checkRecipients(root, options, from);

  const header = [...outerFields(root, { encrypt: false, autocrypt: false }, from, undefined), encodeUtf8('MIME-Version: 1.0')];
  const gcm = options.gcm ?? false;
  // CBC chains block by block, so the signed entity's beginning is encrypted while its content is still being
  // hashed for the signature (two cores, two jobs); GCM has one tag over everything and waits for the end.
  const cek = newContentKey();
  const cbc = encrypt && !gcm ? chainedCbc(cek) : null;
  const signer = { message, signer: options.signer as SmimeSigner, ...(options.date ? { date: options.date } : {}) };
  const signed = sign ? await signedMessage(signer, cbc ? (head) => cbc.head(head) : undefined) : null;
  if (!encrypt) return (signed as { message: Uint8Array }).message;

  // The multipart/signed entity as smimeSign wrote it (no second parse), or the plain content.
  const inner = signed ? signed.entity : plainContent(root);
  const { mime } = await envelope(
    {
      message: inner,
      recipients: options.recipients ?? [],
      sender: options.sender as Uint8Array,
      gcm,
      ...(cbc ? { started: { cek, encrypted: () => cbc.finish(inner) } } : {}),
    },
    header.flatMap((f) => [f, CRLF]),
  );
  return mime;
}

/** Every To/Cc/Bcc address needs a certificate naming it, and the sender's own certificate must be there: all missing ones named at once. */
function checkRecipients(root: MimeEntity, options: SmimeSealOptions, from: string): void {
  if (!options.sender) throw new SealmailError('no-recipient-key', `no S/MIME encryption certificate for the sender ${from}, so the Sent copy could not be read`);
  const certificates = options.recipients ?? [];
  if (!Array.isArray(certificates)) throw new SealmailError('bad-option', 'smimeSeal: recipients must be a list of certificate bytes');
  const covered = new Set([...certificates, options.sender].flatMap((c: Uint8Array) => certificateAddresses(readCertificate(c)).map((a) => a.toLowerCase())));
  const recipients = ['to', 'cc', 'bcc'].flatMap((name) => mailboxes(root.fields, name).map((m) => m.address.toLowerCase()));
  if (recipients.length === 0) throw new SealmailError('bad-message', 'the message has no To, Cc or Bcc recipient to encrypt to');
  const missing = [...new Set(recipients)].filter((address) => !covered.has(address));
  if (missing.length > 0) throw new SealmailError('no-recipient-key', `no S/MIME encryption certificate for ${missing.join(', ')}`);
}

/**
 * The draft's content to encrypt without a signature: canonical CRLF and every leaf 7-bit safe (RFC 8551
 * sections 3.1.1 and 3.1.2), so the decrypted entity reads the same in every client.
 */
function plainContent(root: MimeEntity): Uint8Array {
  const prepared = sevenBitBody(root);
  const kept = root.fields.filter((f) => isContentField(f) && f.name !== 'mime-version' && !(prepared.cteChanged && f.name === 'content-transfer-encoding'));
  const defaultType = kept.some((f) => f.name === 'content-type') ? [] : [encodeUtf8(`Content-Type: text/plain; charset=${isSevenBitSafe(root.body) ? 'us-ascii' : 'utf-8'}`)];
  return entityBytes([...defaultType, ...rawFields(kept), ...prepared.fields], prepared.body);
}
