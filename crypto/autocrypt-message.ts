// What one received message says for Autocrypt Level 1 (section 2.3): sender, effective date, header, and gossip.
import type { PrivateKey } from 'openpgp';
import { readAutocrypt } from './autocrypt.js';
import { gossipRecipients, readGossip } from './autocrypt-gossip.js';
import { checkOptions } from './errors.js';
import { mailboxes } from './mime/address.js';
import { parseEntity, parseMessage, type MimeEntity } from './mime/entity.js';
import { headerValue } from './mime/header.js';
import { decodeBody } from './mime/transfer.js';
import { decryptMessage } from './pgp/decrypt.js';
import { hasProtectedHeaders } from './protected-headers.js';
import type { AutocryptOffer } from './report.js';
import { isPgpEncrypted } from './root-evaluation.js';

export interface AutocryptMessage {
  /** The single From address, lower-cased. */
  from: string;
  /** min(Date header, now): a message dated in the future must not win over later real ones. */
  effectiveDate: Date;
  /** The one valid Autocrypt header for From, or null (none, several, or invalid). */
  header: AutocryptOffer | null;
  /** Gossiped keys for recipients of the message, read from inside the encryption only. */
  gossip: AutocryptOffer[];
}

export interface ReadAutocryptMessageOptions {
  message: Uint8Array;
  /** The user's unlocked secret keys, asked for only when the message is PGP/MIME encrypted; without it, no gossip. */
  decryptionKeys?: () => Promise<PrivateKey[]>;
  /** The receiving time; defaults to now. */
  now?: Date;
}

/**
 * Null when Autocrypt must ignore the message: no From or several, or a multipart/report (bounces and
 * receipts are machine-written and say nothing about the sender's mail client).
 */
export async function readAutocryptMessage(options: ReadAutocryptMessageOptions): Promise<AutocryptMessage | null> {
  checkOptions('readAutocryptMessage', options, ['message', 'decryptionKeys', 'now']);
  const now = options.now ?? new Date();
  const root = parseMessage(options.message);
  const from = mailboxes(root.fields, 'from');
  if (from.length !== 1 || root.type === 'multipart/report') return null;
  const address = (from[0] as { address: string }).address;
  const dated = Date.parse(headerValue(root.fields, 'date') ?? '');
  const effectiveDate = new Date(Number.isNaN(dated) ? now.getTime() : Math.min(dated, now.getTime()));
  const header = await readAutocrypt(root.fields, address);
  const inner = options.decryptionKeys && isPgpEncrypted(root) ? await decryptedPayload(root, options.decryptionKeys) : null;
  // The protected To/Cc when the payload carries them (they cannot have been changed on the way), else the outer ones.
  const recipients = inner && hasProtectedHeaders(inner) ? inner.fields : root.fields;
  const gossip = inner ? await readGossip(inner.fields, gossipRecipients(recipients, address)) : [];
  return { from: address, effectiveDate, header, gossip };
}

/** The decrypted payload's root part, or null when it cannot be decrypted (then there is simply no gossip). */
async function decryptedPayload(root: MimeEntity, keys: () => Promise<PrivateKey[]>): Promise<MimeEntity | null> {
  try {
    const { plaintext } = await decryptMessage(decodeBody(root.children[1] as MimeEntity), keys);
    return parseEntity(plaintext, 0, plaintext.length, '', 'text/plain', { parts: 0 }, 1);
  } catch {
    return null;
  }
}
