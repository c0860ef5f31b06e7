// Where the desktop app's vault key comes from: a random key wrapped by the OS keychain (safeStorage), else the passphrase.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SealmailError } from '../../crypto/errors.js';
import { writeFileAtomic } from '../atomic-file.js';
import { ensureProfileDir, profileError } from '../profile.js';
import { rawKey, type VaultKeySource } from '../vault/key-source.js';
import { readVaultFile, vaultPath } from '../vault/vault-file.js';

/** The part of Electron's safeStorage used here (the async API; the sync one is deprecated in Electron 45). */
export interface Keychain {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  /** Linux only: which secret store Chromium picked; 'basic_text' means a fixed, public key. */
  getSelectedStorageBackend(): string;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

/** The vault key as wrapped by the keychain, beside vault.json in the profile. */
export const WRAPPED_KEY_FILE = 'vault-key.keychain';

export type DesktopVaultKey =
  | { kind: 'keychain'; source: VaultKeySource }
  /** The user must give the profile passphrase (session.unlock); `warning` is shown first when set. */
  | { kind: 'passphrase'; warning: string | null };

const PASSPHRASE_INSTEAD = 'Your vault is protected by a passphrase instead; you will be asked for it at each start.';
const BASIC_TEXT_WARNING = `No system keyring (such as GNOME Keyring or KWallet) is running, so Sealmail cannot keep your vault key safely on this computer. ${PASSPHRASE_INSTEAD}`;
const NO_KEYCHAIN_WARNING = `The system keychain is not available, so Sealmail cannot keep your vault key in it. ${PASSPHRASE_INSTEAD}`;

/**
 * Decides how this profile's vault is unlocked. A vault already locked with a passphrase (made by the
 * CLI) stays so. Otherwise the keychain is used when it is real: on Linux, Chromium's 'basic_text'
 * store encrypts with a hard-coded key, which protects nothing, so the passphrase is required instead
 * and the user is told why. The first start with a real keychain makes a random 32-byte key and keeps
 * it only wrapped by the keychain.
 */
export async function desktopVaultKey(options: { profile: string; keychain: Keychain; platform: NodeJS.Platform }): Promise<DesktopVaultKey> {
  const { profile, keychain, platform } = options;
  const vault = await readVaultFile(vaultPath(profile));
  if (vault?.kdf.name === 'scrypt') return { kind: 'passphrase', warning: null };

  const available = await keychain.isAsyncEncryptionAvailable();
  const backend = platform === 'linux' ? keychain.getSelectedStorageBackend() : null;
  const usable = available && backend !== 'basic_text' && backend !== 'unknown';
  const wrappedPath = join(profile, WRAPPED_KEY_FILE);
  const wrapped = await readWrapped(wrappedPath);

  if (!usable) {
    if (vault) {
      throw new SealmailError(
        'profile',
        `the vault of ${profile} is unlocked by the system keychain, which is not available now` +
          (backend === 'basic_text' ? ' (no keyring service is running)' : '') +
          '; start Sealmail in your usual desktop session',
      );
    }
    return { kind: 'passphrase', warning: available ? BASIC_TEXT_WARNING : NO_KEYCHAIN_WARNING };
  }

  if (wrapped) {
    let unwrapped: { result: string; shouldReEncrypt: boolean };
    try {
      unwrapped = await keychain.decryptStringAsync(wrapped);
    } catch {
      throw new SealmailError('profile', `the system keychain cannot unwrap ${wrappedPath}; it was made for another user or computer`);
    }
    const key = Buffer.from(unwrapped.result, 'base64');
    if (key.length !== 32) throw new SealmailError('profile', `${wrappedPath} does not hold a vault key; restore it from a backup`);
    // The keychain rotated its own key: store the vault key wrapped under the new one.
    if (unwrapped.shouldReEncrypt) await writeFileAtomic(wrappedPath, await keychain.encryptStringAsync(unwrapped.result));
    return { kind: 'keychain', source: rawKey(key) };
  }

  if (vault) {
    throw new SealmailError('profile', `the vault of ${profile} needs its key file ${WRAPPED_KEY_FILE}, which is missing; restore it from a backup`);
  }
  const key = randomBytes(32);
  await ensureProfileDir(profile);
  await writeFileAtomic(wrappedPath, await keychain.encryptStringAsync(key.toString('base64')));
  return { kind: 'keychain', source: rawKey(key) };
}

async function readWrapped(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw profileError(path, e);
  }
}
