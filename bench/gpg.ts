// GnuPG's side, invoked as gpgme-based clients do: one gpg process per operation, data over stdin/stdout.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ALICE, BOB, gpgEnv, type Workspace } from './workspace.js';

export const GPG = '/usr/bin/gpg';

/**
 * Sign+encrypt to Bob and to the sender, like Sealmail (which always encrypts to self), ASCII-armored.
 * Compression is off because Sealmail never compresses: both sides do the same cryptographic work.
 */
export const GPG_SEAL = ['--batch', '--no-tty', '--quiet', '--trust-model', 'always', '--compress-algo', 'none', '--armor', '--sign', '--encrypt', '-u', ALICE, '-r', BOB, '-r', ALICE];
/** Status lines on stderr, so the bench can insist on a good signature. */
export const GPG_OPEN = ['--batch', '--no-tty', '--quiet', '--status-fd', '2', '--decrypt'];

export function checkGpgStatus(stderr: string, what: string): void {
  if (!/\[GNUPG:\] GOODSIG /.test(stderr) || !/\[GNUPG:\] DECRYPTION_OKAY/.test(stderr)) {
    throw new Error(`${what}: gpg did not report a good signature and a clean decryption:\n${stderr}`);
  }
}

/** One gpg round per message, in sequence; returns the total wall time in ms. */
export function gpgSmallRounds(ws: Workspace, paths: readonly string[]): number {
  const env = gpgEnv(ws);
  const inputs = paths.map((p) => readFileSync(p));
  const started = performance.now();
  const outputs = inputs.map((input) => {
    const sealed = spawnSync(GPG, GPG_SEAL, { input, env, maxBuffer: 1 << 26 });
    if (sealed.status !== 0) throw new Error(`gpg --encrypt failed: ${sealed.stderr.toString()}`);
    const opened = spawnSync(GPG, GPG_OPEN, { input: sealed.stdout, env, maxBuffer: 1 << 26 });
    if (opened.status !== 0) throw new Error(`gpg --decrypt failed: ${opened.stderr.toString()}`);
    return opened;
  });
  const ms = performance.now() - started;
  outputs.forEach((opened, i) => {
    checkGpgStatus(opened.stderr.toString(), paths[i] as string);
    if (!opened.stdout.equals(inputs[i] as Buffer)) throw new Error(`${paths[i]}: gpg's decrypted output differs from the input`);
  });
  return ms;
}
