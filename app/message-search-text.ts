// Indexes a stored message for search with what `open` reveals: the protected subject and the decrypted body, kept only in the encrypted store.
import type { PrivateKey } from 'openpgp';
import { open, type KnownKey } from '../crypto/index.js';
import type { SmimeOpenOptions } from '../crypto/root-evaluation.js';
import type { Store } from './store/store.js';

export interface IndexKeys {
  verificationKeys: KnownKey[];
  /** Called only for encrypted mail, as open() does, so plain mail never asks for the passphrase. */
  decryptionKeys: () => Promise<PrivateKey[]>;
  /** S/MIME trust anchors and the user's identities (app/smime-trust.ts). */
  smime?: SmimeOpenOptions;
}

/**
 * Re-indexes message `id` from its raw source. Returns false when the message could not be opened
 * (undecryptable, too large): it keeps the envelope text the sync indexed, and sync goes on.
 */
export async function indexOpenedMessage(store: Store, id: number, keys: IndexKeys): Promise<boolean> {
  const raw = store.messages.raw(id);
  const stored = store.messages.get(id);
  if (!raw || !stored) return false;
  const report = await open({ message: raw, ...keys }).catch(() => null);
  if (!report || report.encryption.state === 'failed') return false;
  const before = store.messages.indexed(id);
  store.messages.index(id, {
    subject: report.subject ?? stored.subject,
    from: before?.from ?? stored.from,
    to: before?.to ?? '',
    body: report.text ?? '',
  });
  return true;
}
