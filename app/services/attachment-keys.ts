// OpenPGP public keys that arrived as mail attachments (issue 6 §1): which attachments hold them, and their import as undecided keys.
import type { PublicKey } from 'openpgp';
import { SealmailError } from '../../crypto/errors.js';
import { readKeys } from '../../crypto/pgp/keys.js';
import type { AttachmentInfo, SecurityReport } from '../../crypto/report.js';
import type { ProvenanceInput } from '../key-provenance.js';
import type { Keyring, KeyringEntry } from '../keyring.js';
import type { StoredAttachment } from './stored-message.js';

export const SECRET_KEY_REFUSAL = 'this attachment holds a secret key; import it from the key manager if it is yours';

/** RFC 3156 section 7 names application/pgp-keys; .asc, .key and .pgp are the names keys are sent under otherwise. */
function mayHoldKey(a: Pick<AttachmentInfo, 'name' | 'type'>): boolean {
  return a.type.split(';')[0]?.trim().toLowerCase() === 'application/pgp-keys' || /\.(asc|key|pgp)$/i.test(a.name ?? '');
}

/** The public keys in an attachment; a secret key, or anything that is not key data, is refused in one line. */
async function publicKeysOf(a: Pick<AttachmentInfo, 'name' | 'type'> & { content: Uint8Array }): Promise<PublicKey[]> {
  if (!mayHoldKey(a)) throw new SealmailError('bad-key', 'this attachment is not an OpenPGP key (application/pgp-keys, or a .asc, .key or .pgp file)');
  const keys = await readKeys({ data: a.content }).catch(() => {
    throw new SealmailError('bad-key', 'this attachment holds no OpenPGP public key');
  });
  if (keys.some((k) => k.isPrivate())) throw new SealmailError('bad-key', SECRET_KEY_REFUSAL);
  return keys as PublicKey[];
}

/**
 * The indexes of `report`'s attachments that hold only OpenPGP public keys. The bytes are read (`withContent`)
 * only when an attachment's type or name says it may be a key, so other mail is opened once.
 */
export async function keyAttachments(report: SecurityReport, withContent: () => Promise<SecurityReport>): Promise<number[]> {
  if (report.encryption.state === 'failed' || !report.attachments.some(mayHoldKey)) return [];
  const full = await withContent();
  const found: number[] = [];
  for (const [i, a] of full.attachments.entries()) {
    if (!a.content || !mayHoldKey(a)) continue;
    if (await publicKeysOf({ ...a, content: a.content }).then(() => true, () => false)) found.push(i);
  }
  return found;
}

/** Adds an attachment's public keys as undecided (a key for an address with an accepted key becomes a key change, as keyring.add decides). */
export async function importAttachmentKeys(keyring: Keyring, attachment: StoredAttachment, envelope: { subject: string; from: string }): Promise<KeyringEntry[]> {
  const keys = await publicKeysOf(attachment);
  const { report } = attachment;
  // The message as the reader shows it: its (protected) subject and From address, the envelope's when it has none.
  const detail = `attached to "${report.subject ?? envelope.subject}" from ${report.from ?? envelope.from}`;
  const provenance: ProvenanceInput = { kind: 'attachment', detail };
  const added: KeyringEntry[] = [];
  for (const key of keys) added.push((await keyring.add({ key, provenance })).entry);
  return added;
}
