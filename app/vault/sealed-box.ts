// AES-256-GCM boxes for vault entries: a random 96-bit nonce per box, the entry's name bound as associated data.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One encrypted value as stored in vault.json (base64 fields, so the file stays plain JSON). */
export interface SealedBox {
  nonce: string;
  /** Ciphertext followed by the 16-byte GCM tag. */
  data: string;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Random nonces are safe here: the NIST limit for random 96-bit GCM nonces is 2^32 encryptions per key,
 * and a vault holds a handful of entries that are re-encrypted only when they change.
 */
export function sealBox(key: Uint8Array, plaintext: Uint8Array, associated: string): SealedBox {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associated, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce: nonce.toString('base64'), data: data.toString('base64') };
}

/**
 * The plaintext, or null when the box does not authenticate under `key` and `associated`: a wrong key,
 * an edited byte, or a box moved under another name. Nothing unauthenticated is ever returned.
 */
export function openBox(key: Uint8Array, box: SealedBox, associated: string): Buffer | null {
  const nonce = Buffer.from(box.nonce, 'base64');
  const data = Buffer.from(box.data, 'base64');
  if (nonce.length !== NONCE_BYTES || data.length < TAG_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(associated, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

export function isSealedBox(value: unknown): value is SealedBox {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.nonce === 'string' && typeof v.data === 'string';
}
