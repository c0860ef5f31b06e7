// Files a sent message's raw bytes (the encrypted-to-self copy) in the account's Sent folder, once.
import type { ImapFlow } from 'imapflow';
import { SealmailError } from '../../crypto/errors.js';
import { headerValue, readHeaderBlock } from '../../crypto/mime/header.js';
import { asImapError } from './imap-errors.js';

export interface AppendedSent {
  path: string;
  uid: number;
  uidvalidity: number;
}

const FALLBACK_SENT = 'Sent';

/**
 * Appends `raw` unchanged with \Seen to the \Sent special-use folder (RFC 6154), else to a folder
 * named "Sent", created when missing, unless that folder already holds a message with the same
 * Message-ID: then it returns that message. The outbox may file a copy twice (a kill between the APPEND
 * and the outbox delete), so the second filing must find the first. Needs UIDPLUS (RFC 4315) for the UID of a new copy.
 */
export function appendSent(client: ImapFlow, raw: Uint8Array): Promise<AppendedSent> {
  return asImapError(client, () => appendOnce(client, raw));
}

async function appendOnce(client: ImapFlow, raw: Uint8Array): Promise<AppendedSent> {
  const listed = await client.list();
  // A server without special-use flags usually still has a folder named Sent: it is used rather than duplicated.
  let path = listed.find((mailbox) => mailbox.specialUse === '\\Sent')?.path ?? listed.find((mailbox) => mailbox.path === FALLBACK_SENT)?.path;
  if (path === undefined) path = (await client.mailboxCreate(FALLBACK_SENT)).path;
  const messageId = outerMessageId(raw);
  const filed = messageId === null ? undefined : await findByMessageId(client, path, messageId);
  if (filed) return { path, ...filed };
  const appended = await client.append(path, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), ['\\Seen']);
  if (!appended || appended.uid === undefined || appended.uidValidity === undefined) {
    throw new SealmailError('imap', `the server stored the Sent copy in ${path} without reporting its UID (no UIDPLUS)`);
  }
  return { path, uid: appended.uid, uidvalidity: Number(appended.uidValidity) };
}

/**
 * The Message-ID of the outer header (seal keeps it there), or null when there is none or it is not
 * a plain ASCII `<...>` id that an IMAP SEARCH can carry as is: such a message is appended without looking.
 */
function outerMessageId(raw: Uint8Array): string | null {
  const { fields } = readHeaderBlock(raw, 0, raw.length);
  const value = headerValue(fields, 'message-id');
  return value !== null && /^<[\x21-\x7e]+>$/.test(value) ? value : null;
}

/**
 * A message in `path` whose Message-ID is exactly `messageId` (SEARCH HEADER matches substrings, so
 * each hit is checked). Whoever filed it, it is this message: a copy the user or another client put
 * there (e.g. a Bcc to self moved to Sent) counts as filed, since a second one would only be a
 * duplicate of the same message. Messages marked \Deleted are about to go and do not count. When the
 * server refuses the SEARCH, nothing is found and the copy is appended: a duplicate beats a copy never filed.
 */
async function findByMessageId(client: ImapFlow, path: string, messageId: string): Promise<{ uid: number; uidvalidity: number } | undefined> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const uids = await client.search({ header: { 'message-id': messageId }, deleted: false }, { uid: true });
    if (!uids || uids.length === 0) return undefined;
    for (const hit of await client.fetchAll(uids, { uid: true, headers: ['message-id'] }, { uid: true })) {
      const header = hit.headers ?? Buffer.alloc(0);
      if (headerValue(readHeaderBlock(header, 0, header.length).fields, 'message-id') === messageId) {
        return { uid: hit.uid, uidvalidity: Number(client.mailbox && client.mailbox.uidValidity) };
      }
    }
    return undefined;
  } finally {
    lock.release();
  }
}
