// What every service shares while the app runs: the unlocked profile (vault, store, keyring), the cached passphrase and the event stream.
import { EventEmitter } from 'node:events';
import { access } from 'node:fs/promises';
import type { PrivateKey } from 'openpgp';
import { SealmailError } from '../../crypto/errors.js';
import { unlockKey } from '../../crypto/pgp/keys.js';
import { imapSettings } from '../accounts/account-book.js';
import type { ServiceEvent } from '../contract/views.js';
import { openImap } from '../imap/connection.js';
import { Keyring } from '../keyring.js';
import { openMailProfile, type MailProfile } from '../mail-profile.js';
import type { Account } from '../store/accounts.js';
import type { VaultKeySource } from '../vault/key-source.js';
import { vaultPath } from '../vault/vault-file.js';
import { discoveryConnection, type DiscoveryConnection } from './key-discovery.js';

export interface Unlocked {
  mail: MailProfile;
  keyring: Keyring;
}

export class ServiceRuntime {
  readonly events = new EventEmitter<{ event: [ServiceEvent] }>();
  private unlocked: Unlocked | null = null;
  private passphrase: string | null = null;
  private forgetTimer: NodeJS.Timeout | null = null;
  /** Minutes the passphrase stays usable for secret keys after the last use (settings). */
  cacheMinutes = 30;
  /** How key look-ups and refreshes reach WKD and the keyserver (the public internet unless createServices says otherwise). */
  discovery: DiscoveryConnection = discoveryConnection();

  /** `vaultKey`: the desktop app's keychain-held vault key; without it the passphrase opens the vault. */
  constructor(
    readonly profile: string,
    private readonly vaultKey?: VaultKeySource,
  ) {}

  async exists(): Promise<boolean> {
    return access(vaultPath(this.profile)).then(
      () => true,
      () => false,
    );
  }

  isUnlocked(): boolean {
    return this.unlocked !== null;
  }

  /** Opens the vault (creating it the first time) with the profile passphrase, which also unlocks the secret keys. */
  async unlock(passphrase: string): Promise<void> {
    if (this.unlocked) this.lock();
    const mail = await openMailProfile({ profile: this.profile, passphrase: { get: async () => passphrase }, ...(this.vaultKey ? { vaultKey: this.vaultKey } : {}) });
    try {
      const keyring = await Keyring.open({ profile: this.profile });
      // With a keychain-held vault key nothing above checked the passphrase: the own secret keys do.
      if (this.vaultKey) await checkPassphrase(keyring, passphrase);
      this.unlocked = { mail, keyring };
    } catch (e) {
      mail.close();
      throw e;
    }
    this.remember(passphrase);
  }

  /** Closes the store, forgets the vault key and the passphrase; what a lock, sleep or quit does. */
  lock(): void {
    const was = this.unlocked;
    this.unlocked = null;
    this.forget();
    if (was) {
      was.mail.close();
      this.events.emit('event', { type: 'locked' });
    }
  }

  need(): Unlocked {
    if (!this.unlocked) throw new SealmailError('passphrase-required', 'Sealmail is locked; unlock it with your passphrase first');
    return this.unlocked;
  }

  /**
   * The own secret keys, unlocked with the cached passphrase. Once the cache timed out the user must
   * unlock again: the passphrase is never kept longer than the setting says.
   */
  async secretKeys(): Promise<PrivateKey[]> {
    const { keyring } = this.need();
    const passphrase = this.cachedPassphrase();
    const unlocked: PrivateKey[] = [];
    for (const key of keyring.ownSecretKeys()) {
      await unlockKey({ key, passphrase }).then(
        (k) => unlocked.push(k),
        () => undefined,
      );
    }
    return unlocked;
  }

  cachedPassphrase(): string {
    if (this.passphrase === null) throw new SealmailError('passphrase-required', 'the passphrase is no longer cached; lock and unlock Sealmail again');
    this.remember(this.passphrase);
    return this.passphrase;
  }

  /** Runs `fn` with an IMAP session for `account`, always closed afterwards. */
  async withImap<T>(account: Account, fn: (session: Awaited<ReturnType<typeof openImap>>) => Promise<T>): Promise<T> {
    const session = await openImap(imapSettings(this.need().mail, account));
    try {
      return await fn(session);
    } finally {
      await session.close();
    }
  }

  private remember(passphrase: string): void {
    this.passphrase = passphrase;
    if (this.forgetTimer) clearTimeout(this.forgetTimer);
    this.forgetTimer = null;
    this.forgetTimer = setTimeout(() => this.forget(), this.cacheMinutes * 60_000);
    this.forgetTimer.unref();
  }

  private forget(): void {
    this.passphrase = null;
    if (this.forgetTimer) clearTimeout(this.forgetTimer);
    this.forgetTimer = null;
  }
}

/** Proves `passphrase` by unlocking one own secret key; a profile without one has nothing to check it against yet. */
async function checkPassphrase(keyring: Keyring, passphrase: string): Promise<void> {
  const [own] = keyring.ownSecretKeys();
  if (own) await unlockKey({ key: own, passphrase });
}
