// Decrypting one OpenPGP message (RFC 9580 section 5.13): plaintext only when its integrity check passed.
import { decrypt, readMessage, type Key, type PrivateKey, type Signature, type SignaturePacket } from 'openpgp';
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
  const config = pgpConfig();
  const streamed = data.length > STREAM_FROM_BYTES;
  let message;
  try {
    message = await read(data, streamed, config);
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
    const signatures = await Promise.all(result.signatures.map((s) => s.signature));
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

/**
 * Large messages are fed to openpgp.js in chunks: as one string or buffer, it kept several whole copies
 * (1.1 GB peak for a 100 MB message). Small ones are read whole, which is faster per message.
 */
const STREAM_FROM_BYTES = 4 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

async function read(data: Uint8Array, streamed: boolean, config: ReturnType<typeof pgpConfig>) {
  const armored = looksArmored(data);
  if (!streamed) {
    return armored
      ? readMessage({ armoredMessage: new TextDecoder('latin1').decode(data), config })
      : readMessage({ binaryMessage: data, config });
  }
  const latin1 = new TextDecoder('latin1');
  let offset = 0;
  const next = <T>(convert: (chunk: Uint8Array) => T) =>
    new ReadableStream<T>({
      pull(controller) {
        if (offset >= data.length) return controller.close();
        const end = Math.min(data.length, offset + CHUNK_BYTES);
        controller.enqueue(convert(data.subarray(offset, end)));
        offset = end;
      },
    });
  // openpgp.js types its streams with its own stream library; these are the same WHATWG streams at run time.
  return armored
    ? readMessage({ armoredMessage: next((c) => latin1.decode(c)) as never, config })
    : readMessage({ binaryMessage: next((c) => c) as never, config });
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
