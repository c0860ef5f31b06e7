// `sealmail send` through the real Postfix + Dovecot rig: sealed on the wire, kept in the outbox on failure, never lost.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../../crypto/report.js';
import { otherClient } from '../imap/imap-fixture.js';
import { startRig, type Rig } from '../../rig/rig.js';
import { addRigAccount, delivered } from './rig-mail.js';
import { type CliWorld, cliWorld, expectOneLineError } from './run-cli.js';

const PASS = 'send test passphrase';
let rig: Rig;
let alice: CliWorld;
let bob: CliWorld;
/** Alice again, in a profile that has no key for Bob. */
let lone: CliWorld;

beforeAll(async () => {
  rig = await startRig();
  [alice, bob, lone] = await Promise.all([cliWorld(), cliWorld(), cliWorld()]);
  const { users } = rig;
  const [a, b] = await Promise.all([
    alice.run(['keys', 'generate', '--uid', `Alice <${users.alice.address}>`], { passphrase: PASS }),
    bob.run(['keys', 'generate', '--uid', `Bob <${users.bob.address}>`], { passphrase: PASS }),
    lone.run(['keys', 'generate', '--uid', `Alice <${users.alice.address}>`], { passphrase: PASS }),
  ]);
  const bobPublic = await alice.file('bob.asc', (await bob.run(['keys', 'export', b.out.trim(), '--armor'])).stdout);
  const alicePublic = await bob.file('alice.asc', (await alice.run(['keys', 'export', a.out.trim(), '--armor'])).stdout);
  await Promise.all([alice.run(['keys', 'import', bobPublic]), bob.run(['keys', 'import', alicePublic])]);
  await addAccount(alice, users.alice.password);
  await addAccount(lone, 'not-alices-password');
}, 120_000);
afterAll(async () => {
  await Promise.all([alice?.cleanup(), bob?.cleanup(), lone?.cleanup()]);
  await rig?.stop();
});

/** `imapAt` overrides the IMAP server, e.g. a closed port to make filing the Sent copy fail. */
const addAccount = (world: CliWorld, password: string, replace = false, imapAt?: string) =>
  addRigAccount(world, rig, rig.users.alice, { passphrase: PASS, password, name: 'Alice', ...(imapAt ? { imapAt } : {}), extra: replace ? ['--replace'] : [] });


/** Every file in `maildir/new` carrying `messageId`: a duplicate submission would show as two. */
async function deliveredCopies(maildir: string, messageId: string): Promise<Buffer[]> {
  const names = await readdir(join(maildir, 'new')).catch(() => []);
  const files = await Promise.all(names.map((name) => readFile(join(maildir, 'new', name))));
  return files.filter((file) => file.includes(`Message-ID: <${messageId}>`));
}

/** The raw sources in alice's Sent folder carrying `messageId`, read over IMAP as another client would. */
async function sentCopies(messageId: string): Promise<Buffer[]> {
  const client = await otherClient(rig, rig.users.alice);
  try {
    await client.mailboxOpen('Sent');
    const found: Buffer[] = [];
    for await (const m of client.fetch('1:*', { source: true, flags: true })) {
      if (m.source?.includes(`Message-ID: <${messageId}>`)) {
        expect([...(m.flags ?? [])]).toContain('\\Seen');
        found.push(m.source);
      }
    }
    return found;
  } finally {
    await client.logout();
  }
}

/** Dovecot stores LF line ends and Postfix adds trace headers on top: compare the message itself, CRLF-normalised. */
const lf = (bytes: Buffer): string => bytes.toString('latin1').replace(/\r\n/g, '\n');

async function filesUnder(dir: string): Promise<Buffer[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name))));
}

function draft(id: string, subject: string, body: string, bcc = false): string {
  const { users } = rig;
  return [
    `From: Alice <${users.alice.address}>`,
    `To: Bob <${users.bob.address}>`,
    ...(bcc ? [`Bcc: ${users.alice.address}`] : []),
    `Subject: ${subject}`,
    `Message-ID: <${id}>`,
    `Date: ${new Date().toUTCString()}`,
    '',
    body,
    '',
  ].join('\r\n');
}

