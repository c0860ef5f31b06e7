// sealStream: seal() for messages too large to hold in memory; an encrypted body streams through OpenPGP (RFC 3156 section 4).
import { createMessage, encrypt } from 'openpgp';
import { SealmailError, checkOptions } from './errors.js';
import { mailboxes } from './mime/address.js';
import { concatBytes, crlfCanonicaliser, encodeUtf8 } from './mime/bytes.js';
import { entityBytes, multipartAroundLast } from './mime/build.js';
import { parseMessage } from './mime/entity.js';
import { headerValue } from './mime/header.js';
import {
  SEAL_OPTIONS,
  checkPreferEncrypt,
  checkSigningKey,
  encryptOptions,
  encryptedFrame,
  innerFields,
  outerFields,
  recipientKeys,
  seal,
  singleFrom,
  type SealOptions,
} from './seal.js';

export interface SealStreamOptions extends Omit<SealOptions, 'message'> {
  /** The plain message, RFC 5322 bytes (LF or CRLF line ends), as a stream. */
  message: ReadableStream<Uint8Array>;
}

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = new Uint8Array(0);

/**
 * The same message seal() makes, as a stream. When encrypting a message that has a Content-Type, only its header
 * is held: the body is canonicalised, encrypted and armored as it arrives, so memory stays flat whatever its size.
 * Otherwise the whole body decides the output (signing may re-encode it to 7 bit; without a Content-Type its charset
 * is chosen from its bytes), so the message is gathered and sealed by seal().
 * A streamed body is sealed as opaque bytes: unlike seal(), its MIME structure is not parsed, so the parser's limits
 * (nesting depth, part count) are not applied to it. Its OpenPGP packets use partial body lengths (RFC 9580 section 4.2.1.4).
 */
export async function sealStream(options: SealStreamOptions): Promise<ReadableStream<Uint8Array>> {
  checkOptions('sealStream', options, SEAL_OPTIONS);
  checkPreferEncrypt(options.preferEncrypt);
  if (!options.sign && !options.encrypt) throw new SealmailError('bad-option', 'sealStream: choose sign, encrypt, or both');
  const reader = options.message.getReader();
  try {
    const { header, rest } = await readHeader(reader);
    const sealWhole = async () => single(await seal({ ...options, message: rest === null ? header : concatBytes([header, rest, ...(await readAll(reader))]) }));
    if (rest === null || !options.encrypt) return await sealWhole();
    const root = parseMessage(header);
    if (headerValue(root.fields, 'content-type') === null) return await sealWhole();
    const date = options.date ?? new Date();
    const from = singleFrom(root);
    const signingKey = options.sign ? checkSigningKey(options.signingKey, from) : undefined;
    const senderKey = options.senderKey ?? options.signingKey?.toPublic();
    const outer = outerFields(root, options, from, senderKey);
    // The body only matters to innerFields when there is no Content-Type, which was ruled out above.
    const innerHead = entityBytes(innerFields(root, true, { fields: [], body: EMPTY, cteChanged: null }), EMPTY);
    const recipients = await recipientKeys(root, options.encryptionKeys ?? [], senderKey, from, date);
    const hidden = mailboxes(root.fields, 'bcc').length > 0;

    const inner = innerStream(innerHead, rest, reader);
    const armored = (await encrypt({ message: await createMessage({ binary: inner }), ...encryptOptions(recipients, signingKey, hidden, date) })) as ReadableStream<string>;
    const frame = encryptedFrame();
    const around = multipartAroundLast(frame.boundary, frame.preamble, [frame.control]);
    const top = entityBytes([...outer, encodeUtf8('MIME-Version: 1.0'), encodeUtf8(frame.contentType)], EMPTY);
    return outputStream(concatBytes([top, around.head, entityBytes(frame.dataFields, EMPTY)]), armored, around.tail);
  } catch (e) {
    await reader.cancel(e).catch(() => undefined);
    throw e;
  }
}

/**
 * Reads up to and including the empty line that ends the header (the first line that is LF or CRLF alone).
 * `rest` is what was read past it, or null when the stream ended first (then `header` is the whole message).
 */
async function readHeader(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<{ header: Uint8Array; rest: Uint8Array | null }> {
  const chunks: Uint8Array[] = [];
  let lineLength = 0;
  let lineIsCr = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { header: concatBytes(chunks), rest: null };
    let pos = 0;
    for (let lf = value.indexOf(LF); lf !== -1; lf = value.indexOf(LF, pos)) {
      const length = lineLength + lf - pos;
      if (length === 0 || (length === 1 && (lineLength === 1 ? lineIsCr : value[pos] === CR))) {
        chunks.push(value.subarray(0, lf + 1));
        return { header: concatBytes(chunks), rest: value.subarray(lf + 1) };
      }
      lineLength = 0;
      lineIsCr = false;
      pos = lf + 1;
    }
    const tail = value.length - pos;
    lineIsCr = lineLength + tail === 1 ? (lineLength === 1 ? lineIsCr : value[pos] === CR) : false;
    lineLength += tail;
    chunks.push(value);
  }
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  return chunks;
}

function single(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** The inner entity: its header, then the body in canonical CRLF form, read only as fast as encryption consumes it. */
function innerStream(head: Uint8Array, first: Uint8Array, reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  const canonical = crlfCanonicaliser();
  const pending = [head, canonical(first)];
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const next = pending.shift() ?? (await nextChunk(reader, canonical));
          if (next === null) return controller.close();
          if (next.length > 0) return controller.enqueue(next);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

async function nextChunk(reader: ReadableStreamDefaultReader<Uint8Array>, canonical: (chunk: Uint8Array) => Uint8Array): Promise<Uint8Array | null> {
  const { done, value } = await reader.read();
  return done ? null : canonical(value);
}

/** `head`, the armored text with CRLF line ends (as seal() writes it), then `tail`. */
function outputStream(head: Uint8Array, armored: ReadableStream<string>, tail: Uint8Array): ReadableStream<Uint8Array> {
  const reader = armored.getReader();
  let started = false;
  // A CR ending one chunk is held back in case the next starts with LF, so CRLF is never doubled.
  let heldCr = '';
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          return controller.enqueue(head);
        }
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            controller.enqueue(concatBytes([encodeUtf8(heldCr), tail]));
            return controller.close();
          }
          let text = heldCr + value;
          heldCr = text.endsWith('\r') ? '\r' : '';
          if (heldCr) text = text.slice(0, -1);
          // openpgp.js armors with bare LF, so the plain replaceAll (several times faster than the regex) is the usual path.
          if (text.length > 0) return controller.enqueue(encodeUtf8(text.includes('\r') ? text.replace(/\r?\n/g, '\r\n') : text.replaceAll('\n', '\r\n')));
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
