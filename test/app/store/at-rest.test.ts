// At rest, the profile folder holds no password, subject or body in plain text, and the store opens only with its key.
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SealmailError } from '../../../crypto/errors.js';
import { accountPasswordEntry } from '../../../app/store/accounts.js';
import { Store } from '../../../app/store/store.js';
import { passphraseKey } from '../../../app/vault/key-source.js';
import { Vault } from '../../../app/vault/vault.js';

const PASSWORD = 'Zanzibar-Password-4711';
const SUBJECT = 'Xylophone merger memo';
const BODY = 'the quetzalcoatl acquisition closes friday';
const SECRETS = [PASSWORD, SUBJECT, BODY, 'quetzalcoatl'];

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sealmail-at-rest-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every secret found in any file under `dir`, as UTF-8, UTF-16LE or UTF-16BE bytes. */
async function plaintextFound(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const bytes = await readFile(join(dir, name)).catch(() => null); // folders read as null
    if (!bytes) continue;
    for (const secret of SECRETS) {
      const le = Buffer.from(secret, 'utf16le');
      const be = Buffer.from(le).swap16();
      if ([Buffer.from(secret, 'utf8'), le, be].some((form) => bytes.includes(form))) found.push(`${name}: ${secret}`);
    }
  }
  return found;
}

async function fillProfile(profile: string): Promise<{ store: Store; key: Buffer }> {
  const vault = await Vault.create({ profile, source: passphraseKey('profile passphrase') });
  const key = await vault.storeKey();
  const store = Store.open({ profile, key });
  const accountId = store.accounts.add({
    address: 'alice@example.org',
    username: 'alice',
    imap: { host: 'imap.example.org', port: 993, security: 'tls' },
    smtp: { host: 'smtp.example.org', port: 465, security: 'tls' },
  });
  await vault.set(accountPasswordEntry(accountId), PASSWORD);
  const inbox = store.accounts.folder(accountId, 'INBOX');
  for (let uid = 1; uid <= 20; uid++) {
    const raw = Buffer.from(`Subject: ${SUBJECT}\r\n\r\n${BODY}\r\n`);
    const id = store.messages.put({ accountId, folderId: inbox, uid, uidvalidity: 9, subject: SUBJECT, from: 'bob@example.org', raw });
    store.messages.index(id, { subject: SUBJECT, body: BODY });
  }
  store.outbox.enqueue({ accountId, raw: Buffer.from(`Subject: ${SUBJECT}\r\n\r\n${BODY}\r\n`), recipients: ['bob@example.org'] });
  return { store, key };
}

describe('Profile at rest', () => {
  it('the scan finds the secrets in an unencrypted database (so a clean scan means something)', async () => {
    const plain = new Sqlite(join(root, 'plain.db'));
    plain.exec('CREATE TABLE t (s TEXT, u BLOB)');
    plain.prepare('INSERT INTO t VALUES (?, ?)').run(SUBJECT, Buffer.from(BODY, 'utf16le'));
    plain.close();
    expect(await plaintextFound(root)).toEqual([`plain.db: ${SUBJECT}`, `plain.db: ${BODY}`, 'plain.db: quetzalcoatl']);
  });

  it('holds none of them in the db, -wal, -shm or vault.json, while open and after closing', async () => {
    const profile = join(root, 'profile');
    await mkdir(profile, { mode: 0o700 });
    const { store } = await fillProfile(profile);
    expect(store.search('quetzalcoatl')).toHaveLength(20); // the data is there, just not readable
    const files = await readdir(profile);
    expect(files).toEqual(expect.arrayContaining(['store.db', 'store.db-wal', 'store.db-shm', 'vault.json']));
    expect(await plaintextFound(profile)).toEqual([]);
    store.close();
    expect(await plaintextFound(profile)).toEqual([]);
  });

  it('cannot be opened without the key or with a wrong one', async () => {
    const profile = join(root, 'profile');
    await mkdir(profile, { mode: 0o700 });
    const { store, key } = await fillProfile(profile);
    store.close();

    const bare = new Sqlite(join(profile, 'store.db'));
    expect(() => bare.prepare('SELECT * FROM messages').all()).toThrow('file is not a database');
    bare.close();

    const wrong = Buffer.from(key);
    wrong[0] = (wrong[0] as number) ^ 1;
    let error: unknown;
    try {
      Store.open({ profile, key: wrong });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SealmailError);
    expect((error as SealmailError).code).toBe('profile');
    expect((error as SealmailError).message).toBe(
      `store ${join(profile, 'store.db')} cannot be decrypted: wrong store key, or not a Sealmail store (file is not a database)`,
    );
    const reopened = Store.open({ profile, key });
    expect(reopened.accounts.list().map((a) => a.address)).toEqual(['alice@example.org']);
    reopened.close();
  });
});
