// openStream against open(): the same report, or the same error, for the same bytes, however they are cut into chunks.
import { armor, enums, unarmor } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSealmailError, open, openStream, seal, type SecurityReport } from '../../crypto/index.js';
import { MAX_MESSAGE_BYTES } from '../../crypto/policy.js';
import { known, person, type Person } from '../helpers/keys.js';
import { bytes, plainMessage, text } from '../helpers/message.js';
import { armoredCiphertext, crlf, inline } from '../security/craft.js';

let alice: Person;
let bob: Person;
/** One time for every open, so that reports can be compared whole. */
const date = new Date();
const corpus: Record<string, Uint8Array> = {};
const LARGE_LINE = 'All work and no play makes a very long but perfectly ordinary message.\r\n';

/** xorshift32, so that a failing chunking can be replayed from its seed. */
function prng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

/** A stream of `data` cut at `cuts` (sorted offsets), pulled one chunk at a time; `pulled` counts the bytes handed out. */
function streamCutAt(data: Uint8Array, cuts: number[], pulled = { bytes: 0 }): ReadableStream<Uint8Array> {
  const edges = [...new Set([0, ...cuts.filter((c) => c > 0 && c < data.length), data.length])].sort((a, b) => a - b);
  let i = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (i + 1 >= edges.length) return controller.close();
        const chunk = data.slice(edges[i], edges[i + 1]);
        pulled.bytes += chunk.length;
        controller.enqueue(chunk);
        i++;
      },
    },
    { highWaterMark: 0 },
  );
}

function randomCuts(length: number, seed: number, maxChunk: number): number[] {
  const random = prng(seed);
  const cuts: number[] = [];
  for (let at = 1 + random(maxChunk); at < length; at += 1 + random(maxChunk)) cuts.push(at);
  return cuts;
}

/** Cuts on every byte around each line that starts with `--boundary`, so chunk edges fall inside it and inside the CRLF before it. */
function cutsAroundDelimiters(data: Uint8Array): number[] {
  const boundary = /boundary="?([^";\r\n]+)/i.exec(text(data))?.[1];
  if (!boundary) return [];
  const cuts: number[] = [];
  const source = text(data);
  for (let at = source.indexOf(`\n--${boundary}`); at !== -1; at = source.indexOf(`\n--${boundary}`, at + 1)) {
    for (let c = at - 3; c <= at + boundary.length + 7; c++) cuts.push(c);
  }
  return cuts;
}

type Outcome = { report: SecurityReport } | { error: { code: string; message: string } };

async function outcome(promise: Promise<SecurityReport>): Promise<Outcome> {
  try {
    return { report: await promise };
  } catch (e) {
    if (!isSealmailError(e)) throw e;
    return { error: { code: e.code, message: e.message } };
  }
}

const options = () => ({ verificationKeys: known(alice), decryptionKeys: async () => [bob.privateKey], date });

/** The outcome of open() on the bytes, and checks that openStream gives the same for every chunking in `chunkings`. */
async function expectSameAsOpen(data: Uint8Array, chunkings: number[][], name: string): Promise<Outcome> {
  const expected = await outcome(open({ message: data, ...options() }));
  for (const cuts of chunkings) {
    const streamed = await outcome(openStream({ message: streamCutAt(data, cuts), ...options() }));
    expect(streamed, `${name}, ${cuts.length + 1} chunks`).toEqual(expected);
  }
  return expected;
}

/** The sealed message with one ciphertext bit flipped in the middle, re-armored so that only the integrity check can notice. */
async function flipOneBit(sealed: Uint8Array): Promise<Uint8Array> {
  const source = text(sealed);
  const block = /-----BEGIN PGP MESSAGE-----[^]*?-----END PGP MESSAGE-----/.exec(source)![0];
  const binary = (await unarmor(block)).data as Uint8Array;
  binary[binary.length >> 1] = (binary[binary.length >> 1] as number) ^ 0x01;
  return bytes(source.replace(block, armor(enums.armor.message, binary).replace(/\r?\n/g, '\r\n').trimEnd()));
}

