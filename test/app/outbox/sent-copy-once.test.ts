// Against the rig: a Sent copy filed before a kill, with its outbox entry left behind, is never filed a second time.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SearchObject } from 'imapflow';
import { generateKey } from 'openpgp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seal } from '../../../crypto/index.js';
import { headerValue, readHeaderBlock } from '../../../crypto/mime/header.js';
import { saveAccount } from '../../../app/accounts/account-book.js';
import { openMailProfile, type MailProfile } from '../../../app/mail-profile.js';
import { fileSentCopy } from '../../../app/outbox/file-sent-copy.js';
import { flushOutbox, type FlushOutcome } from '../../../app/outbox/flush.js';
import type { Account } from '../../../app/store/accounts.js';
import type { OutboxItem } from '../../../app/store/outbox.js';
import { startRig, type Rig } from '../../rig/rig.js';
import { otherClient } from '../imap/imap-fixture.js';

const PASS = 'sent copy once passphrase';
let rig: Rig;
let dir: string;
let mail: MailProfile;
let account: Account;

beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.stop();
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealmail-sent-once-'));
  mail = await openMailProfile({ profile: join(dir, 'profile'), passphrase: { get: async () => PASS } });
  const { imap, smtp, users } = rig;
  const id = await saveAccount(mail, {
    address: users.alice.address,
    username: users.alice.address,
    password: users.alice.password,
    imap: { host: imap.imaps.host, port: imap.imaps.port, security: 'tls' },
    smtp: { host: smtp.submissions.host, port: smtp.submissions.port, security: 'tls' },
    caPem: rig.caPem,
  });
  account = mail.store.accounts.list().find((a) => a.id === id) as Account;
});
afterEach(async () => {
  mail.close();
  await rm(dir, { recursive: true, force: true });
});

function draft(messageId: string | null, token: string): Uint8Array {
  const { alice, bob } = rig.users;
  const lines = [`From: Alice <${alice.address}>`, `To: Bob <${bob.address}>`, `Subject: filed once ${token}`, ...(messageId ? [`Message-ID: ${messageId}`] : [])];
  return Buffer.from([...lines, `Date: ${new Date().toUTCString()}`, '', `token ${token}`, ''].join('\r\n'));
}

/** Sealed as `sealmail send` seals: signed and encrypted to bob and to alice herself. */
async function sealed(messageId: string | null, token: string): Promise<Buffer> {
  const make = (email: string) => generateKey({ type: 'curve25519', userIDs: [{ email }], format: 'object' });
  const [alice, bob] = await Promise.all([make(rig.users.alice.address), make(rig.users.bob.address)]);
  const bytes = await seal({ message: draft(messageId, token), sign: true, encrypt: true, signingKey: alice.privateKey, encryptionKeys: [bob.publicKey] });
  return Buffer.from(bytes);
}

/** The outbox entry as a kill -9 leaves it: submitted and marked accepted, its Sent copy not yet (known to be) filed. */
function acceptedItem(raw: Uint8Array): OutboxItem {
  const outbox = mail.store.outbox;
  const id = outbox.enqueue({ accountId: account.id, raw, recipients: [rig.users.bob.address] });
  expect(outbox.claim()?.id).toBe(id);
  expect(outbox.accept(id)).toBe(true);
  return outbox.accepted().find((i) => i.id === id) as OutboxItem;
}

/** A flush that may only file copies: every message in these tests was submitted already. */
function flushFilingOnly(): Promise<FlushOutcome[] | null> {
  return flushOutbox(mail, {
    submit: async () => {
      throw new Error('an accepted message must never be submitted again');
    },
  });
}

/** The raw sources in alice's Sent folder that match `query`, as another client sees them. */
async function sentCopies(query: SearchObject): Promise<Buffer[]> {
  const client = await otherClient(rig, rig.users.alice);
  try {
    await client.mailboxOpen('Sent');
    const uids = await client.search(query, { uid: true });
    if (!uids || uids.length === 0) return [];
    const fetched = await client.fetchAll(uids, { uid: true, source: true }, { uid: true });
    return fetched.map((m) => m.source ?? Buffer.alloc(0));
  } finally {
    await client.logout();
  }
}

