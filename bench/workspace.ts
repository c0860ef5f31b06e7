// The bench's temp dir: one pair of openpgp.js keys, written as armored files and imported into a throwaway GNUPGHOME.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey } from 'openpgp';

export interface Workspace {
  /** Holds alice.sec.asc, alice.pub.asc, bob.sec.asc, bob.pub.asc and the inputs and outputs. */
  dir: string;
  gnupgHome: string;
}

export const ALICE = 'alice@example.org';
export const BOB = 'bob@example.org';

/** Ed25519/Curve25519 v4 keys, passphrase-less on both sides, so neither pays for unlocking per message. */
export async function makeWorkspace(): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'sealmail-bench-'));
  const gnupgHome = join(dir, 'gnupg');
  mkdirSync(gnupgHome, { mode: 0o700 });
  for (const [name, email] of [['alice', ALICE], ['bob', BOB]] as const) {
    const key = await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name, email }], format: 'armored' });
    writeFileSync(join(dir, `${name}.sec.asc`), key.privateKey);
    writeFileSync(join(dir, `${name}.pub.asc`), key.publicKey);
  }
  execFileSync('/usr/bin/gpg', ['--batch', '--quiet', '--import', join(dir, 'alice.sec.asc'), join(dir, 'bob.sec.asc')], {
    env: gpgEnv({ dir, gnupgHome }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { dir, gnupgHome };
}

export function gpgEnv(ws: Workspace): NodeJS.ProcessEnv {
  return { ...process.env, GNUPGHOME: ws.gnupgHome };
}

export function removeWorkspace(ws: Workspace): void {
  try {
    execFileSync('/usr/bin/gpgconf', ['--kill', 'gpg-agent'], { env: gpgEnv(ws), stdio: 'ignore' });
  } catch {
    // no agent was started
  }
  rmSync(ws.dir, { recursive: true, force: true });
}
