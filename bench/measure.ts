// Runs one process and reports its wall time and peak RSS (GNU time's %M, else VmHWM polled from /proc).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface Run {
  ms: number;
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** File fed to stdin; stdin is empty otherwise. */
  stdinFile?: string;
  /** File that receives stdout; stdout is captured otherwise. */
  stdoutFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Where GNU time writes its figure. */
  scratchDir: string;
}

const GNU_TIME = '/usr/bin/time';

export const rssMethod = existsSync(GNU_TIME) ? 'GNU time %M' : 'VmHWM polled from /proc';

export async function measured(command: string, args: string[], options: RunOptions): Promise<Run> {
  const timeFile = join(options.scratchDir, `time-${process.pid}-${Date.now()}.txt`);
  const useTime = existsSync(GNU_TIME);
  const [file, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args]] : [command, args];
  const stdin = options.stdinFile ? openSync(options.stdinFile, 'r') : 'ignore';
  const stdout = options.stdoutFile ? openSync(options.stdoutFile, 'w') : 'pipe';
  const started = performance.now();
  const child = spawn(file, argv, { stdio: [stdin, stdout, 'pipe'], env: options.env ?? process.env });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  let polledKb = 0;
  const poll = useTime ? null : setInterval(() => (polledKb = Math.max(polledKb, vmHwmKb(child.pid))), 5);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ms = performance.now() - started;
  if (poll) clearInterval(poll);
  if (typeof stdin === 'number') closeSync(stdin);
  if (typeof stdout === 'number') closeSync(stdout);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${err.trim()}`);
  let peakKb = polledKb;
  if (useTime) {
    peakKb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
    rmSync(timeFile, { force: true });
  }
  return { ms, peakRssMb: peakKb / 1024, stdout: out, stderr: err };
}

function vmHwmKb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
