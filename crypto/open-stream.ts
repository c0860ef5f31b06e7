// openStream: open() for a message that arrives as a stream; a PGP/MIME encrypted body goes into openpgp.js as it arrives.
import { boundedReader, type BoundedReader } from './bounded-reader.js';
import { checkOptions } from './errors.js';
import { concatBytes } from './mime/bytes.js';
import { parseMessage, type MimeEntity } from './mime/entity.js';
import { partBodyStream } from './mime/part-body-stream.js';
import { decodeBody } from './mime/transfer.js';
import { OPEN_OPTIONS, messageTooLarge, open, openContext, openRoot, type OpenOptions } from './open.js';
import { decryptMessage, decryptStream, type Decrypted } from './pgp/decrypt.js';
import { readPgpMimeHead } from './pgp-mime-head.js';
import { MAX_MESSAGE_BYTES } from './policy.js';
import type { Context } from './root-evaluation.js';
import type { SecurityReport } from './report.js';

export interface OpenStreamOptions extends Omit<OpenOptions, 'message'> {
  /** The raw message exactly as received, as a stream. */
  message: ReadableStream<Uint8Array>;
}

/**
 * The report open() gives for the same bytes, without holding the whole message when it is PGP/MIME encrypted:
 * the head is read up to the encrypted data, the data streams into openpgp.js up to the delimiter after it, and the
 * rest is read. The root is then parsed from the head and the rest (the data part without its body, which has been
 * decrypted already) and judged by open()'s own rules. Any other message, or one laid out unexpectedly, is read
 * whole and given to open(). Either way more than MAX_MESSAGE_BYTES is refused, as open() refuses it.
 */
export async function openStream(options: OpenStreamOptions): Promise<SecurityReport> {
  checkOptions('openStream', options, OPEN_OPTIONS);
  const { message, ...rest } = options;
  const source = boundedReader(message, MAX_MESSAGE_BYTES, messageTooLarge);
  try {
    const head = await readPgpMimeHead(source);
    if (head.kind === 'other') return await open({ ...rest, message: head.ended ? head.read : await readAll(head.read, source) });

    const part = partBodyStream(head.bodyStart, () => source.read(), head.dashBoundary);
    // The context hands open()'s rules the decryption started just below, on the body as it streams past.
    const ctx = openContext(rest, () => decryption);
    const decryption = decryptDataPart(head.dataPart, part.body, ctx);
    // Its outcome is judged by openRoot, as open() judges it, once the rest of the message is read and parsed.
    await decryption.catch(() => undefined);
    const root = parseMessage(concatBytes([head.head, await part.rest()]));
    return await openRoot(root, ctx);
  } catch (e) {
    await source.cancel(e);
    throw e;
  }
}

/** What open() does with the data part's body, decodeBody then decryptMessage, on a body that streams. */
function decryptDataPart(dataPart: MimeEntity, body: ReadableStream<Uint8Array>, ctx: Context): Promise<Decrypted> {
  const keys = ctx.keys.map((k) => k.key);
  const probe = new Uint8Array(0);
  // decodeBody hands an identity-encoded body back as it is; only such a body is decrypted as it streams.
  if (decodeBody({ ...dataPart, body: probe }) === probe) return decryptStream(body, ctx.decryptionKeys, keys, ctx.date);
  return readAll(new Uint8Array(0), streamReader(body)).then((bytes) => decryptMessage(decodeBody({ ...dataPart, body: bytes }), ctx.decryptionKeys, keys, ctx.date));
}

function streamReader(stream: ReadableStream<Uint8Array>): Pick<BoundedReader, 'read'> {
  const reader = stream.getReader();
  return { read: async () => ((await reader.read()).value ?? null) };
}

async function readAll(first: Uint8Array, source: Pick<BoundedReader, 'read'>): Promise<Uint8Array> {
  const chunks = [first];
  for (let chunk = await source.read(); chunk !== null; chunk = await source.read()) chunks.push(chunk);
  return concatBytes(chunks);
}
