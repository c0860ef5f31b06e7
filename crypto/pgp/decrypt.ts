// Decrypting one OpenPGP message (RFC 9580 section 5.13): plaintext only when its integrity check passed.
import { decrypt, readMessage, readSignature, type Key, type Message, type PrivateKey, type Signature, type SignaturePacket } from 'openpgp';
import { SealmailError } from '../errors.js';
import { concatBytes } from '../mime/bytes.js';
import { pgpConfig } from '../policy.js';

export interface Decrypted {
  plaintext: Uint8Array;
  /** One-pass signatures found inside, to be judged over `plaintext` by the caller. */
  signatures: Signature[];
  /** Signature packets openpgp.js already verified as good while decrypting, so they need not be hashed again. */
  verified: Set<SignaturePacket>;
}

type Config = ReturnType<typeof pgpConfig>;

function looksArmored(data: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(data.subarray(0, 4096));
  return head.includes('-----BEGIN PGP MESSAGE-----');
}

export async function decryptMessage(
  data: Uint8Array,
  getKeys: () => Promise<PrivateKey[]>,
  verificationKeys: Key[] = [],
  date: Date = new Date(),
): Promise<Decrypted> {
  if (data.length <= STREAM_FROM_BYTES) return decryptRead((config) => readWhole(data, config), false, getKeys, verificationKeys, date);
  let offset = 0;
  const chunks = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= data.length) return controller.close();
      const end = Math.min(data.length, offset + CHUNK_BYTES);
      controller.enqueue(data.subarray(offset, end));
      offset = end;
    },
  });
  return decryptRead((config) => readChunks(looksArmored(data), chunks, config), true, getKeys, verificationKeys, date);
}

/**
 * decryptMessage of the bytes `data` streams, without holding them: the same result, and the same errors, as
 * decryptMessage of the whole. Data up to STREAM_FROM_BYTES is gathered and read whole, as decryptMessage does; beyond,
 * openpgp.js gets the very chunks decryptMessage would cut, so that it cannot behave differently on the two paths.
 */
export async function decryptStream(
  data: ReadableStream<Uint8Array>,
  getKeys: () => Promise<PrivateKey[]>,
  verificationKeys: Key[] = [],
  date: Date = new Date(),
): Promise<Decrypted> {
  const reader = data.getReader();
  const chunks = rechunk(reader);
  const first: Uint8Array[] = [];
  let gathered = 0;
  while (gathered <= STREAM_FROM_BYTES) {
    const chunk = await chunks.next();
    if (chunk === null) return decryptMessage(concatBytes(first), getKeys, verificationKeys, date);
    first.push(chunk);
    gathered += chunk.length;
  }
  const armored = looksArmored(first[0] as Uint8Array);
  const rest = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = first.shift() ?? (await chunks.next());
        if (chunk === null) return controller.close();
        controller.enqueue(chunk);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return decryptRead((config) => readChunks(armored, rest, config), true, getKeys, verificationKeys, date);
}

/**
 * Large messages are fed to openpgp.js in chunks: as one string or buffer, it kept several whole copies
 * (1.1 GB peak for a 100 MB message). Small ones are read whole, which is faster per message.
 */
const STREAM_FROM_BYTES = 4 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** The stream's bytes cut into CHUNK_BYTES pieces (the last one shorter), whatever sizes they arrive in; null at the end. */
function rechunk(reader: ReadableStreamDefaultReader<Uint8Array>): { next(): Promise<Uint8Array | null> } {
  let pending: Uint8Array | null = null;
  let ended = false;
  return {
    async next() {
      let chunk = new Uint8Array(CHUNK_BYTES);
      let filled = 0;
      while (filled < CHUNK_BYTES) {
        if (pending === null || pending.length === 0) {
          if (ended) break;
          const read = await reader.read();
          if (read.done) {
            ended = true;
            break;
          }
          pending = read.value;
        }
        const take = Math.min(pending.length, CHUNK_BYTES - filled);
        chunk.set(pending.subarray(0, take), filled);
        pending = pending.subarray(take);
        filled += take;
      }
      if (filled === 0) return null;
      if (filled < CHUNK_BYTES) chunk = chunk.slice(0, filled);
      return chunk;
    },
  };
}

