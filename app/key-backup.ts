// Key backups for a second device: the own secret keys as one armored OpenPGP key block under a backup passphrase.
import { armor, enums, type Key, type PrivateKey } from 'openpgp';
import { SealmailError, checkOptions } from '../crypto/errors.js';
import { concatBytes } from '../crypto/mime/bytes.js';
import { fullConfig } from '../crypto/pgp/config.js';
import { exportKey, protectKey, readKeys, unlockKey } from '../crypto/pgp/keys.js';
import { type ImportedKey, importKeys } from './key-import.js';
import type { Keyring } from './keyring.js';

/** The file can be carried anywhere and attacked offline, so its passphrase must be long, not merely present. */
export const MIN_BACKUP_PASSPHRASE_CHARS = 12;

const COMMENT = 'Sealmail key backup; gpg --import reads it';

export function checkBackupPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_BACKUP_PASSPHRASE_CHARS) {
    throw new SealmailError('bad-option', `the backup passphrase must have at least ${MIN_BACKUP_PASSPHRASE_CHARS} characters`);
  }
}

/**
 * A transferable secret key block (RFC 9580 section 10.2) per key, all in one ASCII-armored
 * "PRIVATE KEY BLOCK": each secret (sub)key re-protected with the backup passphrase by openpgp.js
 * (AES-256, iterated and salted S2K), which `gpg --import` and other OpenPGP clients read as they
 * read any exported secret key. The keys are unlocked with the profile passphrase only in memory.
 */
export async function makeKeyBackup(options: { keys: PrivateKey[]; profilePassphrase: string; backupPassphrase: string }): Promise<string> {
  checkOptions('makeKeyBackup', options, ['keys', 'profilePassphrase', 'backupPassphrase']);
  const { keys, profilePassphrase, backupPassphrase } = options;
  if (keys.length === 0) throw new SealmailError('no-key', 'the profile has no secret keys of your own to back up');
  checkBackupPassphrase(backupPassphrase);
  const parts: Uint8Array[] = [];
  for (const key of keys) {
    const unlocked = await unlockKey({ key, passphrase: profilePassphrase });
    // exportKey refuses a key with any bare secret material, so nothing unprotected can reach the block.
    parts.push(exportKey({ key: await protectKey({ key: unlocked, passphrase: backupPassphrase }), secret: true, armor: false }));
  }
  // RFC 9580 section 6.1: no CRC24 footer once a v6 key is inside; GnuPG 2.2 wants it for v4 ones.
  const v4Only = keys.every((k) => k.keyPacket.version !== 6);
  const armored = armor(enums.armor.privateKey, concatBytes(parts), undefined, undefined, COMMENT, v4Only, fullConfig());
  assertProtected(await readKeys({ data: new TextEncoder().encode(armored) }));
  return armored;
}

/** The secret keys in a backup file, still protected; 'no-key' when it holds none. */
export async function readKeyBackup(options: { data: Uint8Array; name: string }): Promise<PrivateKey[]> {
  checkOptions('readKeyBackup', options, ['data', 'name']);
  const { data, name } = options;
  const keys = await readKeys({ data }).catch((e: unknown) => {
    if (e instanceof SealmailError) throw new SealmailError(e.code, `${name}: ${e.message}`);
    throw e;
  });
  const secret = keys.filter((k): k is PrivateKey => k.isPrivate());
  if (secret.length === 0) throw new SealmailError('no-key', `${name} holds no secret keys, so there is nothing to restore`);
  return secret;
}

/** Unlocks every key of a backup, or none: 'wrong-passphrase' when the passphrase fails any of them. */
export async function unlockKeyBackup(options: { keys: PrivateKey[]; backupPassphrase: string }): Promise<PrivateKey[]> {
  checkOptions('unlockKeyBackup', options, ['keys', 'backupPassphrase']);
  const unlocked: PrivateKey[] = [];
  for (const key of options.keys) {
    try {
      unlocked.push(await unlockKey({ key, passphrase: options.backupPassphrase }));
    } catch (e) {
      if (e instanceof SealmailError && e.code === 'wrong-passphrase') throw new SealmailError('wrong-passphrase', 'wrong backup passphrase');
      throw e;
    }
  }
  return unlocked;
}

/**
 * Stores unlocked backup keys as the user's own, protected with the profile passphrase. When the
 * profile already has own keys, the passphrase must unlock them, so one passphrase keeps opening all.
 */
export async function restoreKeyBackup(options: {
  keyring: Keyring;
  keys: PrivateKey[];
  profilePassphrase: string;
  source: string;
}): Promise<ImportedKey[]> {
  checkOptions('restoreKeyBackup', options, ['keyring', 'keys', 'profilePassphrase', 'source']);
  const { keyring, keys, profilePassphrase, source } = options;
  await checkProfilePassphrase(keyring, profilePassphrase);
  return importKeys({ keyring, keys: keys.map((key) => ({ key, source })), passphrase: () => Promise.resolve(profilePassphrase) });
}

/** Proves the profile passphrase on one stored own key; a profile without any has nothing to check yet. */
export async function checkProfilePassphrase(keyring: Keyring, passphrase: string): Promise<void> {
  const [own] = keyring.ownSecretKeys();
  if (own) await unlockKey({ key: own, passphrase });
}

function assertProtected(keys: Key[]): void {
  for (const key of keys) {
    if (!key.isPrivate() || key.isDecrypted()) {
      throw new SealmailError('bad-key', `the backup of key ${key.getFingerprint()} would not be protected; nothing was written`);
    }
  }
}
