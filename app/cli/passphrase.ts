// Where the CLI gets a passphrase: --passphrase-file, else a no-echo prompt on the terminal, else an error.
import { openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ReadStream } from 'node:tty';
import { SealmailError } from '../../crypto/errors.js';

export interface PassphraseSource {
  /** Asks at most once per run; `confirm` makes a prompt ask twice, for a new key. */
  get(options?: { confirm?: boolean }): Promise<string>;
}

/** `label` names the passphrase in prompts and `fileOption` the option that gives it instead (e.g. a backup's). */
export function passphraseSource(options: { file?: string | undefined; label?: string; fileOption?: string }): PassphraseSource {
  let cached: Promise<string> | undefined;
  const { label = 'passphrase', fileOption = '--passphrase-file' } = options;
  return {
    get({ confirm = false } = {}) {
      cached ??= options.file ? fromFile(options.file) : fromTerminal(confirm, label, fileOption);
      return cached;
    },
  };
}

async function fromFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new SealmailError('io', `cannot read passphrase file ${file}: ${why}`);
  }
  return text.split(/\r?\n/, 1)[0] ?? '';
}

async function fromTerminal(confirm: boolean, label: string, fileOption: string): Promise<string> {
  const input = terminalInput();
  if (!input) {
    throw new SealmailError('passphrase-required', `a ${label} is needed and there is no terminal to ask on; use ${fileOption} FILE`);
  }
  try {
    const first = await ask(input, `${label.charAt(0).toUpperCase()}${label.slice(1)}: `);
    if (confirm && (await ask(input, `Repeat ${label}: `)) !== first) {
      throw new SealmailError('passphrase-required', `the two ${label}s differ`);
    }
    return first;
  } finally {
    if (input !== process.stdin) input.destroy();
    else input.pause();
  }
}

// stdin usually carries the message (seal, open), so ask on the controlling terminal instead; but only
// when a person is evidently watching (stderr is a terminal), so scripts fail fast instead of hanging.
export function terminalInput(): NodeJS.ReadStream | ReadStream | null {
  if (process.stdin.isTTY) return process.stdin;
  if (!process.stderr.isTTY || process.platform === 'win32') return null;
  try {
    return new ReadStream(openSync('/dev/tty', 'r'));
  } catch {
    return null;
  }
}

function ask(input: NodeJS.ReadableStream, prompt: string): Promise<string> {
  const rl = createInterface({ input, output: process.stderr, terminal: true });
  const echo = rl as unknown as { _writeToOutput: (text: string) => void };
  const write = echo._writeToOutput.bind(rl);
  let showing = true;
  // readline echoes typed keys through this method; once the prompt is out, nothing more is shown.
  echo._writeToOutput = (text) => {
    if (showing) write(text);
  };
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    rl.question(prompt, (answer) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
    showing = false;
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      process.stderr.write('\n');
      if (!answered) reject(new SealmailError('passphrase-required', 'no passphrase given'));
    });
  });
}