describe('filing the Sent copy again after a kill between the APPEND and the outbox delete', () => {
  it('leaves exactly one copy in Sent, byte for byte the sealed message, and empties the outbox', async () => {
    const messageId = `<${randomUUID()}@sealmail.test>`;
    const raw = await sealed(messageId, randomUUID());
    // The seal keeps the Message-ID in the outer header, where the Sent folder search looks for it.
    expect(headerValue(readHeaderBlock(raw, 0, raw.length).fields, 'message-id')).toBe(messageId);
    const item = acceptedItem(raw);
    await fileSentCopy(mail, item, account); // the APPEND; then the kill, before the outbox delete
    expect(mail.store.outbox.list()).toEqual([expect.objectContaining({ id: item.id, state: 'accepted' })]);

    const outcomes = await flushFilingOnly();
    expect(outcomes).toEqual([expect.objectContaining({ id: item.id, result: 'filed', sentCopy: { filed: true } })]);
    expect(mail.store.outbox.list()).toEqual([]);
    const copies = await sentCopies({ header: { 'message-id': messageId } });
    expect(copies).toHaveLength(1);
    expect(copies[0]?.equals(raw)).toBe(true);
  });

  it('counts a copy already in Sent by other means (same Message-ID) as filed', async () => {
    const messageId = `<${randomUUID()}@sealmail.test>`;
    const token = randomUUID();
    const raw = await sealed(messageId, token);
    const item = acceptedItem(raw);
    // Say the user's other client filed its own copy of this very message: it is the same message, so no second one.
    const elsewhere = Buffer.from(draft(messageId, token));
    const client = await otherClient(rig, rig.users.alice);
    try {
      await client.append('Sent', elsewhere, ['\\Seen']);
    } finally {
      await client.logout();
    }

    expect(await flushFilingOnly()).toEqual([expect.objectContaining({ id: item.id, result: 'filed', sentCopy: { filed: true } })]);
    expect(mail.store.outbox.list()).toEqual([]);
    const copies = await sentCopies({ header: { 'message-id': messageId } });
    expect(copies).toHaveLength(1);
    expect(copies[0]?.equals(elsewhere)).toBe(true);
  });

  it('does not take a message whose Message-ID field only contains ours for the copy', async () => {
    const messageId = `<${randomUUID()}@sealmail.test>`;
    const raw = await sealed(messageId, randomUUID());
    const item = acceptedItem(raw);
    const client = await otherClient(rig, rig.users.alice);
    try {
      // SEARCH HEADER matches substrings: this field matches, but it is not our Message-ID.
      await client.append('Sent', Buffer.from(`Message-ID: <${randomUUID()}@elsewhere.test> ${messageId}\r\nSubject: not ours\r\n\r\nnot ours\r\n`));
    } finally {
      await client.logout();
    }

    expect(await flushFilingOnly()).toEqual([expect.objectContaining({ id: item.id, result: 'filed', sentCopy: { filed: true } })]);
    const copies = await sentCopies({ header: { 'message-id': messageId } });
    expect(copies.filter((c) => c.equals(raw))).toHaveLength(1);
  });

  it('still files a message that has no Message-ID (nothing to look for)', async () => {
    const token = randomUUID();
    const raw = await sealed(null, token);
    expect(headerValue(readHeaderBlock(raw, 0, raw.length).fields, 'message-id')).toBeNull();
    acceptedItem(raw);

    expect(await flushFilingOnly()).toEqual([expect.objectContaining({ result: 'filed', sentCopy: { filed: true } })]);
    expect(mail.store.outbox.list()).toEqual([]);
    const copies = (await sentCopies({ all: true })).filter((c) => c.equals(raw));
    expect(copies).toHaveLength(1);
  });
});
