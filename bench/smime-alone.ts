// `node dist/bench/smime-alone.js` (after `npm run build`): case (e) on its own.
import { availableParallelism } from 'node:os';
import { execFileSync } from 'node:child_process';
import { rssMethod } from './measure.js';
import { missedTargets, printTable, printVerdict } from './results.js';
import { SMIME_NOTES, smimeCase } from './smime.js';
import { makeWorkspace, removeWorkspace } from './workspace.js';

const ws = await makeWorkspace();
try {
  const rows = await smimeCase(ws);
  const version = execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  printTable(rows, [...SMIME_NOTES(version), `Peak RSS: ${rssMethod}, per process; node ${process.version}, ${availableParallelism()} cores.`], 'openssl');
  printVerdict(missedTargets(rows, []));
} finally {
  removeWorkspace(ws);
}
