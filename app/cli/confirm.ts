// A yes/no question on the terminal, for choices a person must make knowingly (trusting discovered servers).
import { createInterface } from 'node:readline';
import { terminalInput } from './passphrase.js';

/** Shows `shown` (on stderr, beside the question), then resolves true only for "y" or "yes"; null when there is no terminal to ask on, so the caller can say what to do instead. */
export async function confirmOnTerminal(shown: string, question: string): Promise<boolean | null> {
  const input = terminalInput();
  if (!input) return null;
  process.stderr.write(shown);
  const rl = createInterface({ input, output: process.stderr, terminal: true });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.on('close', () => resolve(''));
      rl.question(`${question} [y/N] `, resolve);
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
    if (input !== process.stdin) input.destroy();
    else input.pause();
  }
}
