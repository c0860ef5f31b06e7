// Child process for case (b): Sealmail opens one sealed file as the app would, streamed, insists on an encrypted, valid report, and prints a digest of its text.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { loadKeys } from './sealmail-keys.js';
import { checkReport, openStreamAsBob } from './sealmail-ops.js';

const [dir, input] = process.argv.slice(2) as [string, string];
const keys = await loadKeys(dir);
// Read a mebibyte at a time: with the default 64 KiB, a 137 MB file costs thousands of trips to the thread pool.
const message = Readable.toWeb(createReadStream(input, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>;
const report = await openStreamAsBob(message, keys);
checkReport(report, input);
const digest = createHash('sha256');
const text = report.text ?? '';
// Hashed in slices so the check does not add a second copy of the body to the peak being measured.
for (let i = 0; i < text.length; i += 1 << 20) digest.update(text.slice(i, i + (1 << 20)));
process.stdout.write(JSON.stringify({ textSha256: digest.digest('hex') }));
