// Case (a): 200 messages of 4 KB, Sealmail in one process against one gpg process per operation.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GPG, GPG_OPEN, GPG_SEAL, gpgSmallRounds } from './gpg.js';
import { writeSmallMessages } from './inputs.js';
import { measured } from './measure.js';
import type { Row } from './results.js';
import { gpgEnv, type Workspace } from './workspace.js';

export const SMALL_COUNT = 200;
export const SMALL_BYTES = 4096;
/** Each side goes through all the messages this many times; the median pass is reported. */
export const SMALL_PASSES = 3;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function smallCase(ws: Workspace): Promise<Row> {
  const paths = writeSmallMessages(ws.dir, SMALL_COUNT, SMALL_BYTES);
  const child = fileURLToPath(new URL('./small-sealmail.js', import.meta.url));
  const sealmail = await measured(process.execPath, [child, String(SMALL_PASSES), ws.dir, ...paths], { scratchDir: ws.dir });
  const sealmailMs = median((JSON.parse(sealmail.stdout) as { passes: number[] }).passes);

  gpgSmallRounds(ws, paths.slice(0, 5));
  const gpgMs = median(Array.from({ length: SMALL_PASSES }, () => gpgSmallRounds(ws, paths)));
  // gpg's RSS from one extra, untimed round: wrapping every timed call in GNU time would slow gpg down.
  const sealed = join(ws.dir, 'small-1.gpg.asc');
  const env = gpgEnv(ws);
  const gpgSeal = await measured(GPG, GPG_SEAL, { stdinFile: paths[0] as string, stdoutFile: sealed, env, scratchDir: ws.dir });
  const gpgOpen = await measured(GPG, GPG_OPEN, { stdinFile: sealed, stdoutFile: join(ws.dir, 'small-1.gpg.out'), env, scratchDir: ws.dir });

  const ratio = gpgMs / sealmailMs;
  return {
    name: `(a) ${SMALL_COUNT} x 4 KB seal+open`,
    sealmailMs,
    gpgMs,
    sealmailRssMb: sealmail.peakRssMb,
    gpgRssMb: Math.max(gpgSeal.peakRssMb, gpgOpen.peakRssMb),
    targets: [{ label: '>= 3x faster', met: ratio >= 3 }],
  };
}
