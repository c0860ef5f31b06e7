// Opens what the mail commands need from a profile: the vault (created on first use) and the encrypted store inside it.
import { access } from 'node:fs/promises';
import { SealmailError } from '../crypto/errors.js';
import { passphraseKey, type VaultKeySource } from './vault/key-source.js';
import { Vault } from './vault/vault.js';
import { vaultPath } from './vault/vault-file.js';
import { Store } from './store/store.js';
import { ensureProfileDir } from './profile.js';

export interface MailProfile {
  profile: string;
  vault: Vault;
  store: Store;
  /** Closes the store and forgets the vault key. */
  close(): void;
}

/** Where the passphrase comes from: the CLI's PassphraseSource fits this shape. */
export interface PassphraseProvider {
  get(options?: { confirm?: boolean }): Promise<string>;
}

/**
 * The one way the CLI reaches accounts and the outbox. The vault is unlocked with the profile passphrase
 * (the same one that protects the secret keys) and holds the store key, so nothing readable is ever on disk.
 */
export async function openMailProfile(options: { profile: string; passphrase: PassphraseProvider; vaultKey?: VaultKeySource }): Promise<MailProfile> {
  const { profile, passphrase } = options;
  await ensureProfileDir(profile);
  const exists = await access(vaultPath(profile)).then(
    () => true,
    () => false,
  );
  // A new vault is locked by what the user types now, so a prompt asks twice, as for a new key. The desktop
  // app may hold a key of its own for the vault instead (kept by the system keychain).
  const source = options.vaultKey ?? passphraseKey(await passphrase.get({ confirm: !exists }));
  const vault = exists ? await Vault.unlock({ profile, source }) : await Vault.create({ profile, source });
  let store: Store;
  try {
    store = Store.open({ profile, key: await vault.storeKey() });
  } catch (e) {
    vault.lock();
    throw e instanceof SealmailError ? e : new SealmailError('profile', `profile ${profile}: the store cannot be opened`);
  }
  return {
    profile,
    vault,
    store,
    close: () => {
      store.close();
      vault.lock();
    },
  };
}

/** Runs `fn` with the opened profile and always closes it, so the store's WAL is checkpointed on every path. */
export async function withMailProfile<T>(options: { profile: string; passphrase: PassphraseProvider }, fn: (mail: MailProfile) => Promise<T>): Promise<T> {
  const mail = await openMailProfile(options);
  try {
    return await fn(mail);
  } finally {
    mail.close();
  }
}
