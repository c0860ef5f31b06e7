// What a reader sees of an entity: its text, its HTML and its attachments (postal-mime, plus a fast path for plain text).
import libmime from 'libmime';
import PostalMime from 'postal-mime';
import type { AttachmentInfo } from '../report.js';
import type { MimeEntity } from './entity.js';
import { headerValue, parseStructured } from './header.js';
import { crlfToLf } from './bytes.js';
import { decodeBody, transferEncoding } from './transfer.js';

export interface DisplayContent {
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
}

/** Decodes the entity (charsets, transfer encodings, nested parts) into displayable content. */
export async function displayContent(entity: MimeEntity, options: { attachmentContent?: boolean } = {}): Promise<DisplayContent> {
  if (isPlainTextLeaf(entity)) return { text: plainText(entity), html: null, attachments: [] };
  const email = await PostalMime.parse(entity.raw, { attachmentEncoding: 'arraybuffer' });
  return {
    text: email.text ?? null,
    html: email.html ?? null,
    attachments: email.attachments.map((a) => {
      const bytes = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content);
      return { name: a.filename, type: a.mimeType, size: bytes.byteLength, ...(options.attachmentContent ? { content: bytes } : {}) };
    }),
  };
}

function isPlainTextLeaf(entity: MimeEntity): boolean {
  const disposition = parseStructured(headerValue(entity.fields, 'content-disposition')).value;
  const flowed = (entity.params.format ?? '').toLowerCase() === 'flowed';
  return entity.children.length === 0 && entity.type === 'text/plain' && disposition !== 'attachment' && !flowed;
}

/**
 * The common single text/plain body, decoded without postal-mime, which builds a Blob per line and took
 * 24 s and 2.3 GB for a 100 MB body. Same rules as postal-mime: transport CRLF shown as LF, the charset label
 * (unknown ones as windows-1252). Flowed text (RFC 3676) is left to postal-mime.
 */
function plainText(entity: MimeEntity): string {
  const cte = transferEncoding(entity);
  const charset = (entity.params.charset ?? 'utf-8').trim().toLowerCase();
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = fallbackDecoder(charset);
  }
  // Base64 and quoted-printable bodies are decoded whole; their CRLFs and encoded =0D=0A are content and stay,
  // while QP's own transport line breaks become LF first.
  if (cte === 'base64') return decoder.decode(decodeBody(entity));
  if (cte === 'quoted-printable') return decoder.decode(decodeBody({ ...entity, body: crlfToLf(entity.body) }));
  return identityText(entity.body, decoder);
}

/**
 * An identity-encoded body, converted a slice at a time so that a 100 MB body is not copied whole before it becomes
 * text. UTF-8 and windows-1252 (the WHATWG decoder behind us-ascii and latin1 labels) are decoded slice by slice on
 * Node's fast paths, whose strings keep such text at one byte per character: the streaming decoder, which other
 * charsets need, returns two bytes per character, which doubled the memory a large text takes.
 */
function identityText(body: Uint8Array, decoder: InstanceType<typeof TextDecoder>): string {
  const decodeSlice = sliceDecoder(decoder);
  let text = '';
  for (let start = 0; start < body.length; ) {
    const end = sliceEnd(body, start, decoder.encoding === 'utf-8');
    const slice = crlfToLf(body.subarray(start, end));
    text += decodeSlice ? decodeSlice(slice, start === 0) : decoder.decode(slice, { stream: true });
    start = end;
  }
  return decodeSlice ? text : text + decoder.decode();
}

const TEXT_SLICE_BYTES = 1024 * 1024;

/**
 * Where the slice from `start` ends. A CR stays with the next slice, in case an LF follows it. A UTF-8 slice ends where
 * the decoder is back in its start state, so that decoding the slices one by one gives what one pass would: before a
 * byte that is no continuation byte (10xxxxxx), or after three continuation bytes, which end any sequence.
 */
function sliceEnd(body: Uint8Array, start: number, utf8: boolean): number {
  const limit = start + TEXT_SLICE_BYTES;
  if (limit >= body.length) return body.length;
  let end = limit;
  if (utf8) {
    while (end > limit - 3 && isContinuation(body[end])) end--;
    if (isContinuation(body[end])) end = limit;
  }
  return body[end - 1] === 0x0d ? end - 1 : end;
}

function isContinuation(b: number | undefined): boolean {
  return b !== undefined && (b & 0xc0) === 0x80;
}

/** A decoder for one slice at a time on Node's one-byte fast path, for the two charsets that have one; null for the rest. */
function sliceDecoder(decoder: InstanceType<typeof TextDecoder>): ((slice: Uint8Array, first: boolean) => string) | null {
  if (decoder.encoding === 'utf-8') {
    // Only the body's first slice may begin with a byte order mark to drop, as with one decoder over the whole body.
    const first = new TextDecoder('utf-8');
    const later = new TextDecoder('utf-8', { ignoreBOM: true });
    return (slice, isFirst) => (isFirst ? first : later).decode(slice);
  }
  if (decoder.encoding === 'windows-1252') {
    // ASCII reads the same in every ASCII-compatible charset: valid UTF-8 no shorter as text than as bytes is ASCII.
    const ascii = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const fast = new TextDecoder('windows-1252');
    return (slice) => {
      const plain = asciiText(ascii, slice);
      if (plain !== null) return plain;
      const text = fast.decode(slice);
      // Node's fast path reads 0x80-0x9F as ISO-8859-1 control characters; the streaming decoder maps them as WHATWG says.
      return /[\x80-\x9f]/.test(text) ? decoder.decode(slice, { stream: true }) : text;
    };
  }
  return null;
}

/** The slice as text when it is all ASCII, else null. */
function asciiText(strictUtf8: InstanceType<typeof TextDecoder>, slice: Uint8Array): string | null {
  try {
    const text = strictUtf8.decode(slice);
    return text.length === slice.length ? text : null;
  } catch {
    return null;
  }
}

function fallbackDecoder(charset: string): InstanceType<typeof TextDecoder> {
  try {
    return new TextDecoder(libmime.normalizeCharset(charset).toLowerCase());
  } catch {
    return new TextDecoder('windows-1252');
  }
}
