// Runs the built `bin/sealmail.js` (see test/global-setup.ts) as a child process, each test in its own profile.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject } from 'vitest';


export interface CliResult {
  code: number | null;
  stdout: Buffer;
  /** stdout as text. */
  out: string;
  stderr: string;
}

export interface CliWorld {
  /** A temporary folder for this test; the profile is `<dir>/profile`. */
  dir: string;
  profile: string;
  /** Runs `sealmail --profile <profile> [--passphrase-file <file>] ...args`. */
  run(args: string[], options?: { passphrase?: string; input?: string | Uint8Array; env?: Record<string, string> }): Promise<CliResult>;
  /** Writes a file into the test folder and returns its path. */
  file(name: string, content: string | Uint8Array): Promise<string>;
  cleanup(): Promise<void>;
}

export async function cliWorld(): Promise<CliWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'sealmail-cli-'));
  const profile = join(dir, 'profile');
  const file = async (name: string, content: string | Uint8Array): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  let runs = 0;
  return {
    dir,
    profile,
    file,
    async run(args, options = {}) {
      const pass = options.passphrase === undefined ? [] : ['--passphrase-file', await file(`pass-${runs++}`, `${options.passphrase}\n`)];
      return runSealmail(['--profile', profile, ...pass, ...args], options.input, options.env);
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export function runSealmail(args: string[], input?: string | Uint8Array, env: Record<string, string> = {}): Promise<CliResult> {
  // A profile set in the developer's environment must never leak into a test.
  const inherited = { ...process.env };
  delete inherited.SEALMAIL_PROFILE;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [inject('sealmailBin'), ...args], { env: { ...inherited, ...env }, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out);
      resolve({ code, stdout, out: stdout.toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(input ?? '');
  });
}

/** The CLI's failure contract: nothing on stdout, exactly one `sealmail: ...` line on stderr, no stack. */
export function expectOneLineError(result: CliResult, exitCode: number, message: string | RegExp): void {
  expect(result.out).toBe('');
  expect(result.stderr).toMatch(/^sealmail: [^\n]+\n$/);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr.slice('sealmail: '.length, -1)).toMatch(message);
  expect(result.code).toBe(exitCode);
}
