// Syncs every folder of one account into the store and indexes the new mail for search: shared by `sealmail sync` and the UI.
import { imapSettings } from './accounts/account-book.js';
import { autocryptSyncHook } from './autocrypt/sync-hook.js';
import { openImap } from './imap/connection.js';
import { syncFolderList } from './imap/folders.js';
import { syncFolder } from './imap/sync.js';
import type { Keyring } from './keyring.js';
import type { MailProfile } from './mail-profile.js';
import { indexOpenedMessage, type IndexKeys } from './message-search-text.js';
import type { Account } from './store/accounts.js';

export interface FolderSynced {
  folderId: number;
  path: string;
  added: number;
  changed: number;
  removed: number;
}

/**
 * Throws the account's first IMAP failure as a SealmailError; folders already synced stay stored. New mail
 * also updates the Autocrypt peer states; `keyring` receives the keys learned (the profile's own when omitted).
 */
export async function syncAccount(
  mail: MailProfile,
  account: Account,
  keys: IndexKeys,
  onFolder?: (done: FolderSynced) => void,
  keyring?: Keyring,
): Promise<FolderSynced[]> {
  const { store } = mail;
  const learnAutocrypt = autocryptSyncHook(mail, keys, keyring);
  const imap = await openImap(imapSettings(mail, account));
  try {
    const done: FolderSynced[] = [];
    for (const folder of await syncFolderList(imap.client, store, account.id)) {
      const before = store.accounts.folders(account.id).find((f) => f.id === folder.id);
      const highest = before?.uidvalidity == null ? 0 : store.messages.highestUid(folder.id, before.uidvalidity);
      const result = await syncFolder({ client: imap.client, store, accountId: account.id, path: folder.path });
      const above = result.uidvalidityChanged ? 0 : highest;
      const added = store.messages
        .list(folder.id, { limit: store.messages.count(folder.id) })
        .filter((m) => m.uidvalidity === result.uidvalidity && m.uid > above);
      for (const message of added) await indexOpenedMessage(store, message.id, keys);
      await learnAutocrypt(added.map((m) => m.id));
      const synced = { folderId: folder.id, path: folder.path, added: result.added, changed: result.flagsChanged, removed: result.removed };
      done.push(synced);
      onFolder?.(synced);
    }
    return done;
  } finally {
    await imap.close();
  }
}
