// Files a sent message's raw bytes (the encrypted-to-self copy) in the account's Sent folder.
import type { ImapFlow } from 'imapflow';
import { SealmailError } from '../../crypto/errors.js';
import { findSpecialUse } from './folders.js';

export interface AppendedSent {
  path: string;
  uid: number;
  uidvalidity: number;
}

const FALLBACK_SENT = 'Sent';

/**
 * Appends `raw` unchanged with \Seen to the \Sent special-use folder (RFC 6154), creating "Sent"
 * when the server has none. Needs UIDPLUS (RFC 4315) for the UID: the outbox records it so a retried
 * run can tell the copy was filed and never files it twice.
 */
export async function appendSent(client: ImapFlow, raw: Uint8Array): Promise<AppendedSent> {
  let path = await findSpecialUse(client, '\\Sent');
  if (path === undefined) {
    const created = await client.mailboxCreate(FALLBACK_SENT);
    path = created.path;
  }
  const appended = await client.append(path, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), ['\\Seen']);
  if (!appended || appended.uid === undefined || appended.uidValidity === undefined) {
    throw new SealmailError('smtp', `the server stored the Sent copy in ${path} without reporting its UID (no UIDPLUS)`);
  }
  return { path, uid: appended.uid, uidvalidity: Number(appended.uidValidity) };
}
