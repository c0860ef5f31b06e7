// `sealmail open`: decrypts and verifies the message on stdin and tells what it found, in words or JSON.
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { Command } from 'commander';
import type { PrivateKey } from 'openpgp';
import { SealmailError, openStream } from '../../crypto/index.js';
import { unlockKey } from '../../crypto/pgp/keys.js';
import type { Keyring } from '../keyring.js';
import { smimeOpenOptions } from '../smime-trust.js';
import type { PassphraseSource } from './passphrase.js';
import { readStdin } from './input.js';
import { writeStdout } from './output.js';
import { reportText } from './report-text.js';
import { session } from './session.js';

export function addOpenCommand(program: Command): void {
  program
    .command('open')
    .description('decrypt and verify the message on stdin and show its security report and text')
    .option('--at <time>', 'judge key validity at this ISO 8601 time instead of now')
    .option('--json', 'print the security report as one JSON object')
    .action(async (opts: { at?: string; json?: boolean }, command: Command) => {
      const date = opts.at === undefined ? undefined : parseTime(opts.at);
      const { keyring, passphrase } = session(command);
      const ring = await keyring();
      const report = await openStream({
        message: await messageOnStdin(),
        verificationKeys: ring.list().map(({ key, meta }) => ({ key: key.toPublic(), acceptance: meta.acceptance })),
        decryptionKeys: () => unlockOwnKeys(ring, passphrase),
        smime: await smimeOpenOptions({ profile: ring.profile, passphrase: () => passphrase.get() }),
        ...(date ? { date } : {}),
      });
      // A message that cannot be decrypted is a failure: one line and exit 1. --json still gets the report,
      // which holds no plaintext then, so scripts can tell why.
      if (opts.json) await writeStdout(`${JSON.stringify(report)}\n`);
      if (report.encryption.state === 'failed') throw new SealmailError('decrypt-failed', report.encryption.error ?? 'the message could not be decrypted');
      if (!opts.json) await writeStdout(reportText(report));
    });
}

/**
 * The message as a stream, so that a large encrypted one is never held whole. On a terminal the passphrase is asked
 * on stdin too, so there the message is read to its end first, as before.
 */
async function messageOnStdin(): Promise<ReadableStream<Uint8Array>> {
  const input = process.stdin.isTTY ? Readable.from([await readStdin()]) : process.stdin;
  return Readable.toWeb(input) as ReadableStream<Uint8Array>;
}

/** Unlocks every own secret key the one passphrase opens; called by `open`, `read` and `sync` only for encrypted mail. */
export async function unlockOwnKeys(keyring: Keyring, passphrase: PassphraseSource): Promise<PrivateKey[]> {
  const own = keyring.ownSecretKeys();
  if (own.length === 0) return [];
  const secret = await passphrase.get();
  const unlocked: PrivateKey[] = [];
  let refusal: unknown;
  for (const key of own) {
    await unlockKey({ key, passphrase: secret }).then(
      (k) => unlocked.push(k),
      (e: unknown) => (refusal = e),
    );
  }
  if (unlocked.length === 0) throw refusal;
  return unlocked;
}

function parseTime(value: string): Date {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/i.exec(value);
  const time = iso ? new Date(value) : null;
  // Date rolls 2025-02-30 over to March; a typo in a verification date must not pass silently.
  const [, year, month, day] = iso ?? [];
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (!time || Number.isNaN(time.getTime()) || calendar.getUTCMonth() !== Number(month) - 1 || calendar.getUTCDate() !== Number(day)) {
    throw new SealmailError('bad-option', `--at "${value}" is not an ISO 8601 time, e.g. 2025-01-31T12:00:00Z`);
  }
  return time;
}
