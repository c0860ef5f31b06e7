// Case (b): one 100 MiB body sealed and opened, each operation its own process so each peak RSS is its own.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GPG, GPG_OPEN, GPG_SEAL, checkGpgStatus } from './gpg.js';
import { writeLargeMessage } from './inputs.js';
import { measured, type RunOptions } from './measure.js';
import type { Row } from './results.js';
import { gpgEnv, type Workspace } from './workspace.js';

export const LARGE_BODY_BYTES = 100 * 1024 * 1024;

const script = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

async function fileSha256(path: string): Promise<string> {
  const digest = createHash('sha256');
  for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer);
  return digest.digest('hex');
}

/** gpg decrypts the PGP/MIME data part of `sealed`: good signature, and the inner entity's body is the input's body. */
async function checkWithGpg(sealed: string, input: string, options: RunOptions): Promise<void> {
  const text = readFileSync(sealed, 'latin1');
  const armor = text.slice(text.indexOf('-----BEGIN PGP MESSAGE-----'), text.indexOf('-----END PGP MESSAGE-----') + 25);
  writeFileSync(`${sealed}.asc`, armor, 'latin1');
  const opened = await measured(GPG, GPG_OPEN, { ...options, stdinFile: `${sealed}.asc`, stdoutFile: `${sealed}.out` });
  checkGpgStatus(opened.stderr, sealed);
  const bodyOf = (bytes: Buffer) => bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
  if (!bodyOf(readFileSync(`${sealed}.out`)).equals(bodyOf(readFileSync(input)))) throw new Error(`${sealed}: gpg decrypts it to another body`);
}

export async function largeCase(ws: Workspace): Promise<Row[]> {
  const input = writeLargeMessage(ws.dir, LARGE_BODY_BYTES);
  const at = (name: string) => join(ws.dir, name);
  const opts = { scratchDir: ws.dir };

  const sealmailSeal = await measured(process.execPath, [script('seal-one.js'), 'stream', ws.dir, input.path, at('large.sealmail.eml')], opts);
  const sealmailOpen = await measured(process.execPath, [script('open-one.js'), ws.dir, at('large.sealmail.eml')], opts);
  const { textSha256 } = JSON.parse(sealmailOpen.stdout) as { textSha256: string };
  if (textSha256 !== input.textSha256) throw new Error('Sealmail: the opened text of the large message differs from the input');
  const env = gpgEnv(ws);
  // The in-memory seal() on the same input, for reference; gpg checks its output (cheaper than a second Sealmail open).
  const sealmailSealInMemory = await measured(process.execPath, [script('seal-one.js'), 'memory', ws.dir, input.path, at('large.memory.eml')], opts);
  await checkWithGpg(at('large.memory.eml'), input.path, { ...opts, env });

  const gpgSeal = await measured(GPG, GPG_SEAL, { ...opts, env, stdinFile: input.path, stdoutFile: at('large.gpg.asc') });
  const gpgOpen = await measured(GPG, GPG_OPEN, { ...opts, env, stdinFile: at('large.gpg.asc'), stdoutFile: at('large.gpg.out') });
  checkGpgStatus(gpgOpen.stderr, 'large message');
  if ((await fileSha256(at('large.gpg.out'))) !== (await fileSha256(input.path))) throw new Error("gpg's decrypted large message differs from the input");

  const mib = (LARGE_BODY_BYTES / 1024 / 1024).toFixed(0);
  const row = (name: string, s: typeof sealmailSeal, g: typeof gpgSeal, rssLimitMb: number): Row => ({
    name,
    sealmailMs: s.ms,
    gpgMs: g.ms,
    sealmailRssMb: s.peakRssMb,
    gpgRssMb: g.peakRssMb,
    targets: [
      { label: 'time <= 1.5x gpg', met: s.ms <= 1.5 * g.ms },
      { label: `RSS <= ${rssLimitMb} MB`, met: s.peakRssMb <= rssLimitMb },
    ],
  });
  const reference: Row = { ...row(`(b) ${mib} MiB seal, seal() in memory`, sealmailSealInMemory, gpgSeal, 150), targets: [] };
  return [row(`(b) ${mib} MiB seal (sealStream)`, sealmailSeal, gpgSeal, 150), row(`(b) ${mib} MiB open`, sealmailOpen, gpgOpen, 300), reference];
}
