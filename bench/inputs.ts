// The plain messages both sides are fed: many 4 KB ones and one with a 100 MiB text body, written to the temp dir.
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ALICE, BOB } from './workspace.js';

const WORDS = 'the of and to in is for on that with as by this from at be are or an it was which you all can more about will numbers quarter report sealed mail key'.split(' ');

/** A small deterministic PRNG, so every run encrypts the same text. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

/** Lines of words, each ending in CRLF, until at least `bytes` long. */
function textLines(random: () => number, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    let line = '';
    while (line.length < 66) line += (line ? ' ' : '') + WORDS[Math.floor(random() * WORDS.length)];
    lines.push(line);
    size += line.length + 2;
  }
  return lines.join('\r\n') + '\r\n';
}

function header(subject: string): string {
  return [
    `From: Alice <${ALICE}>`,
    `To: Bob <${BOB}>`,
    `Subject: ${subject}`,
    'Date: Sat, 28 Nov 2026 10:00:00 +0000',
    `Message-ID: <${subject.replace(/\W+/g, '-')}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    'Content-Transfer-Encoding: 7bit',
    '',
    '',
  ].join('\r\n');
}

/** `count` messages of exactly `size` bytes each; returns their paths. */
export function writeSmallMessages(dir: string, count: number, size: number): string[] {
  const random = prng(42);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const head = header(`Small message ${i + 1}`);
    const body = textLines(random, size - head.length).slice(0, size - head.length - 2).replace(/\r$/, '.') + '\r\n';
    const path = join(dir, `small-${i + 1}.eml`);
    writeFileSync(path, head + body);
    paths.push(path);
  }
  return paths;
}

export interface LargeMessage {
  path: string;
  bytes: number;
  /** SHA-256 of the body as a reader sees it (postal-mime turns CRLF into LF). */
  textSha256: string;
}

/** One message whose text body is `bodyBytes` long, written in 1 MiB slices so the bench itself stays small. */
export function writeLargeMessage(dir: string, bodyBytes: number): LargeMessage {
  const path = join(dir, 'large.eml');
  const fd = openSync(path, 'w');
  const random = prng(7);
  const text = createHash('sha256');
  let bytes = writeSync(fd, header('One large body'));
  for (let written = 0; written < bodyBytes; ) {
    const slice = textLines(random, Math.min(1 << 20, bodyBytes - written));
    written += slice.length;
    bytes += writeSync(fd, slice);
    text.update(slice.replace(/\r\n/g, '\n'));
  }
  closeSync(fd);
  return { path, bytes, textSha256: text.digest('hex') };
}