/** The sealed message with the second half of its armored lines gone. */
function truncateArmor(sealed: Uint8Array): Uint8Array {
  const source = text(sealed);
  const lines = source.split('\r\n');
  const begin = lines.indexOf('-----BEGIN PGP MESSAGE-----');
  const end = lines.indexOf('-----END PGP MESSAGE-----');
  lines.splice(begin + Math.floor((end - begin) / 2), Math.floor((end - begin) / 2));
  return bytes(lines.join('\r\n'));
}

/** A PGP/MIME message framed the way GnuPG-based mailers frame it: a preamble, a described control part, a named data part. */
function gpgStyle(armored: string, lineEnd: string, dataHeaders: string[], tail = ''): Uint8Array {
  const lines = [
    'From: Alice <alice@example.org>',
    'To: Bob <bob@example.org>',
    'Subject: ...',
    'MIME-Version: 1.0',
    'Content-Type: multipart/encrypted;',
    ' protocol="application/pgp-encrypted";',
    ' boundary="------------enig2C5E8A1F0B3D7"',
    '',
    'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)',
    '--------------enig2C5E8A1F0B3D7',
    'Content-Type: application/pgp-encrypted',
    'Content-Description: PGP/MIME version identification',
    '',
    'Version: 1',
    '',
    '--------------enig2C5E8A1F0B3D7',
    ...dataHeaders,
    '',
    ...armored.split(/\r?\n/),
    '',
    `--------------enig2C5E8A1F0B3D7--${tail}`,
    '',
  ];
  return bytes(lines.join(lineEnd));
}

beforeAll(async () => {
  [alice, bob] = await Promise.all([person('Alice', 'alice@example.org'), person('Bob', 'bob@example.org')]);
  const message = plainMessage({ from: 'Alice <alice@example.org>', to: 'Bob <bob@example.org>', body: 'The numbers are in.\r\nRegards\r\n' });
  const sealing = { signingKey: alice.privateKey, encryptionKeys: [bob.publicKey], date };
  corpus['signed'] = await seal({ message, sign: true, encrypt: false, ...sealing });
  corpus['encrypted'] = await seal({ message, sign: false, encrypt: true, ...sealing });
  corpus['signed and encrypted'] = await seal({ message, sign: true, encrypt: true, ...sealing });
  const sealed = text(corpus['signed and encrypted']);
  corpus['missing closing boundary'] = bytes(sealed.replace(/\r\n--[^\r\n]+--\r\n$/, '\r\n'));
  corpus['closing boundary with white space, then an epilogue'] = bytes(sealed.replace(/(\r\n--[^\r\n]+--)\r\n$/, '$1 \t\r\nepilogue\r\n'));
  corpus['truncated ciphertext'] = truncateArmor(corpus['signed and encrypted']);
  corpus['tampered ciphertext'] = await flipOneBit(corpus['signed and encrypted']);
  corpus['garbage'] = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251);
  corpus['empty'] = new Uint8Array(0);
  corpus['header only, cut off'] = bytes('From: alice@example.org\r\nContent-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary=x');
  corpus['plain text'] = message;
  const armored = await armoredCiphertext('Content-Type: text/plain\r\n\r\nInline secret\r\n', bob.publicKey, { signingKey: alice.privateKey });
  corpus['inline PGP'] = inline(armored);
  const octets = ['Content-Type: application/octet-stream; name="encrypted.asc"', 'Content-Description: OpenPGP encrypted message', 'Content-Disposition: inline; filename="encrypted.asc"'];
  corpus['gpg-style, CRLF'] = gpgStyle(armored, '\r\n', octets);
  corpus['gpg-style, LF'] = gpgStyle(armored, '\n', octets);
  corpus['gpg-style, base64 transfer encoding'] = gpgStyle(Buffer.from(armored).toString('base64').replace(/.{76}/g, '$&\n'), '\r\n', [...octets, 'Content-Transfer-Encoding: base64']);
  // RFC 3156 asks for armor, but a binary data part must not be misread either; built in latin1, which keeps every byte.
  const binary = Buffer.from((await unarmor(armored)).data as Uint8Array).toString('latin1');
  const framed = text(gpgStyle('BINARY', '\r\n', ['Content-Type: application/octet-stream', 'Content-Transfer-Encoding: binary']));
  corpus['binary data part'] = new Uint8Array(Buffer.from(framed.replace('BINARY\r\n', binary), 'latin1'));
  corpus['a third part after the data part'] = bytes(sealed.replace(/(\r\n--([^\r\n]+)--\r\n)$/, '\r\n--$2\r\nContent-Type: text/plain\r\n\r\nsmuggled\r\n--$2--\r\n'));
  corpus['lookalike boundary lines around the data'] = gpgStyle(`--------------enig2C5E8A1F0B3D7x\r\n${armored}\r\n--------------enig2C5E8A1F0B3D7-- trailing words`, '\r\n', octets);
  corpus['data part that is multipart'] = bytes(crlf`
From: Alice <alice@example.org>
Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary=outer

--outer
Content-Type: application/pgp-encrypted

Version: 1
--outer
Content-Type: multipart/mixed; boundary=inner

--inner

${armored}
--inner--
--outer--
`);
  // Too deep for the MIME tree parser, which refuses the whole message before anything is decrypted.
  const nested = Array.from({ length: 40 }, (_, i) => `--n${i}\r\nContent-Type: multipart/mixed; boundary=n${i + 1}\r\n\r\n`).join('');
  corpus['data part nesting multiparts too deep'] = bytes(text(corpus['data part that is multipart']).replace('--inner\r\n\r\n', `--inner\r\nContent-Type: multipart/mixed; boundary=n0\r\n\r\n${nested}`));
  corpus['data part header running into the boundary'] = bytes(sealed.replace(/(Content-Type: application\/octet-stream[^\r\n]*\r\n[^]*?)\r\n\r\n-----BEGIN/, '$1\r\n-----BEGIN'));
  corpus['only one part'] = bytes(sealed.replace(/\r\n--([^\r\n]+)\r\nContent-Type: application\/octet-stream[^]*$/, '\r\n--$1--\r\n'));
});

