// The account's folder list with RFC 6154 special-use flags, mirrored into the store.
import type { ImapFlow } from 'imapflow';
import type { Store } from '../store/store.js';

export const SPECIAL_USES = ['\\Sent', '\\Drafts', '\\Trash', '\\Junk', '\\Archive'] as const;
export type SpecialUse = (typeof SPECIAL_USES)[number];

export interface ListedFolder {
  id: number;
  path: string;
  specialUse: SpecialUse | null;
}

/**
 * Lists every selectable folder and records it with its special use. imapflow also reports a
 * non-standard `\Inbox` and RFC 6154's `\All`/`\Flagged`; only the five uses Sealmail acts on are kept.
 */
export async function syncFolderList(client: ImapFlow, store: Store, accountId: number): Promise<ListedFolder[]> {
  const listed = await client.list();
  const folders: ListedFolder[] = [];
  store.batch(() => {
    for (const mailbox of listed) {
      if (mailbox.flags.has('\\Noselect') || mailbox.flags.has('\\NonExistent')) continue;
      const specialUse = (SPECIAL_USES as readonly string[]).includes(mailbox.specialUse ?? '') ? (mailbox.specialUse as SpecialUse) : null;
      folders.push({ id: store.accounts.folder(accountId, mailbox.path, specialUse), path: mailbox.path, specialUse });
    }
  });
  return folders;
}

/** The path of the folder with `use` on the server, or undefined when there is none. */
export async function findSpecialUse(client: ImapFlow, use: SpecialUse): Promise<string | undefined> {
  const listed = await client.list();
  return listed.find((mailbox) => mailbox.specialUse === use)?.path;
}
