// RFC 5322 section 2.2 header fields: split, unfold, and read structured values (RFC 2045/2231 parameters).
import libmime from 'libmime';
import { decodeHeaderBytes, lineContentEnd, nextLine } from './bytes.js';

export interface HeaderField {
  /** Lower-cased field name. */
  name: string;
  /** The field body, unfolded (RFC 5322 section 2.2.3), still encoded (RFC 2047 words are kept). */
  value: string;
  /** The whole field exactly as received, folding included, without its final line break. */
  raw: Uint8Array;
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** Offset of the body: just past the empty line that ends the header, or `end` if there is none. */
  bodyStart: number;
  /** Lines that are neither a field nor a continuation: a sign of garbage or a truncated header. */
  invalidLines: number;
}

const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** Reads the header section of the entity in buf[start, end). */
export function readHeaderBlock(buf: Uint8Array, start: number, end: number): HeaderBlock {
  const fields: HeaderField[] = [];
  let invalidLines = 0;
  let current: { name: string; chunks: string[]; start: number; end: number } | null = null;
  const flush = () => {
    if (current) {
      fields.push({ name: current.name, value: current.chunks.join('').trim(), raw: buf.subarray(current.start, current.end) });
    }
    current = null;
  };

  let pos = start;
  while (pos < end) {
    const next = nextLine(buf, pos, end);
    const contentEnd = lineContentEnd(buf, pos, next);
    if (contentEnd === pos) {
      flush();
      return { fields, bodyStart: next, invalidLines };
    }
    const line = decodeHeaderBytes(buf.subarray(pos, contentEnd));
    const first = buf[pos];
    if ((first === 0x20 || first === 0x09) && current) {
      const open = current as { chunks: string[]; end: number };
      open.chunks.push(line);
      open.end = contentEnd;
    } else {
      flush();
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon).trimEnd() : '';
      if (colon > 0 && FIELD_NAME.test(name)) current = { name: name.toLowerCase(), chunks: [line.slice(colon + 1)], start: pos, end: contentEnd };
      else invalidLines++;
    }
    pos = next;
  }
  flush();
  return { fields, bodyStart: end, invalidLines };
}

export function headerValue(fields: readonly HeaderField[], name: string): string | null {
  const found = fields.find((f) => f.name === name);
  return found ? found.value : null;
}

export function headerValues(fields: readonly HeaderField[], name: string): string[] {
  return fields.filter((f) => f.name === name).map((f) => f.value);
}

export interface StructuredValue {
  value: string;
  params: Record<string, string>;
}

/** Parses `type/subtype; a=b; c*0*=...` with RFC 2231 continuations; names and the value are lower-cased. */
export function parseStructured(raw: string | null): StructuredValue {
  if (raw === null) return { value: '', params: {} };
  const parsed = libmime.parseHeaderValue(raw);
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed.params ?? {})) params[k.toLowerCase()] = String(v);
  return { value: String(parsed.value ?? '').trim().toLowerCase(), params };
}

/** Decodes RFC 2047 encoded words in an unstructured field such as Subject. */
export function decodeWords(value: string): string {
  return libmime.decodeWords(value);
}
