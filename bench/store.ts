// Case (c), also `node dist/bench/store.js` alone: listing and full-text search over a 10,000-message folder in the encrypted store.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NewMessage } from '../app/store/messages.js';
import { Store } from '../app/store/store.js';
import { printFigures, type FigureRow } from './results.js';

const COUNT = 10_000;
const RUNS = 21;
const LIST_TARGET_MS = 50;

/** A fixed pseudo-random sequence (mulberry32), so every run stores the same mail. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(42);
const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${'aeiou'[i % 5]}`);
// Zipf-like choice: a few words are everywhere, most are rare, as in real mail.
const word = (): string => vocabulary[Math.floor(vocabulary.length * random() ** 3)] as string;
const words = (n: number): string => Array.from({ length: n }, word).join(' ');

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = fn();
  return { ms: performance.now() - started, result };
}

function timed<T>(fn: () => T): { first: number; median: number; result: T } {
  const first = time(fn);
  const rest = Array.from({ length: RUNS }, () => time(fn).ms);
  return { first: first.ms, median: median(rest), result: first.result };
}

/** About 4 KB, like the crypto bench's small messages; every 1,000th holds a word no other has. */
function fakeMessage(accountId: number, folderId: number, uid: number): NewMessage {
  const subject = words(6);
  const body = `${words(600)}${uid % 1000 === 0 ? ' needlework' : ''}`;
  return {
    accountId,
    folderId,
    uid,
    uidvalidity: 1,
    subject,
    from: 'Bob <bob@example.org>',
    date: new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 365 * 86_400_000)),
    raw: Buffer.from(`From: bob@example.org\r\nTo: alice@example.org\r\nSubject: ${subject}\r\n\r\n${body}\r\n`),
    searchText: { to: 'alice@example.org', body },
  };
}

export interface StoreFigures {
  rows: FigureRow[];
  notes: string[];
}

export function storeFigures(): StoreFigures {
  const profile = mkdtempSync(join(tmpdir(), 'sealmail-bench-store-'));
  const key = randomBytes(32);
  try {
    let store = Store.open({ profile, key });
    const accountId = store.accounts.add({
      address: 'alice@example.org',
      username: 'alice',
      imap: { host: 'imap.example.org', port: 993, security: 'tls' },
      smtp: { host: 'smtp.example.org', port: 465, security: 'tls' },
    });
    const folderId = store.accounts.folder(accountId, 'INBOX');
    const BATCH = 500; // as a sync stores what one FETCH returned: one commit per batch
    const fill = time(() => {
      for (let start = 1; start <= COUNT; start += BATCH) {
        const uids = Array.from({ length: Math.min(BATCH, COUNT - start + 1) }, (_, i) => start + i);
        store.messages.putMany(uids.map((uid) => fakeMessage(accountId, folderId, uid)));
      }
    });
    // Reopen, so the first figures include a cold page cache (every page read is decrypted again).
    store.close();
    store = Store.open({ profile, key });

    const firstPage = timed(() => store.messages.list(folderId, { limit: 50 }));
    const lastPage = timed(() => store.messages.list(folderId, { limit: 50, offset: COUNT - 50 }));
    const whole = timed(() => store.messages.list(folderId, { limit: COUNT }));
    const rare = 'needlework';
    const common = vocabulary[0] as string;
    const searchRare = timed(() => store.search(rare));
    const searchCommon = timed(() => store.search(common));
    const searchPhrase = timed(() => store.search(`"${common} ${vocabulary[1] as string}" OR ${rare}*`));
    store.close();

    const cases: Array<[string, { first: number; median: number }, string]> = [
      ['list: first page (50 newest)', firstPage, `${firstPage.result.length} rows`],
      ['list: last page (offset 9,950)', lastPage, `${lastPage.result.length} rows`],
      ['list: whole folder (10,000 summaries)', whole, `${whole.result.length} rows`],
      [`search: rare word "${rare}"`, searchRare, `${searchRare.result.length} hits`],
      [`search: common word "${common}"`, searchCommon, `${searchCommon.result.length} hits (top 50)`],
      ['search: phrase OR prefix', searchPhrase, `${searchPhrase.result.length} hits (top 50)`],
    ];
    const rows = cases.map(([name, t, note]): FigureRow => ({
      name: `(c) ${name}`,
      sealmail: `${t.median.toFixed(2)} ms`,
      reference: `cold ${t.first.toFixed(2)} ms`,
      figure: note,
      ...(name.startsWith('list') ? { target: { label: `< ${LIST_TARGET_MS} ms`, met: t.median < LIST_TARGET_MS } } : {}),
    }));
    const notes = [
      `(c) encrypted store (SQLCipher, WAL), ${COUNT} messages of ~4 KB, stored in ${(fill.ms / 1000).toFixed(1)} s in batches of ${BATCH} per transaction;`,
      `    Sealmail is the median of ${RUNS} runs after the cold one (the first after reopening the store), which is shown as compared with.`,
    ];
    return { rows, notes };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { rows, notes } = storeFigures();
  printFigures(rows, [...notes, `node ${process.version}.`]);
}
