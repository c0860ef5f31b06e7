// The head of a PGP/MIME encrypted message (RFC 3156 section 4) read from a stream, up to where its encrypted data begins.
import type { BoundedReader } from './bounded-reader.js';
import { delimiterKind } from './mime/boundary.js';
import { encodeUtf8, lineContentEnd } from './mime/bytes.js';
import { parseEntity, parseMessage, type MimeEntity } from './mime/entity.js';
import { isPgpEncryptedType } from './root-evaluation.js';

export type Head =
  | {
      kind: 'pgp-mime';
      /** The message up to the data part's body: header, preamble, control part, data part header. */
      head: Uint8Array;
      /** The data part as its header describes it (its body is not in `head`). */
      dataPart: MimeEntity;
      dashBoundary: Uint8Array;
      /** What was read past the head: the start of the data part's body. */
      bodyStart: Uint8Array;
    }
  | {
      /** Not a PGP/MIME encrypted message, or not one laid out as expected: `read` is all that was read, `ended` whether that is all. */
      kind: 'other';
      read: Uint8Array;
      ended: boolean;
    };

/** A head larger than this is not what PGP/MIME senders write; such a message is read whole instead. */
const HEAD_LIMIT = 1024 * 1024;
const LF = 0x0a;

/**
 * Reads until the body of the root's second part begins, judging only complete lines, with the MIME tree parser's own
 * rules (header block, delimiter lines), so that the head says what parseMessage would say of the same lines.
 */
export async function readPgpMimeHead(source: BoundedReader): Promise<Head> {
  let buf = new Uint8Array(64 * 1024);
  let length = 0;
  const scanner = new HeadScanner();
  for (;;) {
    const chunk = await source.read();
    if (chunk === null) return { kind: 'other', read: buf.subarray(0, length), ended: true };
    if (length + chunk.length > buf.length) {
      const grown = new Uint8Array(Math.max(buf.length * 2, length + chunk.length));
      grown.set(buf.subarray(0, length));
      buf = grown;
    }
    buf.set(chunk, length);
    length += chunk.length;
    const found = scanner.scan(buf, length);
    if (found === 'other' || (found === 'more' && length > HEAD_LIMIT)) return { kind: 'other', read: buf.subarray(0, length), ended: false };
    if (found !== 'more') {
      return { kind: 'pgp-mime', head: buf.slice(0, found.bodyStart), dataPart: found.dataPart, dashBoundary: found.dashBoundary, bodyStart: buf.slice(found.bodyStart, length) };
    }
  }
}

type Found = { bodyStart: number; dataPart: MimeEntity; dashBoundary: Uint8Array };

/** Walks the lines as they complete: root header, preamble, first part, second part's header. */
class HeadScanner {
  private stage: 'header' | 'preamble' | 'control-part' | 'data-header' = 'header';
  private pos = 0;
  private dashBoundary: Uint8Array = new Uint8Array(0);
  private dataStart = 0;

  scan(buf: Uint8Array, length: number): Found | 'more' | 'other' {
    for (let lf = buf.indexOf(LF, this.pos); lf !== -1 && lf < length; lf = buf.indexOf(LF, this.pos)) {
      const pos = this.pos;
      const next = lf + 1;
      const contentEnd = lineContentEnd(buf, pos, next);
      this.pos = next;
      if (this.stage === 'header') {
        if (contentEnd === pos && !this.readRootHeader(buf.subarray(0, next))) return 'other';
        continue;
      }
      const kind = delimiterKind(buf, pos, contentEnd, next, this.dashBoundary);
      if (this.stage === 'data-header') {
        if (kind !== null) return 'other';
        if (contentEnd !== pos) continue;
        const dataPart = parseEntity(buf, this.dataStart, next, '2', 'text/plain', { parts: 0 }, 1);
        // A multipart data part would be parsed into parts of its own, from bytes that are not kept.
        return dataPart.type.startsWith('multipart/') ? 'other' : { bodyStart: next, dataPart, dashBoundary: this.dashBoundary };
      }
      if (kind === 'close') return 'other';
      if (kind === 'open') {
        this.stage = this.stage === 'preamble' ? 'control-part' : 'data-header';
        this.dataStart = next;
      }
    }
    return 'more';
  }

  /** The root header, complete: goes on only for PGP/MIME encrypted with a boundary of printable ASCII. */
  private readRootHeader(header: Uint8Array): boolean {
    let root: MimeEntity;
    try {
      root = parseMessage(header);
    } catch {
      return false;
    }
    const boundary = root.params.boundary ?? '';
    // Other boundaries (empty, or decoded from RFC 2231 into line breaks or non-ASCII) are left to the whole-message parser.
    if (!isPgpEncryptedType(root) || !/^[\x20-\x7e]+$/.test(boundary)) return false;
    this.dashBoundary = encodeUtf8(`--${boundary}`);
    this.stage = 'preamble';
    return true;
  }
}
