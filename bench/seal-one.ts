// Child process for case (b): Sealmail seals one message file into another (sealStream, or seal() in memory), so its peak RSS is this operation's alone.
import { createReadStream, createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { loadKeys } from './sealmail-keys.js';
import { sealForBob, sealStreamForBob } from './sealmail-ops.js';

const [mode, dir, input, output] = process.argv.slice(2) as ['stream' | 'memory', string, string, string];
const keys = await loadKeys(dir);
if (mode === 'memory') {
  writeFileSync(output, await sealForBob(new Uint8Array(readFileSync(input)), keys));
} else {
  const message = Readable.toWeb(createReadStream(input)) as ReadableStream<Uint8Array>;
  await pipeline(Readable.fromWeb(await sealStreamForBob(message, keys)), createWriteStream(output));
}
