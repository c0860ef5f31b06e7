// `sealmail sync`, `list`, `read` and `search` through the real Postfix + Dovecot rig: encrypted mail is searchable, yet nothing readable is on disk.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../../crypto/report.js';
import { startRig, type Rig, type RigUser } from '../../rig/rig.js';
import { otherClient } from '../imap/imap-fixture.js';
import { gpgHome } from './gpg.js';
import { addRigAccount, delivered } from './rig-mail.js';
import { type CliWorld, cliWorld, expectOneLineError } from './run-cli.js';

const PASS = 'mailbox test passphrase';
let rig: Rig;
let alice: CliWorld;
let bob: CliWorld;
let bobKey: string;

beforeAll(async () => {
  rig = await startRig();
  [alice, bob] = await Promise.all([cliWorld(), cliWorld()]);
  const { users } = rig;
  const [a, b] = await Promise.all([
    alice.run(['keys', 'generate', '--uid', `Alice <${users.alice.address}>`], { passphrase: PASS }),
    bob.run(['keys', 'generate', '--uid', `Bob <${users.bob.address}>`], { passphrase: PASS }),
  ]);
  bobKey = b.out.trim();
  const bobPublic = await alice.file('bob.asc', (await bob.run(['keys', 'export', bobKey, '--armor'])).stdout);
  const alicePublic = await bob.file('alice.asc', (await alice.run(['keys', 'export', a.out.trim(), '--armor'])).stdout);
  await Promise.all([alice.run(['keys', 'import', bobPublic]), bob.run(['keys', 'import', alicePublic])]);
  await Promise.all([addAccount(alice, users.alice), addAccount(bob, users.bob)]);
}, 120_000);
afterAll(async () => {
  await Promise.all([alice?.cleanup(), bob?.cleanup()]);
  await rig?.stop();
});

const addAccount = (world: CliWorld, user: RigUser) => addRigAccount(world, rig, user, { passphrase: PASS });


async function filesUnder(dir: string): Promise<{ path: string; data: Buffer }[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map(async (path) => ({ path, data: await readFile(path) })));
}

