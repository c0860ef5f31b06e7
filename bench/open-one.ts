// Child process for case (b): Sealmail opens one sealed file, insists on an encrypted, valid report, and prints a digest of its text.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadKeys } from './sealmail-keys.js';
import { checkReport, openAsBob } from './sealmail-ops.js';

const [dir, input] = process.argv.slice(2) as [string, string];
const keys = await loadKeys(dir);
const file = readFileSync(input);
// A view on the file's bytes, not a copy: the app holds one copy of a message it opens.
const report = await openAsBob(new Uint8Array(file.buffer, file.byteOffset, file.length), keys);
checkReport(report, input);
const digest = createHash('sha256');
const text = report.text ?? '';
// Hashed in slices so the check does not add a second copy of the body to the peak being measured.
for (let i = 0; i < text.length; i += 1 << 20) digest.update(text.slice(i, i + (1 << 20)));
process.stdout.write(JSON.stringify({ textSha256: digest.digest('hex') }));
