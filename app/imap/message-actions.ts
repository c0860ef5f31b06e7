// What a user does to a message (mark seen or flagged, move, delete), done on the server and then mirrored in the store.
import type { ImapFlow } from 'imapflow';
import { SealmailError } from '../../crypto/errors.js';
import type { MessageSummary } from '../store/messages.js';
import type { Store } from '../store/store.js';
import { findSpecialUse } from './folders.js';
import { asImapError } from './imap-errors.js';

export type UserFlag = 'seen' | 'flagged';
const IMAP_FLAG: Record<UserFlag, string> = { seen: '\\Seen', flagged: '\\Flagged' };

interface ActionTarget {
  client: ImapFlow;
  store: Store;
  /** The stored message's id. */
  messageId: number;
}

/** Sets or clears \Seen or \Flagged on the server, then stores the flags as they now are. */
export function setMessageFlag(target: ActionTarget & { flag: UserFlag; value: boolean }): Promise<void> {
  return asImapError(target.client, async () => {
    const { client, store } = target;
    const { message, path } = located(target);
    const lock = await client.getMailboxLock(path);
    try {
      checkUidvalidity(client, message, path);
      const uid = String(message.uid);
      const flag = IMAP_FLAG[target.flag];
      const ok = target.value ? await client.messageFlagsAdd(uid, [flag], { uid: true }) : await client.messageFlagsRemove(uid, [flag], { uid: true });
      if (!ok) throw new SealmailError('imap', `the server did not change the flags of message ${uid} in ${path}`);
      const flags = new Set(message.flags);
      if (target.value) flags.add(flag);
      else flags.delete(flag);
      store.messages.setFlags(message.id, [...flags]);
    } finally {
      lock.release();
    }
  });
}

/**
 * Moves the message (MOVE, RFC 6851; imapflow falls back to COPY + expunge). The store forgets the
 * source copy; the moved copy arrives with the destination folder's next sync under its new UID.
 */
export function moveMessage(target: ActionTarget & { destination: string }): Promise<void> {
  return asImapError(target.client, async () => {
    const { client, store } = target;
    const { message, path } = located(target);
    if (path === target.destination) return;
    const lock = await client.getMailboxLock(path);
    try {
      checkUidvalidity(client, message, path);
      const moved = await client.messageMove(String(message.uid), target.destination, { uid: true });
      if (!moved) throw new SealmailError('imap', `the server did not move message ${message.uid} from ${path} to ${target.destination}`);
      store.messages.delete(message.id);
    } finally {
      lock.release();
    }
  });
}

/**
 * Deletes as users of other clients expect: into the \Trash folder, so the mail can be recovered;
 * only a message already in Trash (or on a server without one) is marked \Deleted and expunged for good.
 */
export function deleteMessage(target: ActionTarget): Promise<void> {
  return asImapError(target.client, async () => {
    const { client, store } = target;
    const { message, path } = located(target);
    const trash = await findSpecialUse(client, '\\Trash');
    if (trash !== undefined && trash !== path) {
      await moveMessage({ ...target, destination: trash });
      return;
    }
    const lock = await client.getMailboxLock(path);
    try {
      checkUidvalidity(client, message, path);
      // UID EXPUNGE (UIDPLUS) when offered, so other messages marked \Deleted elsewhere stay.
      const deleted = await client.messageDelete(String(message.uid), { uid: true });
      if (!deleted) throw new SealmailError('imap', `the server did not delete message ${message.uid} in ${path}`);
      store.messages.delete(message.id);
    } finally {
      lock.release();
    }
  });
}

function located(target: ActionTarget): { message: MessageSummary; path: string } {
  const message = target.store.messages.get(target.messageId);
  if (!message) throw new SealmailError('bad-option', `there is no stored message ${target.messageId}`);
  const folder = target.store.accounts.folders(message.accountId).find((f) => f.id === message.folderId);
  if (!folder) throw new SealmailError('bad-option', `stored message ${target.messageId} has no folder`);
  return { message, path: folder.path };
}

/** A UID is only meaningful under its UIDVALIDITY: acting on a reset folder could touch another message. */
function checkUidvalidity(client: ImapFlow, message: MessageSummary, path: string): void {
  const current = client.mailbox ? Number(client.mailbox.uidValidity) : undefined;
  if (current !== message.uidvalidity) {
    throw new SealmailError('imap', `${path} changed on the server (UIDVALIDITY); sync it before acting on its messages`);
  }
}
