// What a reader sees of an entity: its text, its HTML and its attachments, decoded by postal-mime.
import PostalMime from 'postal-mime';
import type { AttachmentInfo } from '../report.js';

export interface DisplayContent {
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
}

/** Decodes the entity (charsets, transfer encodings, nested parts) into displayable content. */
export async function displayContent(raw: Uint8Array): Promise<DisplayContent> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
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
