// `npm run bench`: Sealmail against GnuPG on the same keys and inputs, S/MIME against openssl cms, then the store and the first sync; prints the tables, exits 0 even when a target is missed.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { largeCase } from './large.js';
import { rssMethod } from './measure.js';
import { missedTargets, printFigures, printTable, printVerdict, type FigureRow, type Row } from './results.js';
import { SMIME_NOTES, smimeCase } from './smime.js';
import { SMALL_COUNT, SMALL_PASSES, smallCase } from './small.js';
import { storeFigures } from './store.js';
import { syncFigures, syncRow, syncSkipReason } from './sync.js';
import { makeWorkspace, removeWorkspace } from './workspace.js';

const started = performance.now();
const ws = await makeWorkspace();
const rows: Row[] = [];
const smimeRows: Row[] = [];
try {
  rows.push(await smallCase(ws));
  rows.push(...(await largeCase(ws)));
  smimeRows.push(...(await smimeCase(ws)));
} finally {
  removeWorkspace(ws);
}

const store = storeFigures();
const figures: FigureRow[] = [...store.rows];
const syncSkipped = syncSkipReason();
const syncNotes: string[] = [];
if (syncSkipped) {
  syncNotes.push(`(d) first sync SKIPPED: ${syncSkipped}.`);
} else {
  const sync = await syncFigures();
  figures.push(syncRow(sync));
  syncNotes.push(
    `(d) median of 3 alternated runs per side, each a new IMAPS session (connect, SELECT, UID FETCH 1:* of FLAGS ENVELOPE BODY.PEEK[], logout);`,
    `    Sealmail also opens and closes a fresh encrypted store; store writes alone, on one thread with no network: ${sync.storeWritesMs.toFixed(0)} ms.`,
    '    Checked after timing: every stored source equals the bare fetch byte for byte.',
  );
}

const gpgVersion = execFileSync('/usr/bin/gpg', ['--version'], { encoding: 'utf8' }).split('\n')[0];
const small = rows[0] as Row;
printTable(rows, [
  `(a) per message: Sealmail ${(small.sealmailMs / SMALL_COUNT).toFixed(2)} ms, gpg ${(small.gpgMs / SMALL_COUNT).toFixed(2)} ms; times are the median of ${SMALL_PASSES} passes over all messages, after 5 untimed warm-up rounds (Sealmail in one node process, gpg spawned twice per message).`,
  '(b) one run each; times are whole processes (start-up, key loading, reading and writing files) for both sides.',
  '(b) Sealmail seals with sealStream (file streamed in and out) and opens with openStream (file streamed in, 1 MiB reads).',
  `Peak RSS: ${rssMethod}, per process; gpg-agent is not counted. ${gpgVersion}, node ${process.version}, ${availableParallelism()} cores.`,
  'Both sides: Ed25519/Curve25519 v4 keys made by openpgp.js, sign+encrypt to recipient and sender, armored, uncompressed, AES-256, SHA-512.',
]);
console.log('');
const opensslVersion = execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
printTable(smimeRows, [...SMIME_NOTES(opensslVersion), `Peak RSS: ${rssMethod}, per process.`], 'openssl');
console.log('');
printFigures(figures, [...store.notes, ...syncNotes]);
printVerdict(missedTargets([...rows, ...smimeRows], figures));
if (syncSkipped) console.log(`(d) first sync was not measured: ${syncSkipped}.`);
console.log(`bench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
