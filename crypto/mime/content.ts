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
  // Identity encodings: converted a slice at a time, so a 100 MB body is not copied whole before it becomes text.
  const body = entity.body;
  let text = '';
  for (let start = 0; start < body.length; ) {
    let end = Math.min(body.length, start + TEXT_SLICE_BYTES);
    if (end < body.length && body[end - 1] === 0x0d) end--;
    text += decoder.decode(crlfToLf(body.subarray(start, end)), { stream: true });
    start = end;
  }
  return text + decoder.decode();
}

const TEXT_SLICE_BYTES = 1024 * 1024;

function fallbackDecoder(charset: string): InstanceType<typeof TextDecoder> {
  try {
    return new TextDecoder(libmime.normalizeCharset(charset).toLowerCase());
  } catch {
    return new TextDecoder('windows-1252');
  }
}
