// Files a sent message's raw bytes (the encrypted-to-self copy) in the account's Sent folder.
import type { ImapFlow } from 'imapflow';
import { SealmailError } from '../../crypto/errors.js';
import { asImapError } from './imap-errors.js';

export interface AppendedSent {
  path: string;
  uid: number;
  uidvalidity: number;
}

const FALLBACK_SENT = 'Sent';

/**
 * Appends `raw` unchanged with \Seen to the \Sent special-use folder (RFC 6154), else to a folder
 * named "Sent", created when missing. Needs UIDPLUS (RFC 4315) for the UID: the outbox records it so a retried
 * run can tell the copy was filed and never files it twice.
 */
export function appendSent(client: ImapFlow, raw: Uint8Array): Promise<AppendedSent> {
  return asImapError(client, () => appendOnce(client, raw));
}

async function appendOnce(client: ImapFlow, raw: Uint8Array): Promise<AppendedSent> {
  const listed = await client.list();
  // A server without special-use flags usually still has a folder named Sent: it is used rather than duplicated.
  let path = listed.find((mailbox) => mailbox.specialUse === '\\Sent')?.path ?? listed.find((mailbox) => mailbox.path === FALLBACK_SENT)?.path;
  if (path === undefined) path = (await client.mailboxCreate(FALLBACK_SENT)).path;
  const appended = await client.append(path, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), ['\\Seen']);
  if (!appended || appended.uid === undefined || appended.uidValidity === undefined) {
    throw new SealmailError('imap', `the server stored the Sent copy in ${path} without reporting its UID (no UIDPLUS)`);
  }
  return { path, uid: appended.uid, uidvalidity: Number(appended.uidValidity) };
}