function readWhole(data: Uint8Array, config: Config): Promise<Message<Uint8Array>> {
  return looksArmored(data)
    ? readMessage({ armoredMessage: new TextDecoder('latin1').decode(data), config })
    : readMessage({ binaryMessage: data, config });
}

function readChunks(armored: boolean, chunks: ReadableStream<Uint8Array>, config: Config): Promise<Message<Uint8Array>> {
  // openpgp.js types its streams with its own stream library; these are the same WHATWG streams at run time.
  if (!armored) return readMessage({ binaryMessage: chunks as never, config });
  const latin1 = new TextDecoder('latin1');
  const reader = chunks.getReader();
  const text = new ReadableStream<string>(
    {
      async pull(controller) {
        const next = await reader.read();
        if (next.done) return controller.close();
        controller.enqueue(latin1.decode(next.value));
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return readMessage({ armoredMessage: text as never, config });
}

async function decryptRead(
  read: (config: Config) => Promise<Message<Uint8Array>>,
  streamed: boolean,
  getKeys: () => Promise<PrivateKey[]>,
  verificationKeys: Key[],
  date: Date,
): Promise<Decrypted> {
  const config = pgpConfig();
  let message;
  try {
    message = await read(config);
  } catch (e) {
    throw new SealmailError('bad-message', `the encrypted data is damaged or truncated (${reason(e)})`);
  }
  const recipients = message.getEncryptionKeyIDs().map((id) => id.toHex());
  const keys = await getKeys();
  if (keys.length === 0) throw new SealmailError('decrypt-failed', 'no secret key is available to decrypt this message');
  try {
    const result = await decrypt({ message, decryptionKeys: keys, verificationKeys, date, format: 'binary', config });
    // A streamed result is released only after its integrity check (allowUnauthenticatedStream is off in policy.ts).
    const plaintext = streamed ? await drain(result.data as unknown as ReadableStream<Uint8Array>) : result.data;
    // Re-read from their own bytes: as parsed, a signature is a view into openpgp.js's buffer of the whole decrypted
    // packet stream, and would keep that buffer (as large as the plaintext) alive for as long as the report is built.
    const signatures = await Promise.all(
      result.signatures.map(async (s) => readSignature({ binarySignature: (await s.signature).write() as Uint8Array, config })),
    );
    const verified = new Set<SignaturePacket>();
    await Promise.all(
      result.signatures.map(async (s, i) => {
        const good = await s.verified.then(() => true, () => false);
        const packet = signatures[i]?.packets[0];
        if (good && packet && signatures[i]?.packets.length === 1) verified.add(packet);
      }),
    );
    return { plaintext, signatures, verified };
  } catch (e) {
    throw classify(e, recipients);
  }
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    chunks.push(next.value);
  }
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : concatBytes(chunks);
}

function reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^Error [a-z ]+: /i, '').split('\n')[0] as string;
}

function classify(e: unknown, recipients: string[]): SealmailError {
  const text = reason(e);
  // "unable to authenticate data" is how Node's AES-GCM reports a bad AEAD tag (SEIPD v2, RFC 9580 section 5.13.2).
  if (/not authenticated|modification detected|integrity|authentication tag|unable to authenticate|mdc/i.test(text)) {
    return new SealmailError('integrity', 'the encrypted data failed its integrity check or has none; nothing was decrypted');
  }
  if (/decompressed message size/i.test(text)) {
    return new SealmailError('too-large', 'the encrypted data expands beyond the size limit (a decompression bomb?); nothing was shown');
  }
  if (/session key decryption failed|no decryption key|could not find|no secret key/i.test(text)) {
    const ids = recipients.filter((id) => id !== '0000000000000000');
    const to = ids.length > 0 ? `it is encrypted to key ${ids.join(', ')}` : 'its recipients are hidden';
    return new SealmailError('decrypt-failed', `none of your keys can decrypt this message (${to})`);
  }
  return new SealmailError('decrypt-failed', `the message could not be decrypted (${text})`);
}
