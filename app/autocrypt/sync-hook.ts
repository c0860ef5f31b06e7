// The sync's Autocrypt step: after a folder's new messages are stored, learn from their headers and gossip.
import { Keyring } from '../keyring.js';
import type { MailProfile } from '../mail-profile.js';
import type { IndexKeys } from '../message-search-text.js';
import { learnFromMessages } from './learn.js';

export type AutocryptSyncHook = (messageIds: readonly number[]) => Promise<void>;

/**
 * One hook per synced account. Without `keyring` the profile's keyring is opened once, on first need; a
 * long-lived caller (the desktop service) should pass its own, so that its in-memory keyring sees the keys.
 */
export function autocryptSyncHook(mail: MailProfile, keys: Pick<IndexKeys, 'decryptionKeys'>, keyring?: Keyring): AutocryptSyncHook {
  let ring: Promise<Keyring> | undefined = keyring ? Promise.resolve(keyring) : undefined;
  return async (messageIds) => {
    const messages = messageIds.flatMap((id) => mail.store.messages.raw(id) ?? []);
    if (messages.length === 0) return;
    await learnFromMessages({
      profile: mail.profile,
      storeKey: await mail.vault.storeKey(),
      keyring: await (ring ??= Keyring.open({ profile: mail.profile })),
      ownAddresses: mail.store.accounts.list().map((a) => a.address),
      messages,
      decryptionKeys: keys.decryptionKeys,
    });
  };
}
