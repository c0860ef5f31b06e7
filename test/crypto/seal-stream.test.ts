// sealStream against seal(): same frame and inner entity however the input is chunked, streaming for real, same refusals.
import { decrypt, readMessage } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSealmailError, open, seal, sealStream, type SealOptions } from '../../crypto/index.js';
import { parseMessage } from '../../crypto/mime/entity.js';
import { known, person, type Person } from '../helpers/keys.js';
import { bytes, text } from '../helpers/message.js';

let alice: Person;
let bob: Person;
/** One signing time for every seal in a test, so outputs can be compared byte for byte. */
let date: Date;

beforeAll(async () => {
  [alice, bob] = await Promise.all([person('Alice', 'alice@example.org'), person('Bob', 'bob@example.org')]);
  date = new Date();
});

/** Mixed line ends on purpose: CRLF, bare LF, and a CR at the very end of a line, so chunk edges land on every case. */
const message = bytes(
  [
    'From: Alice <alice@example.org>\r\n',
    'To: Bob <bob@example.org>\n',
    'Subject: Grüße\r\n',
    'Content-Type: text/plain; charset=utf-8\r\n',
    'Content-Transfer-Encoding: 8bit\n',
    '\r\n',
    'Hällo Bob,\r\nline two\nline three\r\r\n\nlast line without end\r',
  ].join(''),
);

function streamOf(data: Uint8Array, chunkSize: number, pulled: { count: number } = { count: 0 }): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= data.length) return controller.close();
        pulled.count++;
        controller.enqueue(data.slice(offset, offset + chunkSize));
        offset += chunkSize;
      },
    },
    { highWaterMark: 0 },
  );
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/** The sealed message with its random parts (boundary, armored ciphertext) replaced by placeholders. */
function frame(sealed: Uint8Array): string {
  const boundary = parseMessage(sealed).params.boundary as string;
  return text(sealed)
    .replaceAll(boundary, 'BOUNDARY')
    .replace(/(-----BEGIN PGP MESSAGE-----\r\n)[\s\S]*?(-----END PGP MESSAGE-----)/, '$1ARMOR$2');
}

/** The inner entity exactly as encrypted, read back with Bob's key. */
async function innerOf(sealed: Uint8Array): Promise<Uint8Array> {
  const data = parseMessage(sealed).children[1]?.body as Uint8Array;
  const decrypted = await decrypt({ message: await readMessage({ armoredMessage: text(data) }), decryptionKeys: bob.privateKey, format: 'binary' });
  return decrypted.data as Uint8Array;
}

const both = (): Omit<SealOptions, 'message'> => ({ sign: true, encrypt: true, signingKey: alice.privateKey, encryptionKeys: [bob.publicKey], date });

describe('sealStream', () => {
  it('encrypts the same inner entity into the same frame as seal(), however the input is chunked', async () => {
    const reference = await seal({ message, ...both() });
    for (const chunkSize of [1, 2, 3, 7, 64, message.length]) {
      const streamed = await collect(await sealStream({ message: streamOf(message, chunkSize), ...both() }));
      expect(frame(streamed)).toBe(frame(reference));
      expect(await innerOf(streamed)).toEqual(await innerOf(reference));
    }
  });

  it('announces the same prefer-encrypt as seal(): none by default, mutual when asked', async () => {
    const streamedHead = async (extra: Pick<SealOptions, 'preferEncrypt'>) => frame(await collect(await sealStream({ message: streamOf(message, 7), ...both(), ...extra }))).split('\r\n\r\n')[0];
    expect(await streamedHead({})).not.toMatch(/prefer-encrypt/i);
    expect(await streamedHead({ preferEncrypt: 'mutual' })).toMatch(/^Autocrypt: addr=alice@example\.org; prefer-encrypt=mutual; keydata=/m);
  });

  it('opens to the same report as seal() output', async () => {
    const options = { verificationKeys: known(alice), decryptionKeys: async () => [bob.privateKey], date };
    const streamed = await collect(await sealStream({ message: streamOf(message, 5), ...both() }));
    const report = await open({ message: streamed, ...options });
    expect(report.encryption.state).toBe('encrypted');
    expect(report.signature.state).toBe('valid');
    expect(report).toEqual(await open({ message: await seal({ message, ...both() }), ...options }));
  });

  it('reads the body only as fast as the output is read', async () => {
    const big = bytes(`From: alice@example.org\r\nTo: bob@example.org\r\nContent-Type: text/plain\r\n\r\n${'a line of text\r\n'.repeat(200_000)}`);
    const pulled = { count: 0 };
    const output = await sealStream({ message: streamOf(big, 4096, pulled), ...both() });
    expect(pulled.count).toBeLessThan(10);
    const reader = output.getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks.push(r.value);
      if (chunks.length === 2) expect(pulled.count).toBeLessThan(50);
    }
    const report = await open({ message: new Uint8Array(Buffer.concat(chunks)), verificationKeys: known(alice), decryptionKeys: async () => [bob.privateKey] });
    expect(report.signature.state).toBe('valid');
    expect(report.text?.length).toBe(15 * 200_000);
    expect(pulled.count).toBe(Math.ceil(big.length / 4096));
  });

  it('gathers the message and defers to seal() when the whole body decides the output', async () => {
    const signOnly = { sign: true, encrypt: false, signingKey: alice.privateKey, date };
    const signed = await collect(await sealStream({ message: streamOf(message, 3), ...signOnly }));
    expect(frame(signed).replace(/-----BEGIN PGP SIGNATURE-----[\s\S]*-----END PGP SIGNATURE-----/, 'SIG')).toBe(
      frame(await seal({ message, ...signOnly })).replace(/-----BEGIN PGP SIGNATURE-----[\s\S]*-----END PGP SIGNATURE-----/, 'SIG'),
    );
    // Without a Content-Type the charset is chosen from the body's bytes.
    const untyped = bytes('From: alice@example.org\r\nTo: bob@example.org\r\n\r\nGrüße\r\n');
    const streamed = await collect(await sealStream({ message: streamOf(untyped, 4), ...both() }));
    expect(text(await innerOf(streamed))).toContain('charset=utf-8');
    expect(await innerOf(streamed)).toEqual(await innerOf(await seal({ message: untyped, ...both() })));
  });

  it('refuses what seal() refuses, with the same codes, and releases the input', async () => {
    const expectCode = async (promise: Promise<unknown>, code: string) => {
      const error = await promise.then(() => null, (e: unknown) => e);
      expect(isSealmailError(error) && error.code).toBe(code);
    };
    await expectCode(sealStream({ message: streamOf(message, 8), ...both(), armor: true } as never), 'bad-option');
    await expectCode(sealStream({ message: streamOf(message, 8), ...both(), sign: false, encrypt: false }), 'bad-option');
    await expectCode(sealStream({ message: streamOf(bytes('From: alice@example.org\r\nTo: bob'), 4), ...both() }), 'bad-message');
    let cancelled = false;
    const source = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(bytes('From: alice@example.org\r\nTo: carol@example.org\r\nContent-Type: text/plain\r\n\r\nbody')),
      cancel: () => void (cancelled = true),
    });
    await expectCode(sealStream({ message: source, ...both() }), 'no-recipient-key');
    expect(cancelled).toBe(true);
  });
});
