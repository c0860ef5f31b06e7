// The key for a PKCS#12 file's HMAC, derived with the PKCS#12 KDF (RFC 7292 appendix B.2), which every reader still expects for the MAC.
import { createHash } from 'node:crypto';

/** Diversifier ID 3 of RFC 7292 appendix B.3: the derived bytes are a MAC key. */
const MAC_KEY_ID = 3;
/** SHA-256: 32 output bytes from 64-byte blocks. */
const HASH = { name: 'sha256', outputBytes: 32, blockBytes: 64 } as const;

/**
 * A 32-byte HMAC-SHA256 key for `password`, `salt` and `iterations`. The password enters as a BMPString with its two
 * zero bytes at the end (RFC 7292 appendix B.1), as OpenSSL and Windows derive it. One hash output is all an
 * HMAC-SHA256 key needs, so the step that stretches I for further output blocks is never reached.
 */
export function pkcs12MacKey(options: { password: string; salt: Uint8Array; iterations: number }): Uint8Array {
  const { password, salt, iterations } = options;
  const v = HASH.blockBytes;
  const diversifier = Buffer.alloc(v, MAC_KEY_ID);
  const input = Buffer.concat([fillBlocks(Buffer.from(salt), v), fillBlocks(bmpString(password), v)]);
  let digest = createHash(HASH.name).update(diversifier).update(input).digest();
  for (let i = 1; i < iterations; i++) digest = createHash(HASH.name).update(digest).digest();
  return new Uint8Array(digest.subarray(0, HASH.outputBytes));
}

/** UTF-16 big-endian code units and a terminating 0x0000; characters beyond the BMP stay as their surrogate pairs. */
function bmpString(text: string): Buffer {
  const bytes = Buffer.alloc(text.length * 2 + 2);
  for (let i = 0; i < text.length; i++) bytes.writeUInt16BE(text.charCodeAt(i), i * 2);
  return bytes;
}

/** `data` repeated to fill whole `v`-byte blocks, truncating the last copy (RFC 7292 appendix B.2 steps 2 and 3). */
function fillBlocks(data: Buffer, v: number): Buffer {
  const out = Buffer.alloc(Math.ceil(data.length / v) * v);
  for (let i = 0; i < out.length; i++) out[i] = data[i % data.length] as number;
  return out;
}
