// Emitting MIME: header fields, multipart bodies and 7-bit-safe copies of entities (RFC 2045/2046, RFC 3156 section 3).
import libmime from 'libmime';
import { SealmailError } from '../errors.js';
import { concatBytes, encodeUtf8, isSevenBitSafe, sevenBitCanonical, toCanonicalCrlf } from './bytes.js';
import type { MimeEntity } from './entity.js';
import type { HeaderField } from './header.js';
import { encodeSevenBit, decodeBody } from './transfer.js';

const CRLF = encodeUtf8('\r\n');

/**
 * A fresh boundary that cannot be confused with content: random, checked against it, and starting with "=_",
 * which quoted-printable text never holds (RFC 2045 section 6.7). The check hops between "_" bytes, which
 * base64 never holds and text seldom does, so a large body costs one native scan.
 */
export function newBoundary(avoid: readonly Uint8Array[] = []): string {
  for (;;) {
    const random = crypto.getRandomValues(new Uint8Array(18));
    const boundary = `=_sealmail_${Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    const probe = encodeUtf8(boundary);
    if (!avoid.some((bytes) => indexOfBytes(bytes, probe, 1) !== -1)) return boundary;
  }
}

/** The first place `needle` occurs in `hay`, found by jumping between occurrences of needle[anchor]. */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array, anchor: number): number {
  const key = needle[anchor] as number;
  for (let a = hay.indexOf(key, anchor); a !== -1; a = hay.indexOf(key, a + 1)) {
    const i = a - anchor;
    if (i + needle.length > hay.length) return -1;
    let j = 0;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** One header field, folded at 76 columns, non-ASCII text as RFC 2047 encoded words. */
export function field(name: string, value: string): Uint8Array {
  const encoded = /^[\x20-\x7e]*$/.test(value) ? value : libmime.encodeWords(value, 'Q', 52);
  return encodeUtf8(libmime.foldLines(`${name}: ${encoded}`, 76).replace(/\r?\n/g, '\r\n'));
}

/**
 * Header fields exactly as received, canonicalised to CRLF. A field with raw 8-bit text (RFC 6532)
 * is re-emitted with RFC 2047 encoded words, so relays without SMTPUTF8 cannot mangle a signed copy.
 */
export function rawFields(fields: readonly HeaderField[]): Uint8Array[] {
  return fields.map((f) => (isSevenBitSafe(f.raw) ? toCanonicalCrlf(f.raw) : field(displayName(f), f.value)));
}

function displayName(f: HeaderField): string {
  const text = new TextDecoder('latin1').decode(f.raw);
  return text.slice(0, text.indexOf(':')).trim();
}

/** A header section followed by a body: `fields CRLF CRLF body`. */
export function entityBytes(fields: readonly Uint8Array[], body: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of fields) parts.push(f, CRLF);
  parts.push(CRLF, body);
  return concatBytes(parts);
}

/** A multipart body with the given parts; the CRLF before each boundary belongs to the boundary. */
export function multipartBody(boundary: string, preamble: string, parts: readonly Uint8Array[]): Uint8Array {
  const out: Uint8Array[] = [encodeUtf8(`${preamble}\r\n`)];
  for (const part of parts) out.push(encodeUtf8(`--${boundary}\r\n`), part, encodeUtf8('\r\n'));
  out.push(encodeUtf8(`--${boundary}--\r\n`));
  return concatBytes(out);
}

/** multipartBody(boundary, preamble, [...before, last]) without `last`: the bytes before and after it, for a last part that is streamed. */
export function multipartAroundLast(boundary: string, preamble: string, before: readonly Uint8Array[]): { head: Uint8Array; tail: Uint8Array } {
  const head: Uint8Array[] = [encodeUtf8(`${preamble}\r\n`)];
  for (const part of before) head.push(encodeUtf8(`--${boundary}\r\n`), part, encodeUtf8('\r\n'));
  head.push(encodeUtf8(`--${boundary}\r\n`));
  return { head: concatBytes(head), tail: encodeUtf8(`\r\n--${boundary}--\r\n`) };
}

/**
 * The entity's body in canonical CRLF form, re-encoding leaves whose body is not 7-bit safe,
 * so no relay can alter a signed part by converting 8-bit data (RFC 3156 section 3).
 */
export function sevenBitBody(entity: MimeEntity): { fields: Uint8Array[]; body: Uint8Array; cteChanged: string | null } {
  const canonical = sevenBitCanonical(entity.body);
  if (canonical) return { fields: [], body: canonical, cteChanged: null };
  if (entity.children.length > 0) {
    const boundary = entity.params.boundary as string;
    const children = entity.children.map((child) => {
      const inner = sevenBitBody(child);
      const keep = child.fields.filter((f) => !(inner.cteChanged && f.name === 'content-transfer-encoding'));
      return entityBytes([...rawFields(keep), ...inner.fields], inner.body);
    });
    return { fields: [], body: multipartBody(boundary, '', children), cteChanged: null };
  }
  if (entity.type === 'message/rfc822' || entity.type.startsWith('multipart/')) {
    throw new SealmailError('bad-message', `part ${entity.path || 'root'} (${entity.type}) holds 8-bit data that cannot be signed safely`);
  }
  const encoded = encodeSevenBit(decodeBody(entity), entity.type);
  return {
    fields: [encodeUtf8(`Content-Transfer-Encoding: ${encoded.encoding}`)],
    body: encoded.bytes,
    cteChanged: encoded.encoding,
  };
}
