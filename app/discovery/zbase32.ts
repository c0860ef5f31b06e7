// z-base-32 (the human-oriented base-32 of Zooko O'Whielacronx), as WKD uses it for the hashed local part.
import { createHash } from 'node:crypto';

const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

/** Encodes 5 bits per character, most significant first; a 160-bit SHA-1 gives exactly 32 characters. */
export function zBase32(data: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of data) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** The WKD "hu" name of a local part: z-base-32 of the SHA-1 of its UTF-8 bytes, upper-case ASCII lowered (only ASCII, as the draft says). */
export function wkdHash(localPart: string): string {
  return zBase32(createHash('sha1').update(localPart.replace(/[A-Z]/g, (c) => c.toLowerCase()), 'utf8').digest());
}
