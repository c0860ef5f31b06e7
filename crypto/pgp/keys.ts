// OpenPGP keys (RFC 9580 section 10; v4 keys per RFC 4880): create, read, unlock, protect, export, revoke.
import * as openpgp from 'openpgp';
import type { Key, PrivateKey, PublicKey } from 'openpgp';
import { SealmailError, checkOptions } from '../errors.js';
import { pgpConfig } from '../policy.js';
import { fullConfig, oneLine } from './config.js';
import { parseUserId } from './user-id.js';

export { keyInfo, keyAddresses, type KeyInfo, type UserIdInfo } from './key-info.js';

export interface GeneratedKey {
  /** The armored secret key, protected with the passphrase. */
  privateKey: string;
  /** Lower-case hex. */
  fingerprint: string;
}

/**
 * Creates an Ed25519 signing key with an X25519 encryption subkey.
 * v4 (default) uses the legacy EdDSA/ECDH encodings that GnuPG 2.2 and Thunderbird read;
 * `v6: true` makes an RFC 9580 v6 key with the new Ed25519/X25519 algorithms.
 */
export async function generateKey(options: { uid: string; passphrase: string; v6?: boolean; date?: Date }): Promise<GeneratedKey> {
  checkOptions('generateKey', options, ['uid', 'passphrase', 'v6', 'date']);
  const { name, email } = parseUserId(options.uid);
  requirePassphrase(options.passphrase);
  const v6 = options.v6 === true;
  const { privateKey } = await openpgp.generateKey({
    userIDs: [name ? { name, email } : { email }],
    passphrase: options.passphrase,
    ...(v6 ? { type: 'curve25519' as const } : { type: 'ecc' as const, curve: 'curve25519Legacy' as const }),
    ...(options.date ? { date: options.date } : {}),
    format: 'object',
    config: pgpConfig({ v6Keys: v6 }),
  });
  return { privateKey: privateKey.armor(fullConfig()), fingerprint: privateKey.getFingerprint() };
}

/** Reads every key in armored (possibly several concatenated blocks) or binary data. */
export async function readKeys(options: { data: Uint8Array }): Promise<Key[]> {
  checkOptions('readKeys', options, ['data']);
  const { data } = options;
  const text = new TextDecoder('utf-8').decode(data);
  const blocks = text.match(/-----BEGIN PGP (?:PUBLIC|PRIVATE) KEY BLOCK-----[\s\S]*?-----END PGP (?:PUBLIC|PRIVATE) KEY BLOCK-----/g);
  // An OpenPGP packet header always has the high bit set (RFC 9580 section 4.2); text never starts so.
  const binary = !blocks && data.length > 0 && ((data[0] ?? 0) & 0x80) !== 0;
  if (!blocks && !binary) throw new SealmailError('bad-key', 'no OpenPGP key found in the data');
  const keys: Key[] = [];
  try {
    if (blocks) {
      for (const armoredKeys of blocks) keys.push(...(await openpgp.readKeys({ armoredKeys, config: pgpConfig() })));
    } else {
      keys.push(...(await openpgp.readKeys({ binaryKeys: data, config: pgpConfig() })));
    }
  } catch (e) {
    throw new SealmailError('bad-key', `cannot read OpenPGP key data: ${oneLine(e)}`);
  }
  if (keys.length === 0) throw new SealmailError('bad-key', 'no OpenPGP key found in the data');
  return keys;
}

/** Returns a copy of `key` whose secret material is usable; an unprotected key is returned as is. */
export async function unlockKey(options: { key: PrivateKey; passphrase: string }): Promise<PrivateKey> {
  checkOptions('unlockKey', options, ['key', 'passphrase']);
  const { key, passphrase } = options;
  const given: Key = key; // callers in plain JS may hand in a public key
  if (!given.isPrivate()) throw new SealmailError('bad-key', `key ${given.getFingerprint()} has no secret part`);
  if (key.isDecrypted()) return key;
  try {
    return await openpgp.decryptKey({ privateKey: key, passphrase, config: pgpConfig() });
  } catch (e) {
    if (/passphrase/i.test(oneLine(e))) {
      throw new SealmailError('wrong-passphrase', `wrong passphrase for key ${key.getFingerprint()}`);
    }
    throw new SealmailError('bad-key', `cannot unlock key ${key.getFingerprint()}: ${oneLine(e)}`);
  }
}

