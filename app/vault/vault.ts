// The vault: every secret of a profile (account passwords, tokens, the store key), encrypted in vault.json.
import { randomBytes } from 'node:crypto';
import { SealmailError } from '../../crypto/errors.js';
import { ensureProfileDir } from '../profile.js';
import type { KdfParams, VaultKeySource } from './key-source.js';
import { openBox, sealBox, type SealedBox } from './sealed-box.js';
import { ENTRY_NAME, entryLabel, readVaultFile, sealCheck, tampered, vaultPath, verifyCheck, writeVaultFile } from './vault-file.js';

/** The entry holding the random key of the encrypted store (app/store/). */
export const STORE_KEY_ENTRY = 'store-key';

export class Vault {
  private constructor(
    readonly path: string,
    private kdf: KdfParams,
    private key: Buffer,
    private entries: Record<string, SealedBox>,
    /** The check value of the file as this object last read or wrote it; null before the first write. */
    private check: SealedBox | null,
  ) {}

  /** Creates the vault of `profile`; refuses to replace one that exists, since that would lose its secrets. */
  static async create(options: { profile: string; source: VaultKeySource }): Promise<Vault> {
    const { profile, source } = options;
    await ensureProfileDir(profile);
    const path = vaultPath(profile);
    if (await readVaultFile(path)) throw new SealmailError('profile', `a vault already exists at ${path}; unlock it instead`);
    const kdf = source.fresh();
    const vault = new Vault(path, kdf, await source.key(kdf), {}, null);
    await vault.save();
    return vault;
  }

  /** Opens the vault of `profile`: 'wrong-passphrase' for a wrong key, 'profile' for a missing or altered file. */
  static async unlock(options: { profile: string; source: VaultKeySource }): Promise<Vault> {
    const { profile, source } = options;
    const path = vaultPath(profile);
    const file = await readVaultFile(path);
    if (!file) throw new SealmailError('profile', `there is no vault at ${path}; create the profile's vault first`);
    const key = await source.key(file.kdf);
    verifyCheck(path, key, file);
    return new Vault(path, file.kdf, key, file.entries, file.check);
  }

  names(): string[] {
    return Object.keys(this.entries).sort();
  }

  /** The secret named `name`, or undefined when there is none. */
  get(name: string): Buffer | undefined {
    // Own entries only: a name like "constructor" must not find Object.prototype's.
    const box = Object.hasOwn(this.entries, checkName(name)) ? this.entries[name] : undefined;
    if (!box) return undefined;
    // The check value already vouched for every box; failing here means the file changed under us.
    const value = openBox(this.live(), box, entryLabel(name));
    if (!value) throw tampered(this.path);
    return value;
  }

  getText(name: string): string | undefined {
    return this.get(name)?.toString('utf8');
  }

  async set(name: string, value: Uint8Array | string): Promise<void> {
    await this.put(checkCallerName(name), typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  }

  /** Removes a secret; false when there was none. */
  async delete(name: string): Promise<boolean> {
    if (!Object.hasOwn(this.entries, checkCallerName(name))) return false;
    const entries = { ...this.entries };
    delete entries[name];
    await this.save(entries);
    return true;
  }

  /** The 32-byte key of the encrypted store, made at random the first time it is asked for. */
  async storeKey(): Promise<Buffer> {
    const existing = this.get(STORE_KEY_ENTRY);
    if (existing) return existing;
    const key = randomBytes(32);
    await this.put(STORE_KEY_ENTRY, key);
    return key;
  }

  /**
   * Re-encrypts every entry under a key from `source`: a new passphrase (fresh salt), or the OS keychain.
   * The secrets themselves, the store key included, stay the same, so the store needs no re-encryption.
   */
  async changeKey(source: VaultKeySource): Promise<void> {
    const kdf = source.fresh();
    const key = await source.key(kdf);
    const entries: Record<string, SealedBox> = {};
    for (const name of this.names()) entries[name] = sealBox(key, this.get(name) as Buffer, entryLabel(name));
    const old = this.live();
    await this.save(entries, kdf, key);
    old.fill(0);
  }

  /** Forgets the key; the object cannot be used afterwards. */
  lock(): void {
    this.key.fill(0);
    this.key = Buffer.alloc(0);
  }

  private async put(name: string, value: Uint8Array): Promise<void> {
    await this.save({ ...this.entries, [name]: sealBox(this.live(), value, entryLabel(name)) });
  }

  private live(): Buffer {
    if (this.key.length === 0) throw new SealmailError('profile', 'the vault is locked; unlock it again');
    return this.key;
  }

  /**
   * Writes the file first and only then adopts the new state, so a failed write leaves this object as the
   * file is. When another process (the desktop app and the CLI at once) wrote the vault since we read it,
   * writing our copy would silently drop its change, so we stop and ask for a fresh unlock instead.
   */
  private async save(entries = this.entries, kdf = this.kdf, key = this.live()): Promise<void> {
    const onDisk = await readVaultFile(this.path);
    if ((onDisk?.check.data ?? null) !== (this.check?.data ?? null)) {
      throw new SealmailError('profile', `vault ${this.path} was changed by another Sealmail; unlock it again and retry`);
    }
    const check = sealCheck(key, kdf, entries);
    await writeVaultFile(this.path, { version: 1, kdf, check, entries });
    this.check = check;
    this.entries = entries;
    this.kdf = kdf;
    this.key = key;
  }
}

/** Callers may not replace or delete the store key: the store would be unreadable for good. */
function checkCallerName(name: string): string {
  if (checkName(name) === STORE_KEY_ENTRY) throw new SealmailError('bad-option', `the vault entry "${STORE_KEY_ENTRY}" is managed by the vault itself`);
  return name;
}

function checkName(name: string): string {
  if (!ENTRY_NAME.test(name)) {
    throw new SealmailError('bad-option', `"${name.slice(0, 60)}" is not a vault entry name (letters, digits, . _ : @ -; up to 128)`);
  }
  return name;
}
