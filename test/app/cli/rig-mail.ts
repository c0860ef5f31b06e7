// What the CLI tests over the real Postfix + Dovecot rig share: adding a rig account to a profile, and waiting for a delivery.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { waitFor } from '../../rig/processes.js';
import type { Rig, RigUser } from '../../rig/rig.js';
import type { CliWorld } from './run-cli.js';

export interface RigAccountOptions {
  passphrase: string;
  /** The password to save, when not the user's own (e.g. a wrong one). */
  password?: string;
  /** Another IMAP server (host:port), e.g. a closed port to make filing the Sent copy fail; the server check is skipped then. */
  imapAt?: string;
  name?: string;
  extra?: readonly string[];
}

/** `sealmail account add` for a rig user, trusting the rig's CA: IMAPS and submission with STARTTLS. Fails the test on any stderr. */
export async function addRigAccount(world: CliWorld, rig: Rig, user: RigUser, options: RigAccountOptions): Promise<void> {
  const ca = await world.file('rig-ca.pem', rig.caPem);
  const pass = await world.file(`password-${randomUUID()}`, `${options.password ?? user.password}\n`);
  const { imap, smtp } = rig;
  const result = await world.run(
    [
      'account', 'add', '--email', user.address, '--name', options.name ?? 'User', '--user', user.address, '--password-file', pass, '--ca', ca,
      '--imap', options.imapAt ?? `${imap.imaps.host}:${imap.imaps.port}`, '--imap-security', 'tls',
      '--smtp', `${smtp.submission.host}:${smtp.submission.port}`, '--smtp-security', 'starttls',
      ...(options.imapAt === undefined ? [] : ['--no-check']),
      ...(options.extra ?? []),
    ],
    { passphrase: options.passphrase },
  );
  expect(result.stderr).toBe('');
}

/** The file in `maildir/new` carrying `messageId`, waiting for LMTP delivery. */
export function delivered(maildir: string, messageId: string): Promise<Buffer> {
  return waitFor(
    `${messageId} in ${maildir}/new`,
    async () => {
      const names = await readdir(join(maildir, 'new')).catch(() => []);
      const files = await Promise.all(names.map((name) => readFile(join(maildir, 'new', name)).catch(() => Buffer.alloc(0))));
      return files.find((file) => file.includes(`Message-ID: <${messageId}>`));
    },
    15_000,
  );
}
