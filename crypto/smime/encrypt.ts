/**
 * S/MIME encryption (RFC 8551 section 3.3): a MIME entity sealed in EnvelopedData with AES-256-CBC
 * (the default, which Outlook and Apple Mail read) or AuthEnvelopedData with AES-256-GCM, for every
 * recipient and always for the sender too, so the sender can read their own Sent mail.
 */
import { checkOptions, SealmailError } from '../errors.js';
import { concatBytes } from '../mime/bytes.js';
import { authEnvelopedDataRuns } from './auth-enveloped-data.js';
import { encryptContent, newContentKey, type ContentEncryption } from './content-encryption.js';
import { envelopedDataRuns } from './enveloped-data.js';
import { envelopedEntity, type SmimeType } from './enveloped-mime.js';
import { checkEncryptionUsage, readRecipientCertificate, sameBytes, type RecipientCertificate } from './enveloped-recipients.js';
import { keyAgreementRecipient } from './key-agreement.js';
import { keyTransportRecipient } from './key-transport.js';

export interface SmimeEncryptOptions {
  /** The MIME entity to encrypt (header fields, empty line, body), canonical CRLF; sealed byte for byte. */
  message: Uint8Array;
  /** Recipient certificates, DER or PEM. RSA gets key transport, EC P-256 gets ECDH. */
  recipients: readonly Uint8Array[];
  /** The sender's own encryption certificate, DER or PEM: always a recipient as well. */
  sender: Uint8Array;
  /** AuthEnvelopedData with AES-256-GCM instead of EnvelopedData with AES-256-CBC. Default false. */
  gcm?: boolean;
  /** RSA recipients get RSAES-OAEP (SHA-256) instead of RSAES-PKCS1-v1_5. Default false. */
  rsaOaep?: boolean;
}

export interface SmimeEncrypted {
  /** The application/pkcs7-mime entity: its header fields, an empty line, the base64 CMS. */
  mime: Uint8Array;
  /** The DER ContentInfo alone. */
  cms: Uint8Array;
  smimeType: SmimeType;
}

const KNOWN = ['message', 'recipients', 'sender', 'gcm', 'rsaOaep'] as const;

export async function smimeEncrypt(options: SmimeEncryptOptions): Promise<SmimeEncrypted> {
  checkOptions('smimeEncrypt', options, KNOWN);
  const { message, recipients, sender, gcm = false, rsaOaep = false } = options;
  if (!(message instanceof Uint8Array)) throw new SealmailError('bad-option', 'smimeEncrypt: message must be bytes');
  if (!Array.isArray(recipients) || !recipients.every((r) => r instanceof Uint8Array)) {
    throw new SealmailError('bad-option', 'smimeEncrypt: recipients must be a list of certificate bytes');
  }
  if (!(sender instanceof Uint8Array)) throw new SealmailError('bad-option', 'smimeEncrypt: sender must be certificate bytes');
  if (typeof gcm !== 'boolean' || typeof rsaOaep !== 'boolean') throw new SealmailError('bad-option', 'smimeEncrypt: gcm and rsaOaep are booleans');
  const { runs, mime, smimeType } = await envelope({ message, recipients, sender, gcm, rsaOaep });
  let cms: Uint8Array | undefined;
  return {
    mime,
    // Joined only when asked for: a large message's DER would otherwise be one more copy of it.
    get cms() {
      cms ??= concatBytes(runs);
      return cms;
    },
    smimeType,
  };
}

/**
 * smimeEncrypt's work without the argument checks, for smimeSeal too: `prefix` (a message's outer header
 * fields) is written ahead of the entity in the same buffer.
 */
export async function envelope(
  options: Required<Omit<SmimeEncryptOptions, 'rsaOaep'>> & {
    rsaOaep?: boolean;
    /** Content encryption already under way (CBC begun before the message was complete), with its key. */
    started?: { cek: Uint8Array; encrypted: () => Promise<ContentEncryption> };
  },
  prefix: readonly Uint8Array[] = [],
): Promise<{ runs: Uint8Array[]; mime: Uint8Array; smimeType: SmimeType }> {
  const { message, recipients, sender, gcm, rsaOaep = false, started } = options;
  const certificates: RecipientCertificate[] = [];
  for (const bytes of [...recipients, sender]) {
    const certificate = readRecipientCertificate(bytes, 'no-recipient-key');
    checkEncryptionUsage(certificate);
    if (!certificates.some((c) => sameBytes(c.der, certificate.der))) certificates.push(certificate);
  }

  const cek = started?.cek ?? newContentKey();
  const recipientInfos = await Promise.all(
    certificates.map((c) => (c.kind === 'rsa' ? keyTransportRecipient(c, cek, rsaOaep ? 'oaep' : 'pkcs1-v1_5') : keyAgreementRecipient(c, cek))),
  );
  const encrypted = started ? await started.encrypted() : await encryptContent(gcm ? 'gcm' : 'cbc', cek, message);
  const runs = gcm ? authEnvelopedDataRuns(recipientInfos, encrypted) : envelopedDataRuns(recipientInfos, encrypted);
  const smimeType: SmimeType = gcm ? 'authEnveloped-data' : 'enveloped-data';
  return { runs, mime: envelopedEntity(runs, smimeType, prefix), smimeType };
}
