// The outbox drain with a scripted server: removal only after acceptance, backoff, permanent failures, orphans, one sender.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SealmailError } from '../../../crypto/errors.js';
import { saveAccount } from '../../../app/accounts/account-book.js';
import { openMailProfile, type MailProfile } from '../../../app/mail-profile.js';
import { flushOutbox } from '../../../app/outbox/flush.js';
import type { SubmitRawOptions } from '../../../app/transport/submit-raw.js';

const PASS = 'outbox test passphrase';
let dir: string;
let mail: MailProfile;
let accountId: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealmail-outbox-'));
  mail = await openMailProfile({ profile: join(dir, 'profile'), passphrase: { get: async () => PASS } });
  accountId = await saveAccount(mail, {
    address: 'alice@example.org',
    username: 'alice',
    password: 'alice-secret-password',
    imap: { host: 'imap.example.org', port: 993, security: 'tls' },
    smtp: { host: 'smtp.example.org', port: 465, security: 'tls' },
  });
});
afterEach(async () => {
  mail.close();
  await rm(dir, { recursive: true, force: true });
});

const raw = (n: number): Uint8Array => Buffer.from(`Message-ID: <${n}@example.org>\r\n\r\nsealed ${n}\r\n`);
/** Files every Sent copy at once: these tests are about submission. */
const fileCopy = async (): Promise<void> => undefined;
const enqueue = (n: number, recipients = ['bob@example.org']): number => mail.store.outbox.enqueue({ accountId, raw: raw(n), recipients });

describe('flushOutbox', () => {
  it('submits with the vault password and the envelope, and removes only what the server accepted', async () => {
    enqueue(1, ['bob@example.org', 'hidden@example.org']);
    const seen: SubmitRawOptions[] = [];
    const accepted: string[] = [];
    const outcomes = await flushOutbox(mail, {
      submit: async (o) => {
        seen.push(o);
        return { accepted: o.envelope.to, rejected: [], response: '250 2.0.0 Ok: queued' };
      },
      fileCopy: async (item) => {
        accepted.push(Buffer.from(item.raw).toString());
      },
    });
    expect(outcomes).toEqual([expect.objectContaining({ result: 'sent', detail: '250 2.0.0 Ok: queued', sentCopy: { filed: true } })]);
    expect(seen[0]).toMatchObject({
      account: { host: 'smtp.example.org', port: 465, security: 'tls', user: 'alice' },
      auth: { password: 'alice-secret-password' },
      envelope: { from: 'alice@example.org', to: ['bob@example.org', 'hidden@example.org'] },
    });
    expect(accepted).toEqual([Buffer.from(raw(1)).toString()]);
    expect(mail.store.outbox.list()).toEqual([]);
  });

  it('keeps a message the server did not take: temporary failures back off, permanent ones wait for the user', async () => {
    enqueue(1);
    enqueue(2);
    const errors = [new SealmailError('timeout', 'smtp.example.org:465 did not answer in time'), new SealmailError('auth-failed', 'refused the user name and password')];
    const outcomes = await flushOutbox(mail, {
      submit: async () => {
        throw errors.shift();
      },
    });
    expect(outcomes?.map((o) => [o.result, o.code])).toEqual([
      ['retry', 'timeout'],
      ['failed', 'auth-failed'],
    ]);
    const items = mail.store.outbox.list();
    expect(items.map((i) => i.state).sort()).toEqual(['failed', 'queued']);
    const queued = items.find((i) => i.state === 'queued');
    expect(queued?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(queued?.lastError).toMatch(/did not answer/);

    // Nothing is due now: a plain flush sends nothing; flushing with retryFailed sends the failed one.
    const none = await flushOutbox(mail, { submit: async () => ({ accepted: [], rejected: [], response: '250 ok' }) });
    expect(none).toEqual([]);
    const again = await flushOutbox(mail, { retryFailed: true, fileCopy, submit: async () => ({ accepted: [], rejected: [], response: '250 ok' }) });
    expect(again?.map((o) => o.result)).toEqual(['sent']);
    expect(mail.store.outbox.list()).toHaveLength(1);
  });

  it('sends at once what a dead sender left marked "sending"', async () => {
    enqueue(1);
    expect(mail.store.outbox.claim()?.state).toBe('sending'); // then the sender was killed
    await writeFile(join(mail.profile, 'outbox.lock'), '2147483646\n'); // a pid that is not running
    const outcomes = await flushOutbox(mail, { fileCopy, submit: async () => ({ accepted: [], rejected: [], response: '250 ok' }) });
    expect(outcomes?.map((o) => o.result)).toEqual(['sent']);
    expect(mail.store.outbox.list()).toEqual([]);
  });

  it('keeps a sent message as accepted when its Sent copy cannot be filed, and retries only the copy', async () => {
    enqueue(1);
    let submissions = 0;
    const submit = async (): Promise<{ accepted: string[]; rejected: string[]; response: string }> => {
      submissions++;
      return { accepted: [], rejected: [], response: '250 ok' };
    };
    const down = await flushOutbox(mail, {
      submit,
      fileCopy: async () => {
        throw new SealmailError('connection-refused', 'imap.example.org:993 refused the connection');
      },
    });
    expect(down).toEqual([expect.objectContaining({ result: 'sent', sentCopy: { filed: false, error: expect.stringMatching(/refused the connection/) } })]);
    expect(mail.store.outbox.list()).toEqual([expect.objectContaining({ state: 'accepted', lastError: expect.stringMatching(/refused the connection/) })]);
    expect(mail.store.outbox.claim()).toBeUndefined(); // an accepted message is never submitted again

    const copies: string[] = [];
    const up = await flushOutbox(mail, { retryFailed: true, submit, fileCopy: async (item) => void copies.push(Buffer.from(item.raw).toString()) });
    expect(up).toEqual([expect.objectContaining({ result: 'filed', sentCopy: { filed: true } })]);
    expect(copies).toEqual([Buffer.from(raw(1)).toString()]);
    expect(submissions).toBe(1);
    expect(mail.store.outbox.list()).toEqual([]);
  });

  it('leaves the outbox alone while another live process is sending', async () => {
    enqueue(1);
    await writeFile(join(mail.profile, 'outbox.lock'), `${process.ppid}\n`);
    const outcomes = await flushOutbox(mail, {
      submit: async () => {
        throw new Error('must not submit');
      },
    });
    expect(outcomes).toBeNull();
    expect(mail.store.outbox.list().map((i) => i.state)).toEqual(['queued']);
  });
});
