// Byte-level helpers for MIME: line scanning and CRLF canonicalisation without re-serialising anything.

const CR = 0x0d;
const LF = 0x0a;

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

export function encodeUtf8(text: string): Uint8Array {
  return utf8.encode(text);
}

/** Decodes header bytes: UTF-8 when valid (RFC 6532), otherwise Latin-1 so no byte is lost. */
export function decodeHeaderBytes(bytes: Uint8Array): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Index just past the LF that ends the line starting at `pos`, or `end` if the line is unterminated. */
export function nextLine(buf: Uint8Array, pos: number, end: number): number {
  const nl = buf.indexOf(LF, pos);
  return nl === -1 || nl >= end ? end : nl + 1;
}

/** End of the line's content (before CRLF or LF) for a line spanning [pos, next). */
export function lineContentEnd(buf: Uint8Array, pos: number, next: number): number {
  let e = next;
  if (e > pos && buf[e - 1] === LF) e--;
  if (e > pos && buf[e - 1] === CR) e--;
  return e;
}

/** Start of the line break that ends just before `pos` (CRLF or LF), or `pos` if there is none. */
export function lineBreakStart(buf: Uint8Array, pos: number, min: number): number {
  let s = pos;
  if (s > min && buf[s - 1] === LF) {
    s--;
    if (s > min && buf[s - 1] === CR) s--;
  }
  return s;
}

/**
 * RFC 3156 section 5 / RFC 5751 canonical form: every line break is CRLF.
 * Bare LF becomes CRLF; existing CRLF is kept, so canonical input is returned unchanged.
 */
export function toCanonicalCrlf(bytes: Uint8Array): Uint8Array {
  return withCrlf(bytes, false);
}

/**
 * toCanonicalCrlf for a body that arrives in chunks: feed every chunk in order, and the concatenated
 * results equal toCanonicalCrlf of the concatenated chunks (a CR ending one chunk pairs with an LF starting the next).
 */
export function crlfCanonicaliser(): (chunk: Uint8Array) => Uint8Array {
  let afterCr = false;
  return (chunk) => {
    const out = withCrlf(chunk, afterCr);
    if (chunk.length > 0) afterCr = chunk[chunk.length - 1] === CR;
    return out;
  };
}

/** Inserts a CR before every LF not already preceded by one; `afterCr` says whether the byte before `bytes` was a CR. */
function withCrlf(bytes: Uint8Array, afterCr: boolean): Uint8Array {
  const isBare = (i: number) => (i === 0 ? !afterCr : bytes[i - 1] !== CR);
  let bare = 0;
  // indexOf jumps from line to line, so a canonical body costs one native scan per line rather than a loop per byte.
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) if (isBare(i)) bare++;
  if (bare === 0) return bytes;
  const out = new Uint8Array(bytes.length + bare);
  let from = 0;
  let o = 0;
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) {
    if (!isBare(i)) continue;
    out.set(bytes.subarray(from, i), o);
    o += i - from;
    out[o++] = CR;
    from = i;
  }
  out.set(bytes.subarray(from), o);
  return out;
}

/** True when every byte is 7-bit, no NUL, and no line exceeds 998 octets (RFC 5322 section 2.1.1; a CR before the LF counts). */
export function isSevenBitSafe(bytes: Uint8Array): boolean {
  return scanLines(bytes) !== null && !hasHighOrNul(bytes);
}

/**
 * toCanonicalCrlf(bytes) when isSevenBitSafe(bytes), else null: both answers from one pass over the lines,
 * for the large bodies that signing prepares.
 */
export function sevenBitCanonical(bytes: Uint8Array): Uint8Array | null {
  const bare = scanLines(bytes);
  if (bare === null || hasHighOrNul(bytes)) return null;
  return bare === 0 ? bytes : withCrlf(bytes, false);
}

/**
 * The number of bare LFs, or null when a line is over 998 octets. A native search hops from line to line,
 * then the bytes are checked four at a time (hasHighOrNul): a large body costs tens of milliseconds, not a
 * loop over every byte.
 */
function scanLines(bytes: Uint8Array): number | null {
  let start = 0;
  let bare = 0;
  for (let nl = bytes.indexOf(LF); nl !== -1; nl = bytes.indexOf(LF, start)) {
    if (nl - start > 998) return null;
    if (nl === 0 || bytes[nl - 1] !== CR) bare++;
    start = nl + 1;
  }
  return bytes.length - start > 998 ? null : bare;
}

function hasHighOrNul(bytes: Uint8Array): boolean {
  const bad = (b: number) => b === 0 || b > 0x7f;
  const head = Math.min(bytes.length, (4 - (bytes.byteOffset & 3)) & 3);
  for (let i = 0; i < head; i++) if (bad(bytes[i] as number)) return true;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + head, (bytes.length - head) >>> 2);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as number;
    // A byte with its top bit set, or a zero byte (the classic "has zero byte" test, exact when no top bit is set).
    if ((w & 0x80808080) !== 0 || ((w - 0x01010101) & ~w & 0x80808080) !== 0) return true;
  }
  for (let i = head + words.length * 4; i < bytes.length; i++) if (bad(bytes[i] as number)) return true;
  return false;
}

export function startsWithAt(buf: Uint8Array, pos: number, end: number, prefix: Uint8Array): boolean {
  if (pos + prefix.length > end) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[pos + i] !== prefix[i]) return false;
  return true;
}

/** CRLF line breaks as bare LF, the way mail text is shown (a lone CR is kept). */
export function crlfToLf(bytes: Uint8Array): Uint8Array {
  let cr = bytes.indexOf(CR);
  if (cr === -1) return bytes;
  // One copy, then each line moved down over the CRs dropped so far: a native move per line rather than a loop per byte.
  // Only bytes before `cr` are ever overwritten, so the search ahead still reads the input.
  const out = bytes.slice();
  let to = cr;
  let from = cr;
  for (; cr !== -1; cr = out.indexOf(CR, cr + 1)) {
    if (out[cr + 1] !== LF) continue;
    out.copyWithin(to, from, cr);
    to += cr - from;
    from = cr + 1;
  }
  out.copyWithin(to, from);
  return out.subarray(0, to + out.length - from);
}
