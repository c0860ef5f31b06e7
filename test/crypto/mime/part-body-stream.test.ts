// The streaming splitter against the MIME tree parser: the same body and the same rest, however the input is cut.
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../crypto/mime/bytes.js';
import { parseMessage } from '../../../crypto/mime/entity.js';
import { partBodyStream } from '../../../crypto/mime/part-body-stream.js';
import { bytes, text } from '../../helpers/message.js';

/** xorshift32, so that a failing case can be replayed from its seed. */
function prng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

// Pieces that make delimiter lines, near misses and every kind of line break when strung together at random.
const TOKENS = ['--b', '--b--', '--bb', '--b-', '-', '--', ' ', '\t', '\r', '\n', '\r\n', '\r\n', 'x', 'MIIB', '--b \t', '\r\n--b'];
const HEAD = 'Content-Type: multipart/encrypted; boundary=b\r\n\r\n--b\r\nVersion: 1\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n';

function randomTail(random: (n: number) => number): string {
  let tail = '';
  for (let i = random(40); i > 0; i--) tail += TOKENS[random(TOKENS.length)];
  return tail;
}

/** Cuts `data` into chunks whose sizes `size()` picks. */
function chunks(data: Uint8Array, size: () => number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; ) {
    const n = Math.max(1, size());
    out.push(data.slice(at, at + n));
    at += n;
  }
  return out;
}

async function split(body: Uint8Array, pieces: Uint8Array[]) {
  const [first = new Uint8Array(0), ...rest] = pieces;
  const part = partBodyStream(first, async () => rest.shift() ?? null, bytes('--b'));
  const read: Uint8Array[] = [];
  for await (const chunk of part.body) read.push(chunk);
  return { body: concatBytes(read), after: await part.rest() };
}

describe('partBodyStream', () => {
  it('cuts the body where the MIME tree parser ends it and hands over the rest, for any chunking', async () => {
    const head = bytes(HEAD);
    for (let seed = 1; seed <= 400; seed++) {
      const random = prng(seed);
      const tail = bytes(randomTail(random));
      const whole = parseMessage(concatBytes([head, tail]));
      for (const size of [() => 1, () => 1 + random(5), () => tail.length]) {
        const { body, after } = await split(tail, chunks(tail, size));
        const context = `seed ${seed}: ${JSON.stringify(text(tail))}`;
        expect(text(body), context).toBe(text((whole.children[1] ?? whole).body));
        // The head and the rest parse as the whole does, but for the data part's body, which has been streamed.
        const skeleton = parseMessage(concatBytes([head, after]));
        expect(skeleton.malformed, context).toBe(whole.malformed);
        expect(skeleton.children.map((c) => text(c.raw)).slice(2), context).toEqual(whole.children.map((c) => text(c.raw)).slice(2));
        expect(skeleton.children.length, context).toBe(whole.children.length);
      }
    }
  });

  it('passes a long body on as it arrives, holding back only a possible delimiter line', async () => {
    const line = bytes('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\r\n');
    let served = 0;
    const part = partBodyStream(new Uint8Array(0), async () => (served++ < 10_000 ? line : null), bytes('--b'));
    const reader = part.body.getReader();
    let received = 0;
    for (let r = await reader.read(); !r.done && served < 100; r = await reader.read()) received += r.value.length;
    // All but the last line break has come out by the time the 100th line is read.
    expect(received).toBeGreaterThanOrEqual(98 * line.length);
    await reader.cancel();
    expect(await part.rest()).toEqual(new Uint8Array(0));
    expect(served).toBe(10_001);
  });
});
