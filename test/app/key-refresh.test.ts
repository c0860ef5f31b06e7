// Refreshing keys from their WKD before sending: a new expiry is merged and told, a directory that does not answer never blocks.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { wkdUrls } from '../../app/discovery/wkd.js';
import { refreshBeforeSend, refreshLine, type RefreshConnection } from '../../app/key-refresh.js';
import { Keyring } from '../../app/keyring.js';
import { startKeyDirectory, type KeyDirectory } from '../helpers/key-directory.js';
import { person, type Person } from '../helpers/keys.js';

const DAY = 24 * 60 * 60;
const ADDRESS = 'carol@example.test';
const ADVANCED = `openpgpkey.example.test${wkdUrls(ADDRESS).advanced.pathname}`;

let directory: KeyDirectory;
let profile: string;
let connection: RefreshConnection;
beforeAll(async () => {
  directory = await startKeyDirectory();
  connection = { https: directory.https(), timeoutMs: 3_000, hostExists: async () => true };
});
afterAll(() => directory.close());
beforeEach(async () => {
  directory.reset();
  profile = await mkdtemp(join(tmpdir(), 'sealmail-refresh-'));
});
afterEach(() => rm(profile, { recursive: true, force: true }));

/** Carol's key made `ageDays` ago, expiring `lifeDays` after that, and the same key re-signed now to expire in two years. */
async function carol(ageDays: number, lifeDays: number): Promise<{ old: Person; extended: openpgp.PublicKey }> {
  const old = await person('Carol', ADDRESS, { date: new Date(Date.now() - ageDays * DAY * 1000), expiresInSeconds: lifeDays * DAY });
  const { publicKey } = await openpgp.reformatKey({ privateKey: old.privateKey, userIDs: [{ name: 'Carol', email: ADDRESS }], keyExpirationTime: 2 * 365 * DAY, format: 'object' });
  return { old, extended: publicKey };
}

async function ringWith(key: openpgp.PublicKey): Promise<Keyring> {
  const ring = await Keyring.open({ profile });
  await ring.add({ key, provenance: { kind: 'wkd', detail: `https://${ADVANCED}?l=carol` } });
  await ring.setAcceptance(key.getFingerprint(), 'accepted');
  return ring;
}

describe('refreshBeforeSend', () => {
  it('refreshes a key expiring within 30 days from its WKD and says so in one line', async () => {
    const { old, extended } = await carol(1, 11);
    directory.replies.set(ADVANCED, { status: 200, body: extended.write() });
    const ring = await ringWith(old.publicKey);

    const [result, ...more] = await refreshBeforeSend({ keyring: ring, addresses: ['Carol@example.test'], connection });
    expect(more).toEqual([]);
    expect(result?.outcome).toBe('new-expiry');
    const expires = (await extended.getExpirationTime()) as Date;
    expect(result?.expires?.slice(0, 10)).toBe(expires.toISOString().slice(0, 10));
    expect(refreshLine(result!)).toBe(`refreshed ${ADDRESS}'s key from WKD: now expires ${expires.toISOString().slice(0, 10)}`);
    const stored = (await Keyring.open({ profile })).list()[0];
    expect(((await stored?.key.getExpirationTime()) as Date).getTime()).toBe(expires.getTime());
    expect(stored?.meta.provenances?.map((p) => p.kind)).toEqual(['wkd']);
  });

  it('makes an expired key usable again once its directory has the new expiry', async () => {
    const { old, extended } = await carol(40, 30);
    directory.replies.set(ADVANCED, { status: 200, body: extended.write() });
    const ring = await ringWith(old.publicKey);
    expect(await ring.encryptionKeysFor(ADDRESS)).toEqual([]);

    const [result] = await refreshBeforeSend({ keyring: ring, addresses: [ADDRESS], connection });
    expect(result?.outcome).toBe('new-expiry');
    expect((await ring.encryptionKeysFor(ADDRESS)).map((k) => k.getFingerprint())).toEqual([old.publicKey.getFingerprint()]);
  });

  it('does not block sending when the directory does not answer: the still-valid key is used and the failure told', async () => {
    const { old } = await carol(1, 11);
    directory.replies.set(ADVANCED, 'hang');
    const ring = await ringWith(old.publicKey);

    const [result] = await refreshBeforeSend({ keyring: ring, addresses: [ADDRESS], connection: { ...connection, timeoutMs: 300 } });
    expect(result?.outcome).toBe('unreachable');
    expect(refreshLine(result!)).toMatch(new RegExp(`^could not refresh ${ADDRESS}'s key from WKD .*; it expires \\d{4}-\\d{2}-\\d{2}$`));
    expect((await ring.encryptionKeysFor(ADDRESS)).map((k) => k.getFingerprint())).toEqual([old.publicKey.getFingerprint()]);
  });

  it('leaves keys alone that expire later than 30 days from now, or that are not the recipients\'', async () => {
    const { old } = await carol(1, 60);
    const ring = await ringWith(old.publicKey);
    await ring.add({ key: (await person('Dave', 'dave@example.test', { expiresInSeconds: 5 * DAY })).publicKey, provenance: { kind: 'wkd', detail: 'https://example.test/' } });
    expect(await refreshBeforeSend({ keyring: ring, addresses: [ADDRESS, 'erin@example.test'], connection })).toEqual([]);
    expect(directory.requests).toEqual([]);
  });
});
