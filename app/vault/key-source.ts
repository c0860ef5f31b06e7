// Where the vault's 32-byte key comes from: the profile passphrase through scrypt (CLI), or the OS keychain (desktop app).
import { randomBytes, scrypt } from 'node:crypto';
import { SealmailError } from '../../crypto/errors.js';

/**
 * scrypt cost for new vaults: 2^17 x 8 x 128 bytes = 128 MiB of memory and about 0.3 s per unlock on a
 * current laptop, OWASP's minimum for scrypt. Memory hardness is the point: a stolen vault.json must
 * cost an attacker that much RAM per passphrase guess, which makes GPU and ASIC guessing expensive.
 */
export const SCRYPT_DEFAULTS = { N: 2 ** 17, r: 8, p: 1 } as const;

/**
 * What a vault file may ask for when it is read. The floor keeps an edited file from downgrading the
 * cost unnoticed (the check value would fail anyway, but only after the cheap derivation); the ceiling
 * keeps a hostile file from making us allocate gigabytes.
 */
const N_MIN = 2 ** 14;
const N_MAX = 2 ** 20;

export type KdfParams =
  | { name: 'scrypt'; N: number; r: number; p: number; salt: string }
  /** The key is a random 32-byte key kept by the OS keychain (Electron safeStorage); nothing to derive. */
  | { name: 'raw' };

/** The seam between the vault and whoever holds its key. */
export interface VaultKeySource {
  /** Parameters to record in a vault created or re-keyed with this source (a fresh salt each time). */
  fresh(): KdfParams;
  /** The vault key for a vault whose file records `params`. */
  key(params: KdfParams): Promise<Buffer>;
}

/** The CLI's source: the profile passphrase, stretched with scrypt. */
export function passphraseKey(passphrase: string): VaultKeySource {
  if (passphrase.length === 0) throw new SealmailError('passphrase-required', 'the vault needs a passphrase, and it is empty');
  return {
    fresh: () => ({ name: 'scrypt', ...SCRYPT_DEFAULTS, salt: randomBytes(16).toString('base64') }),
    key: async (params) => {
      if (params.name !== 'scrypt') {
        throw new SealmailError('profile', 'this vault is unlocked by the desktop app (OS keychain), not by a passphrase');
      }
      return deriveScrypt(passphrase, params);
    },
  };
}

/** The desktop app's source: a random 32-byte key that Electron safeStorage keeps in the OS keychain. */
export function rawKey(key: Uint8Array): VaultKeySource {
  if (key.length !== 32) throw new SealmailError('bad-option', `a raw vault key must be 32 bytes, not ${key.length}`);
  const copy = Buffer.from(key);
  return {
    fresh: () => ({ name: 'raw' }),
    key: async (params) => {
      if (params.name !== 'raw') throw new SealmailError('passphrase-required', 'this vault is locked with a passphrase; give the profile passphrase');
      return Buffer.from(copy);
    },
  };
}

/** Reads and bounds-checks the `kdf` object of a vault file; `corrupt` builds the error for a bad one. */
export function parseKdf(value: unknown, corrupt: (what: string) => SealmailError): KdfParams {
  if (typeof value !== 'object' || value === null) throw corrupt('no kdf parameters');
  const v = value as Record<string, unknown>;
  if (v.name === 'raw') return { name: 'raw' };
  if (v.name !== 'scrypt') throw corrupt(`unknown kdf "${String(v.name).slice(0, 40)}"`);
  const { N, r, p, salt } = v;
  const isInt = (x: unknown): x is number => Number.isSafeInteger(x);
  if (!isInt(N) || N < N_MIN || N > N_MAX || (N & (N - 1)) !== 0) throw corrupt('scrypt N out of range');
  if (!isInt(r) || r < 8 || r > 32 || !isInt(p) || p < 1 || p > 16) throw corrupt('scrypt r or p out of range');
  if (typeof salt !== 'string' || Buffer.from(salt, 'base64').length < 16) throw corrupt('scrypt salt missing or too short');
  return { name: 'scrypt', N, r, p, salt };
}

function deriveScrypt(passphrase: string, params: Extract<KdfParams, { name: 'scrypt' }>): Promise<Buffer> {
  const { N, r, p } = params;
  // Node refuses above maxmem (32 MiB by default); allow exactly what these parameters need, plus slack.
  const maxmem = 128 * N * r * p + 32 * 1024 * 1024;
  const salt = Buffer.from(params.salt, 'base64');
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem }, (err, key) => {
      if (err) reject(new SealmailError('profile', `cannot derive the vault key: ${err.message.split('\n')[0]}`));
      else resolve(key);
    });
  });
}
