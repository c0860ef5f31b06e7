// `node dist/bench/sync.js` (as root): the first sync of 10,000 messages from the rig's Dovecot into the store, against a bare imapflow fetch of the same.
import { randomBytes } from 'node:crypto';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow, type FetchMessageObject } from 'imapflow';
import { openImap } from '../app/imap/connection.js';
import { syncFolder } from '../app/imap/sync.js';
import { Store } from '../app/store/store.js';
import { systemAccount } from '../test/rig/accounts.js';
import { startRig, type Rig } from '../test/rig/rig.js';

const COUNT = 10_000;
const RUNS = 3;
const TARGET_RATIO = 1.5;

/** About 4 KB with LF line ends, as Dovecot keeps maildir files (it serves them with CRLF). */
function fakeMessage(i: number): string {
  const body = Array.from({ length: 50 }, (_, line) => `line ${line} of message ${i}: ${randomBytes(30).toString('base64')}`).join('\n');
  return `From: Bob <bob@example.test>\nTo: Alice <alice@example.test>\nSubject: bench message ${i}\nDate: Sat, 28 Nov 2026 12:00:00 +0000\nMessage-ID: <bench${i}@sealmail.test>\n\n${body}\n`;
}

/**
 * Writes the messages straight into the maildir's `new/` (Maildir names are any unique base name;
 * Dovecot assigns UIDs on the next SELECT), far faster than 10,000 SMTP or LMTP deliveries.
 */
async function fillMaildir(maildir: string): Promise<void> {
  const mail = await systemAccount('mail');
  for (const dir of [join(maildir, '..'), maildir, join(maildir, 'new'), join(maildir, 'cur'), join(maildir, 'tmp')]) {
    await mkdir(dir, { recursive: true });
    await chown(dir, mail.uid, mail.gid);
  }
  const stamp = Math.floor(Date.now() / 1000);
  for (let i = 0; i < COUNT; i++) {
    const file = join(maildir, 'new', `${stamp}.M${i}P${process.pid}.sealmail-bench`);
    await writeFile(file, fakeMessage(i));
    await chown(file, mail.uid, mail.gid);
  }
}

function account(rig: Rig) {
  const { imaps } = rig.imap;
  return { host: imaps.host, port: imaps.port, security: 'tls' as const, user: rig.users.alice.address, ca: rig.caPem };
}

/** What any imapflow program would do: the same fetch items, the bytes only counted. */
async function bareFetch(rig: Rig, keep?: FetchMessageObject[]): Promise<number> {
  const a = account(rig);
  const client = new ImapFlow({
    host: a.host,
    port: a.port,
    secure: true,
    tls: { ca: [a.ca], servername: rig.serverName },
    auth: { user: a.user, pass: rig.users.alice.password },
    logger: false,
    disableCompression: true,
  });
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  let bytes = 0;
  let count = 0;
  for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true, source: true }, { uid: true })) {
    bytes += message.source?.length ?? 0;
    count++;
    keep?.push(message);
  }
  lock.release();
  await client.logout();
  if (count !== COUNT) throw new Error(`bare fetch saw ${count} messages, not ${COUNT}`);
  return bytes;
}

/** A fresh encrypted store with the rig account, removed after `fn`. */
async function withStore<T>(rig: Rig, fn: (store: Store, accountId: number) => Promise<T>): Promise<T> {
  const profile = await mkdtemp(join(tmpdir(), 'sealmail-bench-sync-'));
  const store = Store.open({ profile, key: randomBytes(32) });
  try {
    const accountId = store.accounts.add({
      address: rig.users.alice.address,
      username: rig.users.alice.address,
      imap: { host: account(rig).host, port: account(rig).port, security: 'tls' },
      smtp: { host: rig.smtp.submissions.host, port: rig.smtp.submissions.port, security: 'tls' },
    });
    return await fn(store, accountId);
  } finally {
    store.close();
    await rm(profile, { recursive: true, force: true });
  }
}

function sealmailSync(rig: Rig): Promise<number> {
  return withStore(rig, async (store, accountId) => {
    const session = await openImap({ account: account(rig), password: rig.users.alice.password });
    const result = await syncFolder({ client: session.client, store, accountId, path: 'INBOX' });
    await session.close();
    if (result.added !== COUNT || store.messages.count(result.folderId) !== COUNT) throw new Error(`sync stored ${result.added} messages, not ${COUNT}`);
    return result.added;
  });
}

/** The store's share alone: the same messages, already fetched, written in the sync's batches of 500. */
function storeOnly(rig: Rig, fetched: FetchMessageObject[]): Promise<number> {
  return withStore(rig, async (store, accountId) => {
    const folderId = store.accounts.folder(accountId, 'INBOX');
    const started = performance.now();
    for (let at = 0; at < fetched.length; at += 500) {
      store.batch(() => {
        for (const m of fetched.slice(at, at + 500)) {
          store.messages.put({ accountId, folderId, uid: m.uid, uidvalidity: 1, flags: [], subject: m.envelope?.subject ?? '', raw: m.source as Buffer });
        }
      });
    }
    return Promise.resolve(performance.now() - started);
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const median = (samples: number[]): number => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;

async function main(): Promise<void> {
  const rig = await startRig();
  try {
    await fillMaildir(rig.users.alice.maildir);
    // The first SELECT indexes the 10,000 new files; neither side should pay for that.
    const fetched: FetchMessageObject[] = [];
    const bytes = await bareFetch(rig, fetched);
    const bare: number[] = [];
    const sealmail: number[] = [];
    // Alternated, so a warm or cold cache favours neither side.
    for (let run = 0; run < RUNS; run++) {
      bare.push(await timed(() => bareFetch(rig)));
      sealmail.push(await timed(() => sealmailSync(rig)));
    }
    const writes = await storeOnly(rig, fetched);
    const ratio = median(sealmail) / median(bare);
    console.log(`initial sync of ${COUNT} messages (${(bytes / 2 ** 20).toFixed(1)} MiB) over IMAPS from Dovecot, median of ${RUNS}:`);
    console.log(`  bare imapflow fetch (flags, envelope, source):  ${median(bare).toFixed(0)} ms`);
    console.log(`  Sealmail syncFolder into the encrypted store:    ${median(sealmail).toFixed(0)} ms`);
    console.log(`  of which store writes alone (no network):       ${writes.toFixed(0)} ms`);
    console.log(`  ratio ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x)${ratio > TARGET_RATIO ? '  MISSED' : ''}`);
  } finally {
    await rig.stop();
  }
}

main().catch((e: unknown) => {
  console.error(`bench/sync: ${(e as Error).message}`);
  process.exitCode = 1;
});
