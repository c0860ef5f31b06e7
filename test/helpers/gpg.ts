// GnuPG as a test peer: one throwaway GNUPGHOME per keyring, batch mode, and the --status-fd lines to assert on.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One `[GNUPG:] KEYWORD args...` line (GnuPG doc/DETAILS, "Format of the --status-fd output"). */
export interface StatusLine {
  keyword: string;
  args: string[];
}

export interface GpgRun {
  exitCode: number;
  stdout: Uint8Array;
  /** gpg's human-readable log, for failure messages. */
  stderr: string;
  status: StatusLine[];
}

/** Every argument list of `keyword` in the run's status output, in order. */
export function statusArgs(run: GpgRun, keyword: string): string[][] {
  return run.status.filter((s) => s.keyword === keyword).map((s) => s.args);
}

export function statusKeywords(run: GpgRun): string[] {
  return run.status.map((s) => s.keyword);
}

// Status lines go to fd 3 so they never mix with the data on stdout or the log on stderr.
const BATCH = ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--no-auto-key-retrieve', '--status-fd', '3'];
// A stuck gpg (say, waiting for a pinentry that can never appear) fails the test instead of hanging it.
const RUN_TIMEOUT_MS = 30_000;

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: Uint8Array | string): Promise<GpgRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'], timeout: RUN_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const status: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdio[3]?.on('data', (b: Buffer) => status.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === null) {
        reject(new Error(`${command} ${args.join(' ')} was killed by ${signal}:\n${Buffer.concat(err).toString('utf8')}`));
        return;
      }
      const lines = Buffer.concat(status).toString('utf8').split('\n');
      resolve({
        exitCode: code,
        stdout: new Uint8Array(Buffer.concat(out)),
        stderr: Buffer.concat(err).toString('utf8'),
        status: lines
          .filter((l) => l.startsWith('[GNUPG:] '))
          .map((l) => {
            const [keyword = '', ...rest] = l.slice('[GNUPG:] '.length).split(' ');
            return { keyword, args: rest };
          }),
      });
    });
    child.stdin.on('error', () => {
      // gpg may exit before reading all its input (e.g. a CRC error); its exit code tells the story.
    });
    child.stdin.end(input ?? '');
  });
}

/** A gpg with its own keyring in a fresh temporary directory; `dispose` stops its agent and deletes it all. */
export class GnuPG {
  private files = 0;

  private constructor(
    private readonly root: string,
    readonly home: string,
  ) {}

  static async create(): Promise<GnuPG> {
    const root = await mkdtemp(join(tmpdir(), 'sealmail-gpg-'));
    const home = join(root, 'home');
    await mkdir(home, { mode: 0o700 });
    return new GnuPG(root, home);
  }

  private get env(): NodeJS.ProcessEnv {
    // The C locale keeps stderr stable for the few assertions that read it.
    return { ...process.env, GNUPGHOME: this.home, LC_ALL: 'C', LANGUAGE: 'C' };
  }

  /** Runs `gpg --batch --no-tty --pinentry-mode loopback --status-fd 3 ...args`, feeding `input` on stdin. */
  gpg(args: readonly string[], input?: Uint8Array | string): Promise<GpgRun> {
    return run('gpg', [...BATCH, ...args], this.env, input);
  }

  /** Writes `content` to a new file beside the keyring and returns its path, for commands that need files. */
  async file(name: string, content: Uint8Array | string): Promise<string> {
    const path = join(this.root, `${++this.files}-${name}`);
    await writeFile(path, content);
    return path;
  }

  /** Imports armored or binary keys; returns the primary fingerprints gpg reports (upper-case hex). */
  async importKey(key: Uint8Array | string): Promise<string[]> {
    const result = await this.gpg(['--import'], key);
    const imported = statusArgs(result, 'IMPORT_OK').map((a) => a[1] ?? '');
    if (result.exitCode !== 0 || imported.length === 0) throw new Error(`gpg --import failed:\n${result.stderr}`);
    return [...new Set(imported)];
  }

  /** Makes an Ed25519 signing key with a Curve25519 encryption subkey, no passphrase; returns its fingerprint. */
  async generateKey(userId: string): Promise<string> {
    const primary = await this.gpg(['--passphrase', '', '--quick-gen-key', userId, 'ed25519', 'sign', 'never']);
    const fingerprint = statusArgs(primary, 'KEY_CREATED')[0]?.[1];
    if (primary.exitCode !== 0 || !fingerprint) throw new Error(`gpg --quick-gen-key failed:\n${primary.stderr}`);
    const sub = await this.gpg(['--passphrase', '', '--quick-add-key', fingerprint, 'cv25519', 'encr', 'never']);
    if (sub.exitCode !== 0) throw new Error(`gpg --quick-add-key failed:\n${sub.stderr}`);
    return fingerprint;
  }

  /** Stops every daemon started for this home (gpg-agent, and dirmngr if any), then deletes the directory. */
  async dispose(): Promise<void> {
    try {
      const killed = await run('gpgconf', ['--kill', 'all'], this.env);
      if (killed.exitCode !== 0) throw new Error(`gpgconf --kill all failed:\n${killed.stderr}`);
    } finally {
      await rm(this.root, { recursive: true, force: true });
    }
  }
}