/** Encrypts an unprotected secret key with `passphrase`, so that it never reaches disk in the clear. */
export async function protectKey(options: { key: PrivateKey; passphrase: string }): Promise<PrivateKey> {
  checkOptions('protectKey', options, ['key', 'passphrase']);
  const { key, passphrase } = options;
  requirePassphrase(passphrase);
  if (!key.isDecrypted()) throw new SealmailError('bad-option', `key ${key.getFingerprint()} is already passphrase-protected`);
  try {
    return await openpgp.encryptKey({ privateKey: key, passphrase, config: pgpConfig() });
  } catch (e) {
    throw new SealmailError('bad-key', `cannot protect key ${key.getFingerprint()}: ${oneLine(e)}`);
  }
}

/** Serialises a key: its public part, or with `secret` the passphrase-protected secret key. */
export function exportKey(options: { key: Key; secret: boolean; armor: boolean }): Uint8Array {
  checkOptions('exportKey', options, ['key', 'secret', 'armor']);
  const { key, secret, armor } = options;
  let out: Key = key.toPublic();
  if (secret) {
    if (!key.isPrivate()) throw new SealmailError('no-key', `key ${key.getFingerprint()} has no secret part to export`);
    if (key.isDecrypted()) {
      throw new SealmailError('bad-option', `refusing to export the unprotected secret key ${key.getFingerprint()}; protect it first`);
    }
    out = key;
  }
  return armor ? new TextEncoder().encode(out.armor(fullConfig())) : out.write();
}

export type RevocationReason = 'unspecified' | 'compromised' | 'superseded' | 'retired';

const REASON_FLAGS: Record<RevocationReason, openpgp.enums.reasonForRevocation> = {
  unspecified: openpgp.enums.reasonForRevocation.noReason,
  compromised: openpgp.enums.reasonForRevocation.keyCompromised,
  superseded: openpgp.enums.reasonForRevocation.keySuperseded,
  retired: openpgp.enums.reasonForRevocation.keyRetired,
};

export interface RevokedKey {
  /** The revoked key, still unlocked: protect it before storing, or store `publicKey` merged into the old one. */
  privateKey: PrivateKey;
  publicKey: PublicKey;
  /** Armored; lets others mark the key revoked without the secret key. */
  revocationCertificate: string;
}

/** Adds a key revocation signature (RFC 9580 section 5.2.1.18) made with the unlocked key itself. */
export async function revokeKey(options: { key: PrivateKey; reason?: RevocationReason; comment?: string; date?: Date }): Promise<RevokedKey> {
  checkOptions('revokeKey', options, ['key', 'reason', 'comment', 'date']);
  const { key, reason = 'unspecified', comment = '', date = new Date() } = options;
  if (!key.isPrivate() || !key.isDecrypted()) {
    throw new SealmailError('bad-option', `revokeKey needs the unlocked secret key ${key.getFingerprint()}`);
  }
  try {
    const { privateKey, publicKey } = await openpgp.revokeKey({
      key,
      reasonForRevocation: { flag: REASON_FLAGS[reason], string: comment },
      date,
      format: 'object',
      config: pgpConfig(),
    });
    const certificate = await publicKey.getRevocationCertificate(date, fullConfig());
    if (typeof certificate !== 'string') throw new Error('no revocation signature was produced');
    return { privateKey, publicKey, revocationCertificate: certificate };
  } catch (e) {
    throw new SealmailError('bad-key', `cannot revoke key ${key.getFingerprint()}: ${oneLine(e)}`);
  }
}

function requirePassphrase(passphrase: unknown): void {
  if (typeof passphrase !== 'string' || passphrase === '') {
    throw new SealmailError('passphrase-required', 'a non-empty passphrase is required to protect the secret key');
  }
}
