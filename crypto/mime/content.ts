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
export async function displayContent(entity: MimeEntity): Promise<DisplayContent> {
  if (isPlainTextLeaf(entity)) return { text: plainText(entity), html: null, attachments: [] };
  const email = await PostalMime.parse(entity.raw, { attachmentEncoding: 'arraybuffer' });
  return {
    text: email.text ?? null,
    html: email.html ?? null,
    attachments: email.attachments.map((a) => ({
      name: a.filename,
      type: a.mimeType,
      size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
    })),
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
  // Line breaks of the transport become LF; those inside base64 or encoded as =0D=0A are content and stay.
  const body = transferEncoding(entity) === 'base64' ? decodeBody(entity) : decodeBody({ ...entity, body: crlfToLf(entity.body) });
  const charset = (entity.params.charset ?? 'utf-8').trim().toLowerCase();
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return charsetFallback(body, charset);
  }
}

function charsetFallback(body: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(libmime.normalizeCharset(charset).toLowerCase()).decode(body);
  } catch {
    return new TextDecoder('windows-1252').decode(body);
  }
}
