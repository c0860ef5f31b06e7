// Emitting MIME: header fields, multipart bodies and 7-bit-safe copies of entities (RFC 2045/2046, RFC 3156 section 3).
import libmime from 'libmime';
import { SealmailError } from '../errors.js';
import { concatBytes, encodeUtf8, isSevenBitSafe, toCanonicalCrlf } from './bytes.js';
import type { MimeEntity } from './entity.js';
import type { HeaderField } from './header.js';
import { encodeSevenBit, decodeBody } from './transfer.js';

const CRLF = encodeUtf8('\r\n');

/** A fresh boundary that cannot be confused with content (random, and checked against it). */
export function newBoundary(avoid: readonly Uint8Array[] = []): string {
  for (;;) {
    const random = crypto.getRandomValues(new Uint8Array(18));
    const boundary = `sealmail-${Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    const probe = encodeUtf8(boundary);
    if (!avoid.some((bytes) => indexOfBytes(bytes, probe) !== -1)) return boundary;
  }
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  for (let i = hay.indexOf(first as number); i !== -1 && i + needle.length <= hay.length; i = hay.indexOf(first as number, i + 1)) {
    let j = 1;
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
  if (isSevenBitSafe(entity.body)) return { fields: [], body: toCanonicalCrlf(entity.body), cteChanged: null };
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
