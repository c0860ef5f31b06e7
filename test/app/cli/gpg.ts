// Drives the real GnuPG in a throw-away home folder, to check that keys travel both ways.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Gpg {
  home: string;
  /** Runs `gpg --batch --homedir <home> ...args`; rejects with gpg's stderr when it fails. */
  run(args: string[], input?: string | Uint8Array): Promise<{ stdout: Buffer; stderr: string }>;
  cleanup(): Promise<void>;
}

export async function gpgHome(): Promise<Gpg> {
  // Short path: the agent's socket path must fit in a Unix socket address.
  const home = await mkdtemp(join(tmpdir(), 'sm-gpg-'));
  const exec = (file: string, args: string[], input?: string | Uint8Array) =>
    new Promise<{ stdout: Buffer; stderr: string }>((resolve, reject) => {
      const child = execFile(file, args, { encoding: 'buffer', env: { ...process.env, GNUPGHOME: home } }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.toString()}`));
        else resolve({ stdout, stderr: stderr.toString() });
      });
      child.stdin?.end(input ?? '');
    });
  return {
    home,
    run: (args, input) => exec('gpg', ['--batch', '--homedir', home, ...args], input),
    async cleanup() {
      await exec('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}