describe('openStream gives what open() gives', () => {
  it('for the corpus, cut into random chunks, into single bytes, and around every boundary line', async () => {
    const expectedStates: Record<string, string> = {};
    for (const [name, data] of Object.entries(corpus)) {
      const chunkings = [[], randomCuts(data.length, data.length + 1, 17), randomCuts(data.length, 7, 300), cutsAroundDelimiters(data), randomCuts(data.length, 3, 1)];
      const expected = await expectSameAsOpen(data, chunkings, name);
      expectedStates[name] = 'report' in expected ? `${expected.report.encryption.state}/${expected.report.signature.state}` : expected.error.code;
    }
    // The corpus covers what it claims to: each kind of outcome, on both the streamed and the gathered path.
    expect(expectedStates).toMatchObject({
      signed: 'none/valid',
      encrypted: 'encrypted/none',
      'signed and encrypted': 'encrypted/valid',
      'missing closing boundary': 'encrypted/valid',
      'truncated ciphertext': 'failed/none',
      'tampered ciphertext': 'failed/none',
      garbage: 'bad-message',
      empty: 'bad-message',
      'header only, cut off': 'bad-message',
      'plain text': 'none/none',
      'inline PGP': 'encrypted/valid',
      'gpg-style, CRLF': 'encrypted/valid',
      'gpg-style, LF': 'encrypted/valid',
      'gpg-style, base64 transfer encoding': 'encrypted/valid',
      'binary data part': 'encrypted/valid',
      'a third part after the data part': 'encrypted/valid',
      'data part that is multipart': 'encrypted/valid',
      'data part nesting multiparts too deep': 'bad-message',
      'data part header running into the boundary': 'failed/none',
      'only one part': 'failed/none',
    });
  });

  it('for PGP/MIME heads and tails made up at random', async () => {
    const armored = await armoredCiphertext('Content-Type: text/plain\r\n\r\nhi\r\n', bob.publicKey);
    const pieces = ['--b', '--b--', '--bx', ' ', '\t', '\r\n', '\n', '\r', 'Version: 1', 'Content-Type: text/plain', '', '--b\r\n'];
    for (let seed = 1; seed <= 40; seed++) {
      const random = prng(seed);
      const noise = () => Array.from({ length: random(6) }, () => pieces[random(pieces.length)]).join('');
      const data = bytes(
        `From: alice@example.org\r\nContent-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary=b\r\n\r\n${noise()}\r\n--b\r\n${noise()}\r\n--b\r\n${noise()}\r\n\r\n${armored}${noise()}\r\n${noise()}`,
      );
      await expectSameAsOpen(data, [randomCuts(data.length, seed, 9)], `seed ${seed}`);
    }
  });

  it('for a 6 MB message, which is decrypted as it streams, and for the same message truncated or tampered with', async () => {
    const message = plainMessage({ from: 'alice@example.org', to: 'bob@example.org', body: LARGE_LINE.repeat(Math.ceil((6 << 20) / LARGE_LINE.length)) });
    const sealed = await seal({ message, sign: true, encrypt: true, signingKey: alice.privateKey, encryptionKeys: [bob.publicKey], date });
    const large = await expectSameAsOpen(sealed, [randomCuts(sealed.length, 11, 4096), cutsAroundDelimiters(sealed)], 'large');
    expect('report' in large && large.report.encryption.state === 'encrypted' && large.report.signature.state === 'valid').toBe(true);

    const tampered = await flipOneBit(sealed);
    const failed = await expectSameAsOpen(tampered, [randomCuts(tampered.length, 12, 65536)], 'large, tampered');
    expect('report' in failed && failed.report).toMatchObject({ encryption: { state: 'failed' }, text: null, html: null, attachments: [] });
    expect(JSON.stringify(failed)).not.toContain('All work');

    const truncated = truncateArmor(sealed);
    const cut = await expectSameAsOpen(truncated, [randomCuts(truncated.length, 13, 65536)], 'large, truncated');
    expect('report' in cut && cut.report.encryption.state).toBe('failed');
  });

  it('reads no more of a large encrypted message than decryption has consumed when it asks for the keys', async () => {
    const message = plainMessage({ from: 'alice@example.org', to: 'bob@example.org', body: LARGE_LINE.repeat(Math.ceil((12 << 20) / LARGE_LINE.length)) });
    const sealed = await seal({ message, sign: false, encrypt: true, signingKey: alice.privateKey, encryptionKeys: [bob.publicKey], date });
    const pulled = { bytes: 0 };
    let pulledWhenAsked = -1;
    const report = await openStream({
      message: streamCutAt(sealed, randomCuts(sealed.length, 5, 65536), pulled),
      decryptionKeys: async () => {
        pulledWhenAsked = pulled.bytes;
        return [bob.privateKey];
      },
      date,
    });
    expect(report.encryption.state).toBe('encrypted');
    expect(pulled.bytes).toBe(sealed.length);
    // Decryption starts once 4 MiB of data are in; a copy of the whole message would have been read by then.
    expect(pulledWhenAsked).toBeGreaterThan(0);
    expect(pulledWhenAsked).toBeLessThan(sealed.length / 2);
  });
});

