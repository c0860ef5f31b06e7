/**
 * The MIME wrapping of encrypted S/MIME (RFC 8551 section 3.3): application/pkcs7-mime with
 * smime-type=enveloped-data or authEnveloped-data and the name smime.p7m, in base64.
 */
import { SealmailError } from '../errors.js';
import { field } from '../mime/build.js';
import { parseMessage } from '../mime/entity.js';
import { headerValue, parseStructured } from '../mime/header.js';
import { decodeBody } from '../mime/transfer.js';

export type SmimeType = 'enveloped-data' | 'authEnveloped-data';

/**
 * The application/pkcs7-mime entity (header fields and base64 body, CRLF) around a CMS ContentInfo given as
 * one buffer or as DER byte runs, after `prefix` (e.g. a message's outer header fields): all written once
 * into a buffer of the exact size, since the base64 of a large ciphertext is most of the message.
 */
export function envelopedEntity(cms: Uint8Array | readonly Uint8Array[], smimeType: SmimeType, prefix: readonly Uint8Array[] = []): Uint8Array {
  const runs = cms instanceof Uint8Array ? [cms] : cms;
  const fields = [
    field('Content-Type', `application/pkcs7-mime; smime-type=${smimeType}; name=smime.p7m`),
    field('Content-Transfer-Encoding', 'base64'),
    field('Content-Disposition', 'attachment; filename=smime.p7m'),
  ];
  const head = [...prefix, ...fields.flatMap((f) => [f, CRLF]), CRLF];
  const total = runs.reduce((n, run) => n + run.length, 0);
  const headLength = head.reduce((n, run) => n + run.length, 0);
  const size = headLength + Math.ceil(total / 3) * 4 + Math.ceil(total / LINE_BYTES) * 2;
  // The base64 starts at an even offset of the underlying buffer, so it can be written two characters at a time.
  const pad = headLength & 1;
  const buffer = new ArrayBuffer(size + pad);
  const bytes = new Uint8Array(buffer);
  let o = pad;
  for (const run of head) {
    bytes.set(run, o);
    o += run.length;
  }
  base64LinesInto(runs, total, buffer, o);
  return new Uint8Array(buffer, pad, size);
}

const CRLF = new Uint8Array([0x0d, 0x0a]);
const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const LINE_BYTES = 57; // 76 base64 characters (RFC 2045 section 6.8)
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Two base64 characters for each 12 bits, as the platform stores a 16-bit word. */
const PAIRS = Uint16Array.from({ length: 4096 }, (_, x) => {
  const [a, b] = [ALPHABET[x >>> 6] as number, ALPHABET[x & 63] as number];
  return LITTLE_ENDIAN ? a | (b << 8) : (a << 8) | b;
});
const CRLF_PAIR = LITTLE_ENDIAN ? 0x0a0d : 0x0d0a;

/**
 * Base64 of the runs' concatenation in CRLF-ended lines of 76 characters, written into `buffer` at the even
 * offset `o`. A line that spans two runs is gathered first; every other line is read where it lies, so the
 * runs are never joined. Full lines go two characters per store; the last line byte by byte.
 */
function base64LinesInto(runs: readonly Uint8Array[], total: number, buffer: ArrayBuffer, o: number): void {
  const bytes = new Uint8Array(buffer);
  const pairs = new Uint16Array(buffer, 0, buffer.byteLength >>> 1);
  const gathered = new Uint8Array(LINE_BYTES);
  let r = 0;
  let p = 0;
  for (let remaining = total; remaining > 0; ) {
    const n = Math.min(LINE_BYTES, remaining);
    const run = runs[r] as Uint8Array;
    let source: Uint8Array;
    let start: number;
    if (run.length - p >= n) {
      source = run;
      start = p;
      p += n;
    } else {
      for (let filled = 0; filled < n; ) {
        const current = runs[r] as Uint8Array;
        const take = Math.min(n - filled, current.length - p);
        gathered.set(current.subarray(p, p + take), filled);
        filled += take;
        p += take;
        if (p === current.length && filled < n) {
          r++;
          p = 0;
        }
      }
      source = gathered;
      start = 0;
    }
    if (p === (runs[r] as Uint8Array).length) {
      r++;
      p = 0;
    }
    o = n === LINE_BYTES ? fullLine(source, start, pairs, o) : lastLine(source, start, start + n, bytes, o);
    remaining -= n;
  }
}

function fullLine(source: Uint8Array, start: number, pairs: Uint16Array, o: number): number {
  let k = o >>> 1;
  for (let i = start, end = start + LINE_BYTES; i < end; i += 3) {
    const n = ((source[i] as number) << 16) | ((source[i + 1] as number) << 8) | (source[i + 2] as number);
    pairs[k++] = PAIRS[n >>> 12] as number;
    pairs[k++] = PAIRS[n & 0xfff] as number;
  }
  pairs[k++] = CRLF_PAIR;
  return k << 1;
}

function lastLine(bytes: Uint8Array, start: number, end: number, out: Uint8Array, o: number): number {
  let i = start;
  for (; i + 3 <= end; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = ALPHABET[n >>> 18] as number;
    out[o++] = ALPHABET[(n >>> 12) & 63] as number;
    out[o++] = ALPHABET[(n >>> 6) & 63] as number;
    out[o++] = ALPHABET[n & 63] as number;
  }
  if (i < end) {
    const rest = end - i;
    const n = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0);
    out[o++] = ALPHABET[n >>> 18] as number;
    out[o++] = ALPHABET[(n >>> 12) & 63] as number;
    out[o++] = rest === 2 ? (ALPHABET[(n >>> 6) & 63] as number) : 0x3d;
    out[o++] = 0x3d;
  }
  out[o++] = 0x0d;
  out[o++] = 0x0a;
  return o;
}

/**
 * The CMS bytes of an encrypted S/MIME message or entity. Also takes the legacy
 * application/x-pkcs7-mime and, as RFC 8551 section 3.2.1 allows, application/octet-stream named *.p7m.
 */
export function envelopedCms(message: Uint8Array): Uint8Array {
  const entity = parseMessage(message);
  const name = (entity.params.name ?? parseStructured(headerValue(entity.fields, 'content-disposition')).params.filename ?? '').toLowerCase();
  const isPkcs7 = entity.type === 'application/pkcs7-mime' || entity.type === 'application/x-pkcs7-mime';
  if (!isPkcs7 && !(entity.type === 'application/octet-stream' && name.endsWith('.p7m'))) {
    throw new SealmailError('bad-message', `this is not an S/MIME encrypted message (its type is ${entity.type})`);
  }
  const smimeType = (entity.params['smime-type'] ?? '').toLowerCase();
  if (smimeType !== '' && smimeType !== 'enveloped-data' && smimeType !== 'authenveloped-data') {
    throw new SealmailError('bad-message', `this S/MIME message is ${smimeType}, not encrypted`);
  }
  const cms = decodeBody(entity);
  if (cms.length === 0) throw new SealmailError('bad-message', 'the S/MIME message has an empty body');
  return cms;
}