describe('sealmail sync, list, read and search', () => {
  it('syncs an encrypted message that bob can list, read and find by a word of its encrypted body, with nothing readable on disk', async () => {
    const { users } = rig;
    const id = `${randomUUID()}@sealmail.test`;
    const tag = randomUUID().replace(/-/g, '').slice(0, 12);
    const subject = `Harbour plans ${tag}`;
    const word = `zephyrine${tag}`;
    // The attachment's words appear in no header or body text, so finding them anywhere means the attachment leaked.
    const attachmentText = `Berth allocation ${tag}: quay seven, crane four.`;
    const attachment64 = Buffer.from(attachmentText).toString('base64');
    const draft = [
      `From: Alice <${users.alice.address}>`,
      `To: Bob <${users.bob.address}>`,
      `Subject: ${subject}`,
      `Message-ID: <${id}>`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Meet at the ${word} pier.`,
      '--b1',
      'Content-Type: text/plain; name="berths.txt"',
      'Content-Disposition: attachment; filename="berths.txt"',
      'Content-Transfer-Encoding: base64',
      '',
      attachment64,
      '--b1--',
      '',
    ].join('\r\n');
    const sent = await alice.run(['send', '--sign', '--encrypt'], { passphrase: PASS, input: draft });
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    const atBob = await delivered(users.bob.maildir, id);
    for (const secret of [subject, word, attachmentText, attachment64, 'berths.txt']) expect(atBob.includes(secret), secret).toBe(false);

    const synced = await bob.run(['sync'], { passphrase: PASS });
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(synced.out).toMatch(new RegExp(`^${users.bob.address.replace('.', '\\.')} INBOX: 1 new, 0 changed, 0 removed$`, 'm'));
    const again = await bob.run(['sync', '--account', users.bob.address], { passphrase: PASS });
    expect(again.out).toMatch(/ INBOX: 0 new, 0 changed, 0 removed$/m);

    const listed = JSON.parse((await bob.run(['list', '--json'], { passphrase: PASS })).out) as { uid: number; subject: string; from: string }[];
    expect(listed).toHaveLength(1);
    const [message] = listed;
    expect(message).toMatchObject({ subject, from: expect.stringContaining(users.alice.address) });
    const human = await bob.run(['list'], { passphrase: PASS });
    expect(human.out).toContain(`${message?.uid}  `);
    expect(human.out).toContain(subject);

    const uid = String(message?.uid);
    const read = await bob.run(['read', uid, '--json'], { passphrase: PASS });
    expect(read.code).toBe(0);
    const report = JSON.parse(read.out) as SecurityReport;
    expect(report).toMatchObject({ encryption: { state: 'encrypted' }, signature: { state: 'valid' }, subject });
    expect(report.text).toContain(word);
    expect(report.attachments).toEqual([{ name: 'berths.txt', type: 'text/plain', size: attachmentText.length }]);
    // Exactly the report `open` gives for the bytes Dovecot delivered.
    const opened = await bob.run(['open', '--json'], { passphrase: PASS, input: atBob });
    expect(JSON.parse(opened.out)).toEqual(report);
    const words = await bob.run(['read', '--folder', 'INBOX', uid], { passphrase: PASS });
    expect(words.out).toMatch(/^Encryption: encrypted \(PGP\/MIME\)$/m);
    expect(words.out).toMatch(/^Signature: good signature by the sender/m);
    expect(words.out).toContain(word);

    const found = await bob.run(['search', word], { passphrase: PASS });
    expect(found.stderr).toBe('');
    const hit = found.out.trim().split('\n');
    expect(hit).toHaveLength(1);
    expect(hit[0]).toMatch(new RegExp(`^${users.bob.address.replace('.', '\\.')}  INBOX  ${uid}  .*${users.alice.address.replace('.', '\\.')}.*  ${subject}  .*\\[${word}\\]`));
    const json = JSON.parse((await bob.run(['search', word, '--json'], { passphrase: PASS })).out) as { uid: number }[];
    expect(json).toEqual([expect.objectContaining({ uid: message?.uid, folder: 'INBOX', account: users.bob.address })]);

    // gpg decrypts the stored file with bob's secret key as exported from the profile.
    const gpg = await gpgHome();
    try {
      const secret = await bob.run(['keys', 'export', bobKey, '--secret', '--armor'], { passphrase: PASS });
      const passFile = await bob.file('gpg-pass', `${PASS}\n`);
      const loopback = ['--pinentry-mode', 'loopback', '--passphrase-file', passFile];
      await gpg.run([...loopback, '--import'], secret.stdout);
      // Alice's public key too, so that gpg checks the signature rather than fail for want of it.
      await gpg.run(['--import', join(bob.dir, 'alice.asc')]);
      const body = atBob.toString('latin1');
      const armored = body.slice(body.indexOf('-----BEGIN PGP MESSAGE-----'), body.indexOf('-----END PGP MESSAGE-----') + '-----END PGP MESSAGE-----'.length);
      const decrypted = await gpg.run([...loopback, '--decrypt'], armored);
      expect(decrypted.stdout.toString('utf8')).toContain(word);
      expect(decrypted.stdout.toString('utf8')).toContain(attachment64);
      expect(decrypted.stderr).toMatch(/Good signature from "Alice/);
    } finally {
      await gpg.cleanup();
    }

    // Nothing readable in bob's profile: neither the subject, the body word nor the account password.
    const secrets = [subject, word, attachmentText, users.bob.password];
    for (const { path, data } of await filesUnder(bob.profile)) {
      for (const s of secrets) {
        for (const encoding of ['utf8', 'utf16le'] as const) {
          expect(data.includes(Buffer.from(s, encoding)), `${s} (${encoding}) in ${path}`).toBe(false);
        }
      }
    }
  });

  it('rejects a malformed search query in one line with exit 2, and an unknown UID or folder with a hint', async () => {
    expect((await bob.run(['sync'], { passphrase: PASS })).code).toBe(0);
    expectOneLineError(await bob.run(['search', '"unclosed'], { passphrase: PASS }), 2, /is not a valid query/);
    expectOneLineError(await bob.run(['read', '999999'], { passphrase: PASS }), 2, /there is no message 999999 in INBOX/);
    expectOneLineError(await bob.run(['list', '--folder', 'Nowhere'], { passphrase: PASS }), 2, /has no synced folder "Nowhere"; run: sealmail sync/);
  });

  it('goes on syncing past an account whose server is down, and says which in one line; search --account keeps to one account', async () => {
    const { users } = rig;
    const pass = await bob.file('down-password', 'whatever\n');
    const down = 'down@example.test';
    const added = await bob.run(
      ['account', 'add', '--email', down, '--name', 'Down', '--password-file', pass, '--imap', '127.0.0.1:9', '--imap-security', 'tls', '--smtp', '127.0.0.1:9', '--smtp-security', 'tls', '--no-check'],
      { passphrase: PASS },
    );
    expect(added.stderr).toBe('');
    try {
      const synced = await bob.run(['sync'], { passphrase: PASS });
      expect(synced.code).toBe(1);
      expect(synced.out).toMatch(new RegExp(`^${users.bob.address.replace('.', '\\.')} INBOX: \\d+ new`, 'm'));
      const errors = synced.stderr.trim().split('\n');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^sealmail: sync of down@example\.test: .*127\.0\.0\.1:9/);

      const word = `pier`;
      const everywhere = JSON.parse((await bob.run(['search', word, '--json'], { passphrase: PASS })).out) as { account: string }[];
      expect(everywhere.length).toBeGreaterThan(0);
      expect((await bob.run(['search', word, '--account', down], { passphrase: PASS })).out).toBe('No message matches.\n');
      const own = JSON.parse((await bob.run(['search', word, '--account', users.bob.address, '--json'], { passphrase: PASS })).out) as { account: string }[];
      expect(own).toHaveLength(everywhere.length);
      expectOneLineError(await bob.run(['search', word, '--account', 'nobody@example.test'], { passphrase: PASS }), 2, /there is no account nobody@example\.test/);
    } finally {
      await bob.run(['account', 'remove', down], { passphrase: PASS });
    }
  });

  it('reindex makes mail searchable that could not be opened at sync, once the key it needs is imported', async () => {
    const { users } = rig;
    // Bob's key from his other computer: the message is encrypted to it alone.
    const [laptop, sender] = await Promise.all([cliWorld(), cliWorld()]);
    try {
      const laptopKey = (await laptop.run(['keys', 'generate', '--uid', `Bob <${users.bob.address}>`], { passphrase: PASS })).out.trim();
      await sender.run(['keys', 'import', await sender.file('laptop.asc', (await laptop.run(['keys', 'export', laptopKey, '--armor'])).stdout)]);
      // Sealing always encrypts to the sender as well, so Carol needs a key of her own.
      await sender.run(['keys', 'generate', '--uid', 'Carol <carol@example.test>'], { passphrase: PASS });
      const word = `quillfeather${randomUUID().replace(/-/g, '').slice(0, 10)}`;
      const draft = [`From: Carol <carol@example.test>`, `To: Bob <${users.bob.address}>`, 'Subject: for the laptop', `Message-ID: <${randomUUID()}@sealmail.test>`, '', `The ${word} is ready.`, ''].join('\r\n');
      const sealed = await sender.run(['seal', '--encrypt'], { input: draft });
      expect(sealed.stderr).toBe('');
      const imap = await otherClient(rig, users.bob);
      try {
        await imap.append('INBOX', sealed.stdout);
      } finally {
        await imap.logout();
      }
      expect((await bob.run(['sync'], { passphrase: PASS })).code).toBe(0);
      expect((await bob.run(['search', word], { passphrase: PASS })).out).toBe('No message matches.\n');

      const secret = await bob.file('laptop-secret.asc', (await laptop.run(['keys', 'export', laptopKey, '--secret', '--armor'], { passphrase: PASS })).stdout);
      expect((await bob.run(['keys', 'import', secret], { passphrase: PASS })).code).toBe(0);
      const reindexed = await bob.run(['reindex'], { passphrase: PASS });
      expect(reindexed.stderr).toBe('');
      expect(reindexed.out).toMatch(/^reindexed \d+ messages?\n$/);
      const found = JSON.parse((await bob.run(['search', word, '--json'], { passphrase: PASS })).out) as { subject: string }[];
      expect(found).toEqual([expect.objectContaining({ subject: 'for the laptop' })]);
    } finally {
      await Promise.all([laptop.cleanup(), sender.cleanup()]);
    }
  });
});
