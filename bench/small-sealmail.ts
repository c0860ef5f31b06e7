// Child process for case (a): Sealmail seals and opens every small message in one process, keys loaded once.
import { readFileSync } from 'node:fs';
import type { SecurityReport } from '../crypto/index.js';
import { checkReport, openAsBob, sealForBob } from './sealmail-ops.js';
import { loadKeys } from './sealmail-keys.js';

const WARMUP = 5;

const [passCount, dir, ...paths] = process.argv.slice(2) as [string, string, ...string[]];
const keys = await loadKeys(dir);
const messages = paths.map((p) => new Uint8Array(readFileSync(p)));
const bodies = messages.map((m) => {
  const text = Buffer.from(m).toString('latin1');
  return text.slice(text.indexOf('\r\n\r\n') + 4).replace(/\r\n/g, '\n');
});

function check(reports: SecurityReport[]): void {
  reports.forEach((report, i) => {
    checkReport(report, paths[i] as string);
    if (report.text !== bodies[i]) throw new Error(`${paths[i]}: the opened text differs from the input`);
  });
}

for (const message of messages.slice(0, WARMUP)) checkReport(await openAsBob(await sealForBob(message, keys), keys), 'warm-up');

const passes: number[] = [];
for (let pass = 0; pass < Number(passCount); pass++) {
  const reports: SecurityReport[] = [];
  const started = performance.now();
  for (const message of messages) reports.push(await openAsBob(await sealForBob(message, keys), keys));
  passes.push(performance.now() - started);
  check(reports);
}
process.stdout.write(JSON.stringify({ passes }));
