// Runs the daemons' command-line tools with a time limit, and waits (bounded) for daemon process groups to end.
import { execFile, spawn } from 'node:child_process';
import { open, readdir, readFile, readlink } from 'node:fs/promises';

export interface ToolRun {
  /** The exit status; null when the tool was killed by a signal. */
  code: number | null;
  /** stdout and stderr together, as the tool printed them. */
  output: string;
}

const TOOL_TIMEOUT_MS = 20_000;

/** Runs a tool to its end. A non-zero exit is a result; a missing tool or a hang is an error. */
export function runTool(file: string, args: readonly string[]): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: TOOL_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error === null) {
        resolve({ code: 0, output });
      } else if (error.code === 'ENOENT') {
        reject(new Error(`${file} is not installed (run \`npm run setup\` as root)`));
      } else if (error.killed) {
        reject(new Error(`${file} ${args.join(' ')} did not finish within ${TOOL_TIMEOUT_MS} ms`));
      } else {
        resolve({ code: typeof error.code === 'number' ? error.code : null, output });
      }
    });
  });
}

/**
 * Runs a command that starts a daemon. The daemon inherits the command's stdout and stderr and
 * may hold them open for its whole life, so the output goes to `outputFile`, not to pipes, and
 * the command counts as done when it exits.
 */
export async function runDaemonStarter(file: string, args: readonly string[], outputFile: string): Promise<ToolRun> {
  const out = await open(outputFile, 'w');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(file, args, { stdio: ['ignore', out.fd, out.fd] });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${file} ${args.join(' ')} did not finish within ${TOOL_TIMEOUT_MS} ms`));
      }, TOOL_TIMEOUT_MS);
      child.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(e.code === 'ENOENT' ? new Error(`${file} is not installed (run \`npm run setup\` as root)`) : e);
      });
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    return { code, output: await readFile(outputFile, 'utf8') };
  } finally {
    await out.close();
  }
}

/** Postfix prints its errors only to a terminal, so its commands run under `script`, which gives them one. */
export function runOnTerminal(file: string, args: readonly string[]): Promise<ToolRun> {
  const command = [file, ...args].map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
  return runTool('script', ['-qec', command, '/dev/null']);
}

/** Joins the non-empty lines of tools' output (and log lines matching `pattern`) into one line for an error. */
export function oneLine(output: string, log = '', pattern = /fatal|error|panic/i): string {
  const lines = [...output.split(/\r?\n/), ...log.split(/\r?\n/).filter((line) => pattern.test(line))]
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.join('; ');
}

/** Polls `probe` until it gives a value other than undefined or false; throws when `timeoutMs` passes first. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface ProcStat {
  pid: number;
  state: string;
  pgrp: number;
}

async function procStat(pid: string): Promise<ProcStat | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so parse from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid: Number(pid), state: fields[0] ?? '', pgrp: Number(fields[2]) };
  } catch {
    return undefined; // the process ended while we looked
  }
}

/** Whether any live (not zombie) process is in process group `pgid`. */
async function groupAlive(pgid: number): Promise<boolean> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const stats = await Promise.all(pids.map(procStat));
  return stats.some((s) => s !== undefined && s.pgrp === pgid && s.state !== 'Z');
}

/**
 * The pid in a daemon's pid file, if that process is still the daemon: its working directory is
 * `cwd` (Postfix's master works in its queue directory, Dovecot's in its base_dir). A stale pid
 * file whose pid now belongs to someone else gives undefined.
 */
export async function daemonPid(pidFile: string, cwd: string): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number((await readFile(pidFile, 'utf8')).trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  try {
    return (await readlink(`/proc/${pid}/cwd`)) === cwd ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops a daemon that leads its own process group (both Postfix's and Dovecot's masters call
 * setsid): SIGTERM to the master, then wait for every process of the group; SIGKILL the group if
 * it outstays `graceMs`.
 */
export async function stopDaemon(pid: number, graceMs: number): Promise<void> {
  signalGroup(pid, 'SIGTERM', false);
  try {
    await waitFor(`process group ${pid} to exit`, async () => !(await groupAlive(pid)), graceMs);
  } catch {
    signalGroup(pid, 'SIGKILL', true);
    await waitFor(`process group ${pid} to exit after SIGKILL`, async () => !(await groupAlive(pid)), 5_000);
  }
}

/** Signals a master (or, with `group`, its whole process group); a group that is already gone is fine. */
export function signalGroup(pid: number, signal: NodeJS.Signals, group: boolean): void {
  try {
    process.kill(group ? -pid : pid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}