describe('sealmail send', () => {
  it('delivers a signed and encrypted message that no mailbox holds in plain text; Bcc gets it without a Bcc header', async () => {
    const id = `${randomUUID()}@sealmail.test`;
    const subject = `Quarterly figures ${randomUUID()}`;
    const body = `The vault code is ${randomUUID()}.`;
    const sent = await alice.run(['send'], { passphrase: PASS, input: draft(id, subject, body, true) });
    expect(sent.stderr).toBe('');
    expect(sent.out).toBe(`sent (signed and encrypted) to ${rig.users.bob.address}, ${rig.users.alice.address}\n`);
    expect(sent.code).toBe(0);

    const atBob = await delivered(rig.users.bob.maildir, id);
    expect(atBob.toString()).toMatch(/Content-Type: multipart\/encrypted;/);
    expect(atBob.includes(subject)).toBe(false);
    expect(atBob.includes(body)).toBe(false);
    const atAlice = await delivered(rig.users.alice.maildir, id); // the Bcc, through the envelope only
    expect(atAlice.toString()).not.toMatch(/^Bcc:/im);

    const opened = await bob.run(['open', '--json'], { passphrase: PASS, input: atBob });
    const report = JSON.parse(opened.out) as SecurityReport;
    expect(report).toMatchObject({ encryption: { state: 'encrypted' }, signature: { state: 'valid' }, subject });
    expect(report.text).toContain(body);
    expect(JSON.parse((await alice.run(['outbox', '--json'], { passphrase: PASS })).out)).toEqual([]);
  });

  it('files one Sent copy: the submitted sealed bytes, encrypted to alice too', async () => {
    const id = `${randomUUID()}@sealmail.test`;
    const subject = `Sent copy ${randomUUID()}`;
    const sent = await alice.run(['send'], { passphrase: PASS, input: draft(id, subject, 'Filed once.') });
    expect(sent.out).toBe(`sent (signed and encrypted) to ${rig.users.bob.address}\n`);
    const atBob = await delivered(rig.users.bob.maildir, id);
    const copies = await sentCopies(id);
    expect(copies).toHaveLength(1);
    const copy = copies[0] as Buffer;
    expect(copy.toString()).toMatch(/^(?!Received:)[\s\S]*Content-Type: multipart\/encrypted;/);
    // What bob got is the submitted bytes under the relay's trace headers: the copy is exactly those bytes.
    expect(lf(atBob).endsWith(lf(copy))).toBe(true);
    expect(lf(atBob).length - lf(copy).length).toBeLessThan(1000);
    const opened = JSON.parse((await alice.run(['open', '--json'], { passphrase: PASS, input: copy })).out) as SecurityReport;
    expect(opened).toMatchObject({ encryption: { state: 'encrypted' }, subject });
    expect(JSON.parse((await alice.run(['outbox', '--json'], { passphrase: PASS })).out)).toEqual([]);
  });

  it('with IMAP unreachable sends once and keeps only the Sent copy pending; a flush files it without sending again', async () => {
    const id = `${randomUUID()}@sealmail.test`;
    await addAccount(alice, rig.users.alice.password, true, '127.0.0.1:1');
    try {
      const sent = await alice.run(['send'], { passphrase: PASS, input: draft(id, 'pending copy', 'Sent once.') });
      expect(sent.stderr).toBe('');
      expect(sent.out).toMatch(/^sent \(signed and encrypted\) to bob@example\.test; the Sent copy is pending \(.*127\.0\.0\.1:1.*\), file it with: sealmail outbox flush \(the message is not sent again\)\n$/);
      expect(sent.code).toBe(0);
      await delivered(rig.users.bob.maildir, id);
      const listed = await alice.run(['outbox'], { passphrase: PASS });
      expect(listed.out).toMatch(new RegExp(`^#\\d+  sent, Sent copy pending  ${rig.users.alice.address} -> ${rig.users.bob.address}  .*127\\.0\\.0\\.1:1`));
      const stillDown = await alice.run(['outbox', 'flush'], { passphrase: PASS });
      expect(stillDown.out).toMatch(/^sent #\d+ earlier; the Sent copy is pending .*\n0 sent, 0 kept in the outbox; 1 Sent copy pending\n$/);
    } finally {
      await addAccount(alice, rig.users.alice.password, true);
    }
    const flushed = await alice.run(['outbox', 'flush'], { passphrase: PASS });
    expect(flushed.stderr).toBe('');
    expect(flushed.out).toMatch(/^filed the Sent copy of #\d+\n0 sent, 0 kept in the outbox\n$/);
    expect(JSON.parse((await alice.run(['outbox', '--json'], { passphrase: PASS })).out)).toEqual([]);
    expect(await sentCopies(id)).toHaveLength(1);
    expect(await deliveredCopies(rig.users.bob.maildir, id)).toHaveLength(1);
  });

  it('keeps the message in the outbox when the server refuses the password, and sends it once the password is fixed', async () => {
    const id = `${randomUUID()}@sealmail.test`;
    const failed = await lone.run(['send'], { passphrase: PASS, input: draft(id, 'kept', 'Kept safe.') });
    expectOneLineError(failed, 1, /refused the user name and password.*; the message is kept in the outbox, fix the cause, then run: sealmail outbox flush$/);
    const queued = JSON.parse((await lone.run(['outbox', '--json'], { passphrase: PASS })).out) as { state: string; lastError: string; recipients: string[] }[];
    expect(queued).toEqual([expect.objectContaining({ state: 'failed', recipients: [rig.users.bob.address], lastError: expect.stringMatching(/refused the user name/) })]);
    expect(queued[0]?.lastError).not.toContain('not-alices-password');
    // Signed only, so the body is readable in the sealed bytes: the outbox must keep them encrypted at rest.
    for (const file of await filesUnder(lone.profile)) expect(file.includes('Kept safe.')).toBe(false);

    await addAccount(lone, rig.users.alice.password, true);
    const flushed = await lone.run(['outbox', 'flush'], { passphrase: PASS });
    expect(flushed.stderr).toBe('');
    expect(flushed.out).toMatch(/1 sent, 0 kept in the outbox\n$/);
    // No key for Bob in this profile: by default the message is signed only.
    expect((await delivered(rig.users.bob.maildir, id)).toString()).toMatch(/Content-Type: multipart\/signed;/);
    expect(JSON.parse((await lone.run(['outbox', '--json'], { passphrase: PASS })).out)).toEqual([]);
  });

  it('with --later only queues; outbox flush sends it', async () => {
    const id = `${randomUUID()}@sealmail.test`;
    const queued = await alice.run(['send', '--later'], { passphrase: PASS, input: draft(id, 'later', 'Sent later.') });
    expect(queued.out).toBe(`queued (signed and encrypted) for ${rig.users.bob.address}; send it with: sealmail outbox flush\n`);
    const listed = await alice.run(['outbox'], { passphrase: PASS });
    expect(listed.out).toMatch(new RegExp(`^#\\d+  queued  ${rig.users.alice.address} -> ${rig.users.bob.address}  \\(0 attempts`));
    expect((await alice.run(['outbox', 'flush'], { passphrase: PASS })).out).toMatch(/^sent #\d+ to bob@example\.test\n1 sent, 0 kept in the outbox\n$/);
    expect((await delivered(rig.users.bob.maildir, id)).toString()).toMatch(/multipart\/encrypted/);
  });

  it('keeps a message the server could not be reached for, waiting out its backoff', async () => {
    const offline = await cliWorld();
    try {
      await offline.run(['keys', 'generate', '--uid', `Alice <${rig.users.alice.address}>`], { passphrase: PASS });
      const pass = await offline.file('pw', 'password\n');
      const args = ['account', 'add', '--email', rig.users.alice.address, '--name', 'A', '--password-file', pass, '--no-check', '--imap', '127.0.0.1:993'];
      await offline.run([...args, '--smtp', '127.0.0.1:1', '--smtp-security', 'tls'], { passphrase: PASS });
      const sent = await offline.run(['send'], { passphrase: PASS, input: draft(`${randomUUID()}@sealmail.test`, 'offline', 'Later.') });
      expectOneLineError(sent, 1, /127\.0\.0\.1:1 refused the connection.*; the message is kept in the outbox, retry it after a short pause with: sealmail outbox flush$/);
      const flushed = await offline.run(['outbox', 'flush'], { passphrase: PASS });
      expect(flushed.out).toMatch(/^0 sent, 0 kept in the outbox; 1 wait to be retried from \d{4}-\d\d-\d\dT[\d:.]+Z on\n$/);
      expect(flushed.code).toBe(0);
    } finally {
      await offline.cleanup();
    }
  });

  it('refuses --encrypt when a recipient has no key, naming the recipient, and queues nothing', async () => {
    const result = await lone.run(['send', '--encrypt'], { passphrase: PASS, input: draft(`${randomUUID()}@sealmail.test`, 'x', 'y') });
    expectOneLineError(result, 1, new RegExp(`no usable encryption key for ${rig.users.bob.address.replace('.', '\\.')}`));
    expect(JSON.parse((await lone.run(['outbox', '--json'], { passphrase: PASS })).out)).toEqual([]);
  });

  it('refuses a From address that has no account, naming what there is', async () => {
    const other = draft(`${randomUUID()}@sealmail.test`, 'x', 'y').replace(`From: Alice <${rig.users.alice.address}>`, `From: Bob <${rig.users.bob.address}>`);
    const result = await bob.run(['send', '--sign'], { passphrase: PASS, input: other });
    expectOneLineError(result, 2, /there is no account bob@example\.test; add one with: sealmail account add/);
  });
});
