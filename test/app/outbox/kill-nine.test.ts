// kill -9 a sender in the middle of a batch, start it again, and every message arrives: the outbox loses nothing.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { openMailProfile } from '../../../app/mail-profile.js';
import { waitFor } from '../../rig/processes.js';
import { startRig, type Rig } from '../../rig/rig.js';
import { type CliWorld, cliWorld } from '../cli/run-cli.js';

const PASS = 'kill nine passphrase';
const BATCH = 20;
let rig: Rig;
let world: CliWorld;

beforeAll(async () => {
  rig = await startRig();
  world = await cliWorld();
  const { imap, smtp, users } = rig;
  const added = await world.run(
    [
      'account', 'add', '--email', users.alice.address, '--name', 'Alice', '--password-file', await world.file('pw', `${users.alice.password}\n`),
      '--ca', await world.file('ca.pem', rig.caPem), '--imap', `${imap.imaps.host}:${imap.imaps.port}`, '--imap-security', 'tls',
      '--smtp', `${smtp.submissions.host}:${smtp.submissions.port}`, '--smtp-security', 'tls',
    ],
    { passphrase: PASS },
  );
  expect(added.stderr).toBe('');
});
afterAll(async () => {
  await world?.cleanup();
  await rig?.stop();
});

/** Message-ID of every file in bob's maildir/new (a message delivered twice appears twice). */
async function deliveredIds(): Promise<string[]> {
  const dir = join(rig.users.bob.maildir, 'new');
  const names = await readdir(dir).catch(() => []);
  const files = await Promise.all(names.map((name) => readFile(join(dir, name), 'latin1').catch(() => '')));
  return files.flatMap((text) => /^Message-ID: <([^>]+)>/im.exec(text)?.[1] ?? []);
}

/** Queues BATCH messages straight into the outbox, as `send --later` would, and returns their Message-IDs. */
async function queueBatch(): Promise<string[]> {
  const mail = await openMailProfile({ profile: world.profile, passphrase: { get: async () => PASS } });
  try {
    const account = mail.store.accounts.list()[0];
    if (!account) throw new Error('the account was not added');
    return Array.from({ length: BATCH }, (_, n) => {
      const id = `${n}.${randomUUID()}@sealmail.test`;
      const raw = Buffer.from(
        [`From: <${rig.users.alice.address}>`, `To: <${rig.users.bob.address}>`, `Message-ID: <${id}>`, `Subject: batch ${n}`, '', `Message ${n}.`, ''].join('\r\n'),
      );
      mail.store.outbox.enqueue({ accountId: account.id, raw, recipients: [rig.users.bob.address] });
      return id;
    });
  } finally {
    mail.close();
  }
}

/** The states of what waits in the outbox. */
async function outboxStates(): Promise<string[]> {
  const listed = await world.run(['outbox', '--json'], { passphrase: PASS });
  return (JSON.parse(listed.out) as { state: string }[]).map((i) => i.state);
}

it('a sender killed with SIGKILL mid-batch and started again delivers every message', async () => {
  const ids = await queueBatch();
  const passFile = await world.file('pass-kill', `${PASS}\n`);
  const sender = spawn(process.execPath, [inject('sealmailBin'), '--profile', world.profile, '--passphrase-file', passFile, 'outbox', 'flush'], {
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => sender.on('exit', (_code, signal) => resolve(signal)));
  // Kill once a few messages have arrived, so the batch is surely under way.
  await waitFor('the first deliveries', async () => (await deliveredIds()).length >= 4, 30_000);
  sender.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  const states = await outboxStates();
  const left = states.length;
  // A sender submits one message at a time, so at most one was in flight when it died.
  const inFlight = states.filter((s) => s === 'sending').length;
  expect(inFlight).toBeLessThanOrEqual(1);
  expect(left).toBeGreaterThan(0); // the kill really hit mid-batch
  expect(left).toBeLessThan(BATCH);

  const restarted = await world.run(['outbox', 'flush'], { passphrase: PASS });
  expect(restarted.stderr).toBe('');
  expect(restarted.code).toBe(0);
  expect(await outboxStates()).toEqual([]);

  const all = await waitFor(
    'every message in bob\'s maildir',
    async () => {
      const got = await deliveredIds();
      return ids.every((id) => got.includes(id)) && got;
    },
    30_000,
  );
  const duplicates = all.length - new Set(all).size;
  // A duplicate is possible only when the kill fell between the server's acceptance and the outbox delete.
  expect(duplicates).toBeLessThanOrEqual(1);
  console.info(`kill -9 test: ${BATCH - left} of ${BATCH} sent before the kill, ${left} left in the outbox (${inFlight} caught mid-submission), ${duplicates} duplicate(s) after the restart`);
});
