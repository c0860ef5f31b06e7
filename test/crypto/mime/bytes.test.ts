// The byte scans that signing relies on (7-bit safety, CRLF canonical form) against a byte-by-byte reading of the rules.
import { describe, expect, it } from 'vitest';
import { isSevenBitSafe, sevenBitCanonical, toCanonicalCrlf } from '../../../crypto/mime/bytes.js';

/** RFC 5322 section 2.1.1 read literally: no NUL, no byte over 0x7f, no line over 998 octets before its LF. */
function plainRule(bytes: Uint8Array): boolean {
  let line = 0;
  for (const b of bytes) {
    if (b === 0 || b > 0x7f) return false;
    line = b === 0x0a ? 0 : line + 1;
    if (line > 998) return false;
  }
  return true;
}

const text = (s: string) => new TextEncoder().encode(s);

describe('isSevenBitSafe and sevenBitCanonical', () => {
  it('refuse an 8-bit byte or a NUL wherever it sits, at every alignment of the view', () => {
    const base = text('plain ascii line\r\n'.repeat(40));
    for (const bad of [0x00, 0x80, 0xff, 0xc3]) {
      for (let at = 0; at < 24; at++) {
        for (let offset = 0; offset < 4; offset++) {
          const buffer = new Uint8Array(base.length + 8);
          buffer.set(base, offset);
          const view = buffer.subarray(offset, offset + base.length);
          view[base.length - 1 - at] = bad;
          expect(isSevenBitSafe(view)).toBe(false);
          expect(sevenBitCanonical(view)).toBeNull();
          view[base.length - 1 - at] = 0x41;
          expect(isSevenBitSafe(view)).toBe(true);
        }
      }
    }
  });

  it('refuse a line of 999 octets and take one of 998, terminated or not', () => {
    expect(isSevenBitSafe(text(`${'a'.repeat(998)}\r\nnext`))).toBe(false); // the CR counts, as before
    expect(isSevenBitSafe(text(`${'a'.repeat(997)}\r\nnext`))).toBe(true);
    expect(isSevenBitSafe(text(`${'a'.repeat(998)}\nnext`))).toBe(true);
    expect(isSevenBitSafe(text(`x\n${'a'.repeat(999)}`))).toBe(false);
    expect(isSevenBitSafe(text(`x\n${'a'.repeat(998)}`))).toBe(true);
  });

  it('agree with the literal rule on random bytes, and canonicalise exactly as toCanonicalCrlf', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
    for (let round = 0; round < 300; round++) {
      const length = next() % 3000;
      const bytes = Uint8Array.from({ length }, () => {
        const r = next() % 1000;
        return r < 30 ? 0x0a : r < 40 ? 0x0d : r < 42 ? next() % 256 : 0x20 + (next() % 95);
      });
      const start = next() % 4;
      const view = bytes.subarray(Math.min(start, bytes.length));
      expect(isSevenBitSafe(view)).toBe(plainRule(view));
      const canonical = sevenBitCanonical(view);
      if (plainRule(view)) expect(canonical).toEqual(toCanonicalCrlf(view));
      else expect(canonical).toBeNull();
    }
  });
});
