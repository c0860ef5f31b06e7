// Shared set-up for store tests: a private temp profile, a random store key, one account with an INBOX.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewMessage } from '../../../app/store/messages.js';
import { Store } from '../../../app/store/store.js';

export interface StoreFixture {
  profile: string;
  key: Buffer;
  store: Store;
  accountId: number;
  inbox: number;
  /** Closes the store and removes the profile. */
  dispose(): Promise<void>;
}

export async function storeFixture(): Promise<StoreFixture> {
  const profile = join(await mkdtemp(join(tmpdir(), 'sealmail-store-')), 'profile');
  await mkdir(profile, { mode: 0o700 });
  const key = randomBytes(32);
  const store = Store.open({ profile, key });
  const accountId = store.accounts.add({
    address: 'alice@example.org',
    username: 'alice',
    imap: { host: 'imap.example.org', port: 993, security: 'tls' },
    smtp: { host: 'smtp.example.org', port: 465, security: 'tls' },
  });
  const inbox = store.accounts.folder(accountId, 'INBOX');
  return {
    profile,
    key,
    store,
    accountId,
    inbox,
    dispose: async () => {
      store.close();
      await rm(join(profile, '..'), { recursive: true, force: true });
    },
  };
}

/** A message for `uid` in the fixture's INBOX, dated `uid` minutes after a fixed instant. */
export function sampleMessage(f: StoreFixture, uid: number, extra: Partial<NewMessage> = {}): NewMessage {
  const subject = `Message ${uid}`;
  return {
    accountId: f.accountId,
    folderId: f.inbox,
    uid,
    uidvalidity: 1,
    subject,
    from: 'Bob <bob@example.org>',
    date: new Date(Date.UTC(2026, 0, 1) + uid * 60_000),
    raw: Buffer.from(`From: bob@example.org\r\nSubject: ${subject}\r\n\r\nbody ${uid}\r\n`),
    ...extra,
  };
}
