// RFC 2045/2046 MIME entity tree over the exact received bytes: every node knows its own byte range.
import { SealmailError } from '../errors.js';
import { MAX_MIME_DEPTH, MAX_MIME_PARTS } from '../policy.js';
import { delimiterKind } from './boundary.js';
import { encodeUtf8, lineBreakStart, lineContentEnd, nextLine } from './bytes.js';
import { type HeaderField, headerValue, parseStructured, readHeaderBlock } from './header.js';

export interface MimeEntity {
  /** Dotted part number, "" for the root (like IMAP section numbers). */
  path: string;
  /** The entity's bytes exactly as received: header, empty line, body. */
  raw: Uint8Array;
  /** The body bytes exactly as received (still transfer-encoded). */
  body: Uint8Array;
  fields: HeaderField[];
  /** Lower-cased media type, "text/plain" when absent (RFC 2045 section 5.2). */
  type: string;
  params: Record<string, string>;
  children: MimeEntity[];
  /** Why the structure is broken (e.g. a missing closing boundary), or null. */
  malformed: string | null;
}

interface Counter {
  parts: number;
}

/** Parses a whole message. Throws SealmailError('bad-message') for input that is not a message at all. */
export function parseMessage(bytes: Uint8Array): MimeEntity {
  if (bytes.length === 0) throw new SealmailError('bad-message', 'the message is empty');
  const head = readHeaderBlock(bytes, 0, bytes.length);
  if (head.fields.length === 0 || !startsWithField(bytes)) {
    throw new SealmailError('bad-message', 'this is not an e-mail message: no valid header fields');
  }
  if (head.bodyStart === bytes.length && !endsWithEmptyLine(bytes)) {
    throw new SealmailError('bad-message', 'the message is truncated: its header never ends');
  }
  return parseEntity(bytes, 0, bytes.length, '', 'text/plain', { parts: 0 }, 0);
}

function startsWithField(bytes: Uint8Array): boolean {
  const firstLine = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 1000)));
  return /^[\x21-\x39\x3b-\x7e]+[ \t]*:/.test(firstLine);
}

function endsWithEmptyLine(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return (n >= 2 && bytes[n - 1] === 0x0a && bytes[n - 2] === 0x0a) || (n >= 4 && bytes[n - 1] === 0x0a && bytes[n - 3] === 0x0a);
}

export function parseEntity(
  buf: Uint8Array,
  start: number,
  end: number,
  path: string,
  defaultType: string,
  counter: Counter,
  depth: number,
): MimeEntity {
  if (depth > MAX_MIME_DEPTH) throw new SealmailError('bad-message', `the message nests MIME parts deeper than ${MAX_MIME_DEPTH} levels`);
  if (++counter.parts > MAX_MIME_PARTS) throw new SealmailError('bad-message', `the message has more than ${MAX_MIME_PARTS} MIME parts`);

  const head = readHeaderBlock(buf, start, end);
  const ct = parseStructured(headerValue(head.fields, 'content-type'));
  const type = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(ct.value) ? ct.value : defaultType;
  const entity: MimeEntity = {
    path,
    raw: buf.subarray(start, end),
    body: buf.subarray(head.bodyStart, end),
    fields: head.fields,
    type,
    params: ct.params,
    children: [],
    malformed: null,
  };
  if (type.startsWith('multipart/')) {
    const boundary = ct.params.boundary;
    if (!boundary) {
      entity.malformed = 'multipart without a boundary';
    } else {
      const childType = type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
      splitMultipart(buf, head.bodyStart, end, boundary, entity, childType, counter, depth);
    }
  }
  return entity;
}

/** RFC 2046 section 5.1.1: the CRLF before a boundary line belongs to the boundary, not to the part. */
function splitMultipart(
  buf: Uint8Array,
  bodyStart: number,
  end: number,
  boundary: string,
  entity: MimeEntity,
  childType: string,
  counter: Counter,
  depth: number,
): void {
  const dashBoundary = encodeUtf8(`--${boundary}`);
  let partStart = -1;
  let closed = false;
  let pos = bodyStart;
  while (pos < end) {
    const next = nextLine(buf, pos, end);
    const kind = delimiterKind(buf, pos, lineContentEnd(buf, pos, next), end, dashBoundary);
    if (kind !== null) {
      if (partStart >= 0) addChild(buf, partStart, lineBreakStart(buf, pos, partStart), entity, childType, counter, depth);
      if (kind === 'close') {
        closed = true;
        break;
      }
      partStart = next;
    }
    pos = next;
  }
  if (!closed) {
    if (partStart >= 0) addChild(buf, partStart, end, entity, childType, counter, depth);
    entity.malformed = entity.children.length === 0 ? 'multipart with no parts' : 'multipart without its closing boundary';
  }
}

function addChild(
  buf: Uint8Array,
  start: number,
  end: number,
  parent: MimeEntity,
  childType: string,
  counter: Counter,
  depth: number,
): void {
  const n = parent.children.length + 1;
  const path = parent.path === '' ? String(n) : `${parent.path}.${n}`;
  parent.children.push(parseEntity(buf, start, Math.max(start, end), path, childType, counter, depth + 1));
}
