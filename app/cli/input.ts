// Reading the CLI's inputs: the message on stdin (bounded) and named files, with one-line errors.
import { readFile } from 'node:fs/promises';
import { SealmailError } from '../../crypto/errors.js';
import { concatBytes } from '../../crypto/mime/bytes.js';
import { MAX_MESSAGE_BYTES } from '../../crypto/policy.js';

export async function readStdin(limit: number = MAX_MESSAGE_BYTES): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) throw new SealmailError('too-large', `the message on standard input is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return concatBytes(chunks);
}

export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    const file = await readFile(path);
    return new Uint8Array(file.buffer, file.byteOffset, file.length);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    throw new SealmailError('io', `cannot read ${path}: ${why}`);
  }
}
