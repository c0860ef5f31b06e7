// A stored message opened for the services: the report `sealmail read` gives, and one attachment's decoded bytes (mail.attachment, keys.importAttachment).
import { SealmailError } from '../../crypto/errors.js';
import { open } from '../../crypto/index.js';
import type { SecurityReport } from '../../crypto/report.js';
import type { IndexKeys } from '../message-search-text.js';
import { smimeOpenOptions } from '../smime-trust.js';
import type { MessageSummary } from '../store/messages.js';
import type { ServiceRuntime } from './runtime.js';

/** The keys open() needs: the keyring's public keys with their acceptance, the own secret keys, the S/MIME trust. */
export async function openingKeys(runtime: ServiceRuntime): Promise<IndexKeys> {
  return {
    verificationKeys: runtime.need().keyring.list().map(({ key, meta }) => ({ key: key.toPublic(), acceptance: meta.acceptance })),
    decryptionKeys: () => runtime.secretKeys(),
    smime: await smimeOpenOptions({ profile: runtime.profile, passphrase: async () => runtime.cachedPassphrase() }),
  };
}

export function storedMessage(runtime: ServiceRuntime, messageId: number): MessageSummary {
  const message = runtime.need().mail.store.messages.get(messageId);
  if (!message) throw new SealmailError('bad-option', `there is no message ${messageId}; it may have been moved or deleted`);
  return message;
}

/** `attachmentContent`: whether the report carries the attachments' decoded bytes. */
export async function openStored(runtime: ServiceRuntime, messageId: number, attachmentContent: boolean): Promise<SecurityReport> {
  const raw = runtime.need().mail.store.messages.raw(storedMessage(runtime, messageId).id);
  if (!raw) throw new SealmailError('bad-option', `message ${messageId} has no stored source`);
  return open({ message: raw, ...(await openingKeys(runtime)), attachmentContent });
}

export interface StoredAttachment {
  name: string;
  type: string;
  content: Uint8Array;
  /** The report of the message it came from (its subject and From name where the attachment came from). */
  report: SecurityReport;
}

/** Attachment `index` (0-based) of a message; refused for mail that could not be decrypted, which shows nothing. */
export async function storedAttachment(runtime: ServiceRuntime, messageId: number, index: number): Promise<StoredAttachment> {
  const report = await openStored(runtime, messageId, true);
  if (report.encryption.state === 'failed') throw new SealmailError('decrypt-failed', report.encryption.error ?? 'the message could not be decrypted');
  const found = report.attachments[index];
  if (!found?.content) throw new SealmailError('bad-option', `message ${messageId} has no attachment ${index + 1}`);
  return { name: found.name ?? `attachment-${index + 1}`, type: found.type, content: found.content, report };
}
