// The sync's Autocrypt step on a real profile folder: peer book encrypted on disk, learned keys undecided in the keyring.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey, type PublicKey } from 'openpgp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { learnFromMessages } from '../../../app/autocrypt/learn.js';
import { peerBookPath, readPeerBook } from '../../../app/autocrypt/peer-store.js';
import { autocryptSyncHook } from '../../../app/autocrypt/sync-hook.js';
import { Keyring } from '../../../app/keyring.js';
import type { MailProfile } from '../../../app/mail-profile.js';
import { person, type Person } from '../../helpers/keys.js';
import { autocryptHeader, encryptedMail, receivedMail } from './autocrypt-mail.js';

const ME = 'me@example.org';
let me: Person, carol: Person, dave: Person;
let bobKey: PublicKey;
let profile: string;
let storeKey: Uint8Array;
let keyring: Keyring;

beforeAll(async () => {
  [me, carol, dave] = await Promise.all([person('Me', ME), person('Carol', 'carol@example.org'), person('Dave', 'dave@example.org')]);
  // Bob's key also names eve: a header for bob must not make the keyring encrypt to eve with it.
  bobKey = (await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'bob@example.org' }, { email: 'eve@example.org' }], format: 'object' })).publicKey;
});
beforeEach(async () => {
  profile = await mkdtemp(join(tmpdir(), 'sealmail-autocrypt-'));
  storeKey = new Uint8Array(randomBytes(32));
  keyring = await Keyring.open({ profile });
});
afterEach(() => rm(profile, { recursive: true, force: true }));

const learn = (messages: Uint8Array[]) =>
  learnFromMessages({ profile, storeKey, keyring, ownAddresses: [ME], messages, decryptionKeys: async () => [me.privateKey], now: new Date('2026-11-28T12:00:00Z') });

describe('learning from received mail', () => {
  it("a sender's Autocrypt key enters the keyring undecided, with only the user ID of the From address", async () => {
    expect(await learn([receivedMail({ from: 'Bob <bob@example.org>', headers: [autocryptHeader('bob@example.org', bobKey, { preferEncrypt: 'mutual' })] })])).toBe(1);
    const entry = await keyring.find(bobKey.getFingerprint());
    expect(entry.meta.acceptance).toBe('imported');
    expect(await keyring.encryptionKeysFor('bob@example.org')).toHaveLength(1);
    expect(await keyring.encryptionKeysFor('eve@example.org')).toHaveLength(0);
    const book = await readPeerBook(profile, storeKey);
    expect(book.peers.get('bob@example.org')).toMatchObject({ preferEncrypt: 'mutual', publicKey: { fingerprint: bobKey.getFingerprint() } });
  });

  it('gossip in encrypted mail teaches the keys of fellow recipients only, never of outsiders', async () => {
    const message = await encryptedMail({
      from: 'bob@example.org',
      to: ME,
      cc: carol.address,
      innerHeaders: [autocryptHeader(carol.address, carol.publicKey, { name: 'Autocrypt-Gossip' }), autocryptHeader(dave.address, dave.publicKey, { name: 'Autocrypt-Gossip' })],
      encryptTo: [me.publicKey],
    });
    await learn([message]);
    const book = await readPeerBook(profile, storeKey);
    expect(book.peers.get(carol.address)).toMatchObject({ gossipKey: { fingerprint: carol.publicKey.getFingerprint() }, lastSeen: null, publicKey: null });
    expect(book.peers.has(dave.address)).toBe(false);
    expect((await keyring.find(carol.publicKey.getFingerprint())).meta.acceptance).toBe('imported');
    await expect(keyring.find(dave.publicKey.getFingerprint())).rejects.toMatchObject({ code: 'no-key' });
  });

  it("the user's own mail (the Sent folder) changes no peer", async () => {
    expect(await learn([receivedMail({ from: ME, to: 'bob@example.org', headers: [autocryptHeader(ME, me.publicKey)] })])).toBe(0);
    expect((await readPeerBook(profile, storeKey)).peers.size).toBe(0);
  });

  it('the peer book on disk is encrypted, and a wrong key cannot read it', async () => {
    await learn([receivedMail({ from: 'bob@example.org', headers: [autocryptHeader('bob@example.org', bobKey)] })]);
    const onDisk = await readFile(peerBookPath(profile), 'utf8');
    expect(onDisk).not.toContain('bob@example.org');
    await expect(readPeerBook(profile, new Uint8Array(32))).rejects.toMatchObject({ code: 'profile' });
  });
});

describe('the sync hook', () => {
  it('reads the stored raw source of each new message id and learns from it', async () => {
    const raws = new Map([[7, Buffer.from(receivedMail({ from: 'bob@example.org', headers: [autocryptHeader('bob@example.org', bobKey)] }))]]);
    const mail = {
      profile,
      vault: { storeKey: async () => Buffer.from(storeKey) },
      store: { messages: { raw: (id: number) => raws.get(id) }, accounts: { list: () => [{ address: ME }] } },
    } as unknown as MailProfile;
    const hook = autocryptSyncHook(mail, { decryptionKeys: async () => [me.privateKey] }, keyring);
    await hook([7, 8]);
    expect((await readPeerBook(profile, storeKey)).peers.get('bob@example.org')?.publicKey?.fingerprint).toBe(bobKey.getFingerprint());
    expect(keyring.list().map((e) => e.fingerprint)).toEqual([bobKey.getFingerprint()]);
  });
});
