// Case (d), also `node dist/bench/sync.js` alone (as root): the first sync of 10,000 messages from the rig's Dovecot into the store, against a bare imapflow fetch of the same.
import { randomBytes } from 'node:crypto';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ImapFlow, type FetchMessageObject } from 'imapflow';
import { openImap } from '../app/imap/connection.js';
import { syncFolder } from '../app/imap/sync.js';
import { Store } from '../app/store/store.js';
import { systemAccount } from '../test/rig/accounts.js';
import { startRig, type Rig } from '../test/rig/rig.js';
import type { FigureRow } from './results.js';

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

function sealmailSync(rig: Rig, expected?: readonly FetchMessageObject[]): Promise<number> {
  return withStore(rig, async (store, accountId) => {
    const session = await openImap({ account: account(rig), password: rig.users.alice.password });
    const result = await syncFolder({ client: session.client, store, accountId, path: 'INBOX' });
    await session.close();
    if (result.added !== COUNT || store.messages.count(result.folderId) !== COUNT) throw new Error(`sync stored ${result.added} messages, not ${COUNT}`);
    if (expected) verifyStored(store, result.folderId, result.uidvalidity, expected);
    return result.added;
  });
}

/** Every stored source equals what the bare fetch received, byte for byte, and its envelope text is searchable. */
function verifyStored(store: Store, folderId: number, uidvalidity: number, expected: readonly FetchMessageObject[]): void {
  for (const m of expected) {
    const stored = store.messages.byUid(folderId, uidvalidity, m.uid);
    if (!stored || !store.messages.raw(stored.id)?.equals(m.source as Buffer)) throw new Error(`UID ${m.uid} is not stored byte for byte`);
  }
  const last = expected[expected.length - 1] as FetchMessageObject;
  if (store.search(`subject:"${last.envelope?.subject ?? ''}"`).length !== 1) throw new Error('the synced envelopes are not searchable');
}

/** The store's share alone, on this thread: the same messages, already fetched, written in the sync's batches of 500. */
function storeOnly(rig: Rig, fetched: FetchMessageObject[]): Promise<number> {
  return withStore(rig, async (store, accountId) => {
    const folderId = store.accounts.folder(accountId, 'INBOX');
    const started = performance.now();
    for (let at = 0; at < fetched.length; at += 500) {
      store.messages.putMany(
        fetched.slice(at, at + 500).map((m) => ({ accountId, folderId, uid: m.uid, uidvalidity: 1, flags: [], subject: m.envelope?.subject ?? '', raw: m.source as Buffer })),
      );
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

export interface SyncFigures {
  bareMs: number;
  sealmailMs: number;
  storeWritesMs: number;
  mib: number;
}

/** Starts the rig, fills its maildir, and times both sides alternately; needs root (maildir ownership). */
export async function syncFigures(): Promise<SyncFigures> {
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
    // Untimed: the figures above count only if the sync stored exactly what the bare fetch received.
    await sealmailSync(rig, fetched);
    const storeWritesMs = await storeOnly(rig, fetched);
    return { bareMs: median(bare), sealmailMs: median(sealmail), storeWritesMs, mib: bytes / 2 ** 20 };
  } finally {
    await rig.stop();
  }
}

export function syncRow(f: SyncFigures): FigureRow {
  const ratio = f.sealmailMs / f.bareMs;
  return {
    name: `(d) first sync of ${COUNT} messages (${f.mib.toFixed(1)} MiB, IMAPS)`,
    sealmail: `${f.sealmailMs.toFixed(0)} ms`,
    reference: `bare imapflow fetch ${f.bareMs.toFixed(0)} ms`,
    figure: `${ratio.toFixed(2)}x the bare fetch`,
    target: { label: `<= ${TARGET_RATIO}x the bare fetch`, met: ratio <= TARGET_RATIO },
  };
}

/** Why the sync case cannot run here, or undefined when it can. */
export function syncSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: the rig chowns maildir files to the mail user and runs Postfix and Dovecot; run `sudo npm run bench`';
  return undefined;
}

async function main(): Promise<void> {
  const skip = syncSkipReason();
  if (skip) throw new Error(skip);
  const f = await syncFigures();
  const ratio = f.sealmailMs / f.bareMs;
  console.log(`initial sync of ${COUNT} messages (${f.mib.toFixed(1)} MiB) over IMAPS from Dovecot, median of ${RUNS}:`);
  console.log(`  bare imapflow fetch (flags, envelope, source):  ${f.bareMs.toFixed(0)} ms`);
  console.log(`  Sealmail syncFolder into the encrypted store:    ${f.sealmailMs.toFixed(0)} ms`);
  console.log(`  of which store writes alone (no network):       ${f.storeWritesMs.toFixed(0)} ms`);
  console.log(`  ratio ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x)${ratio > TARGET_RATIO ? '  MISSED' : ''}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(`bench/sync: ${(e as Error).message}`);
    process.exitCode = 1;
  });
}
