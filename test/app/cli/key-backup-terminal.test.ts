// `keys backup` and `keys restore` at a terminal (a pseudo-terminal from util-linux `script`): prompts, retries and their count.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CliWorld, cliWorld } from './run-cli.js';

const PASS_A = 'device A passphrase';
const BACKUP_PASS = 'typed backup passphrase';
let a: CliWorld;
let fingerprint: string;

/** Runs sealmail on a pseudo-terminal, typing the next answer whenever a passphrase prompt appears; resolves with all it showed. */
function atTerminal(args: string[], answers: string[]): Promise<{ code: number | null; shown: string }> {
  const command = [process.execPath, inject('sealmailBin'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const env = { ...process.env };
  delete env.SEALMAIL_PROFILE;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { env, stdio: 'pipe', timeout: 30_000 });
    let shown = '';
    let seen = 0;
    child.stdout.on('data', (d: Buffer) => {
      shown += d.toString('utf8');
      // Readline moves the cursor after the prompt, so match the prompt text, not the end of the output.
      const prompts = shown.match(/[Pp]assphrase: /g)?.length ?? 0;
      while (seen < prompts) {
        seen++;
        const answer = answers.shift();
        if (answer !== undefined) child.stdin.write(`${answer}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, shown: shown.replace(/\r/g, '') }));
  });
}

beforeAll(async () => {
  a = await cliWorld();
  fingerprint = (await a.run(['keys', 'generate', '--uid', 'Alice <alice@example.org>'], { passphrase: PASS_A })).out.trim();
});
afterAll(() => a.cleanup());

describe('key backup at a terminal', () => {
  it('asks for the backup passphrase twice, refusing two that differ', async () => {
    const differ = await atTerminal(['--profile', a.profile, 'keys', 'backup', '--out', join(a.dir, 'x.asc')], [PASS_A, BACKUP_PASS, `${BACKUP_PASS}!`]);
    expect(differ.shown).toMatch(/Passphrase: [^]*Backup passphrase: [^]*Repeat backup passphrase: /);
    expect(differ.shown).toContain('sealmail: the two backup passphrases differ');
    expect(differ.code).toBe(1);
  });

  it('counts wrong backup passphrases, gives three tries, and restores with the right one under a new profile passphrase asked twice', async () => {
    const out = join(a.dir, 'backup.asc');
    const backup = await atTerminal(['--profile', a.profile, 'keys', 'backup', '--out', out], [PASS_A, BACKUP_PASS, BACKUP_PASS]);
    expect(backup.shown).toContain(`${fingerprint}  backed up`);
    expect(backup.shown).not.toContain(BACKUP_PASS); // nothing typed is echoed

    const b = join(a.dir, 'device-b');
    const failed = await atTerminal(['--profile', b, 'keys', 'restore', out], ['one', 'two', 'three', BACKUP_PASS]);
    expect(failed.shown).toContain('sealmail: wrong backup passphrase (1st failed attempt); try again');
    expect(failed.shown).toContain('sealmail: wrong backup passphrase (2nd failed attempt); try again');
    expect(failed.shown).toContain('sealmail: wrong backup passphrase (3rd failed attempt); nothing was restored');
    expect(failed.code).toBe(1);

    const restored = await atTerminal(['--profile', b, 'keys', 'restore', out], ['wrong', BACKUP_PASS, 'device B pass', 'device B pass']);
    expect(restored.shown).toContain('wrong backup passphrase (1st failed attempt); try again');
    expect(restored.shown).toMatch(/Passphrase: [^]*Repeat passphrase: /);
    expect(restored.shown).toContain(`${fingerprint}  secret  new  Alice <alice@example.org>`);
    expect(restored.code).toBe(0);
  });
});