describe('openStream refuses what open() refuses', () => {
  /** `head`, then `line` over and over until the stream has given more than MAX_MESSAGE_BYTES, from one reused buffer. */
  function endless(head: string, line: string): ReadableStream<Uint8Array> {
    const block = bytes(line.repeat(Math.ceil((1 << 20) / line.length)));
    let sent = 0;
    let started = false;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!started) {
          started = true;
          return controller.enqueue(bytes(head));
        }
        if (sent > MAX_MESSAGE_BYTES) return controller.close();
        sent += block.length;
        controller.enqueue(block);
      },
    });
  }

  async function codeOf(promise: Promise<unknown>): Promise<string | false> {
    const error = await promise.then(() => null, (e: unknown) => e);
    return isSealmailError(error) && error.code;
  }

  it('a message larger than the limit, on the gathered path and on the streamed one', async () => {
    expect(await codeOf(open({ message: new Uint8Array(MAX_MESSAGE_BYTES + 1), ...options() }))).toBe('too-large');
    expect(await codeOf(openStream({ message: endless('From: a@example.org\r\n\r\n', 'plain words\r\n'), ...options() }))).toBe('too-large');
    const pgpMimeHead = text(corpus['signed and encrypted']!).replace(/(Content-Type: application\/octet-stream[^]*?\r\n\r\n)[^]*$/, '$1');
    expect(await codeOf(openStream({ message: endless(pgpMimeHead, 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\r\n'), ...options() }))).toBe('too-large');
  });

  it('an unknown option', async () => {
    expect(await codeOf(openStream({ message: streamCutAt(corpus['plain text']!, []), armor: true } as never))).toBe('bad-option');
  });
});
