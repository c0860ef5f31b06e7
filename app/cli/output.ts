// How the CLI speaks: whole results on stdout in one write, and failures as one `sealmail: ...` line on stderr.
import { CommanderError } from 'commander';
import { isSealmailError } from '../../crypto/errors.js';
import { oneLine } from '../../crypto/pgp/config.js';

/** Writes a finished result; callers build all of it first, so a failure never leaves partial output. */
export function writeStdout(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(data, (e) => (e ? reject(e) : resolve()));
  });
}

/** Prints the one-line error for `e` and returns the exit status: 2 for usage errors, 1 otherwise. */
export function reportFailure(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) return 0; // help or version was asked for, and shown
    // Commander shows help for a command group given without a subcommand; we keep to one line.
    const message = e.code === 'commander.help' ? 'missing command; see "sealmail --help"' : e.message.replace(/^error: /, '');
    writeErrorLine(message);
    return 2;
  }
  if (isSealmailError(e)) {
    writeErrorLine(e.message);
    return e.code === 'bad-option' ? 2 : 1;
  }
  writeErrorLine(`unexpected error: ${oneLine(e)}`);
  return 1;
}

export function writeErrorLine(message: string): void {
  process.stderr.write(`sealmail: ${terminalLine(oneLine(message))}\n`);
}

/**
 * Text from mail or keys may carry terminal escape sequences that rewrite what the user sees
 * (fake "good signature" lines, hidden text); only newlines and tabs pass through.
 */
export function terminalSafe(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, (c) => (c === '\n' || c === '\t' ? c : '\ufffd'));
}

/** Like terminalSafe, for text that must stay on one line (user IDs, subjects). */
export function terminalLine(text: string): string {
  return text.replace(UNSAFE, '\ufffd');
}

// C0/C1 controls, and the bidirectional overrides that can make text read backwards.
const UNSAFE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
