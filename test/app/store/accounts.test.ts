// Accounts and folders in the store: one account per address, no password column, folder sync state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SealmailError } from '../../../crypto/errors.js';
import type { Account } from '../../../app/store/accounts.js';
import { Store } from '../../../app/store/store.js';
import { storeFixture, type StoreFixture } from './fixture.js';

let f: StoreFixture;
beforeEach(async () => {
  f = await storeFixture();
});
afterEach(async () => {
  await f.dispose();
});

describe('Store accounts and folders', () => {
  it('keeps the server settings, finds an account by address, and refuses a second one for it', () => {
    f.store.accounts.add({
      address: 'Carol@Example.org',
      displayName: 'Carol',
      username: 'carol',
      imap: { host: 'mail.example.org', port: 143, security: 'starttls' },
      smtp: { host: 'mail.example.org', port: 587, security: 'starttls' },
      pinnedSha256: 'AB:CD',
    });
    f.store.close();
    f.store = Store.open({ profile: f.profile, key: f.key });
    expect(f.store.accounts.find('carol@example.org')).toMatchObject({
      address: 'Carol@Example.org',
      displayName: 'Carol',
      imap: { host: 'mail.example.org', port: 143, security: 'starttls' },
      smtp: { port: 587, security: 'starttls' },
      caPem: null,
      pinnedSha256: 'AB:CD',
    });
    expect(f.store.accounts.list().map((a) => a.address)).toEqual(['alice@example.org', 'Carol@Example.org']);
    expect(Object.keys(f.store.accounts.list()[0] ?? {}).some((k) => /pass|token|secret/i.test(k))).toBe(false);

    let error: unknown;
    try {
      f.store.accounts.add({ ...(f.store.accounts.find('alice@example.org') as Account), address: 'ALICE@example.org' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SealmailError);
    expect((error as SealmailError).message).toBe('an account for ALICE@example.org exists already; edit or remove it instead');
  });

  it('creates a folder once, and keeps its sync state', () => {
    const sent = f.store.accounts.folder(f.accountId, 'Sent', '\\Sent');
    expect(f.store.accounts.folder(f.accountId, 'Sent', '\\Sent')).toBe(sent);
    expect(f.store.accounts.setFolderState(sent, { uidvalidity: 77, highestModseq: 1234 })).toBe(true);
    expect(f.store.accounts.folders(f.accountId)).toEqual([
      { id: f.inbox, accountId: f.accountId, path: 'INBOX', specialUse: null, uidvalidity: null, highestModseq: null },
      { id: sent, accountId: f.accountId, path: 'Sent', specialUse: '\\Sent', uidvalidity: 77, highestModseq: 1234 },
    ]);
    expect(f.store.accounts.setFolderState(999, { uidvalidity: 1, highestModseq: null })).toBe(false);
  });
});
