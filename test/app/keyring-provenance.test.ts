// The keyring's provenance list, the migration of older keyring.json files, and key changes for an address with an accepted key.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importKeys } from '../../app/key-import.js';
import { Keyring } from '../../app/keyring.js';
import { writeKeyFile } from '../../app/keyring-files.js';
import { keyView } from '../../app/services/views.js';
import { person, type Person } from '../helpers/keys.js';

let profile: string;
let bob: Person;
let bobsNewKey: Person;
beforeAll(async () => {
  bob = await person('Bob', 'bob@example.org');
  bobsNewKey = await person('Bob', 'bob@example.org');
});
beforeEach(async () => {
  profile = join(await mkdtemp(join(tmpdir(), 'sealmail-provenance-')), 'profile');
});
afterEach(() => rm(join(profile, '..'), { recursive: true, force: true }));

const WKD_URL = 'https://openpgpkey.example.org/.well-known/openpgpkey/example.org/hu/abc?l=bob';

describe('provenance list', () => {
  it('grows with each new place a key is seen, and moves the last-seen time for a place seen again', async () => {
    const ring = await Keyring.open({ profile });
    await importKeys({ keyring: ring, keys: [{ key: bob.publicKey, source: '/home/alice/bob.asc' }], passphrase: async () => 'unused' });
    const lookedUp = await ring.add({ key: bob.publicKey, provenance: { kind: 'wkd', detail: WKD_URL, seenAt: '2026-03-01T10:00:00.000Z' } });
    expect(lookedUp.status).toBe('unchanged');
    await ring.add({ key: bob.publicKey, provenance: { kind: 'wkd', detail: WKD_URL, seenAt: '2026-04-01T10:00:00.000Z' } });
    await ring.add({ key: bob.publicKey, provenance: { kind: 'autocrypt', detail: '<m1@example.org>', seenAt: '2026-04-02T00:00:00.000Z' } });

    const [entry] = (await Keyring.open({ profile })).list();
    expect(entry?.meta.provenances?.map((p) => [p.kind, p.detail, p.lastSeenAt])).toEqual([
      ['hand', '/home/alice/bob.asc', expect.any(String)],
      ['wkd', WKD_URL, '2026-04-01T10:00:00.000Z'],
      ['autocrypt', '<m1@example.org>', '2026-04-02T00:00:00.000Z'],
    ]);
    expect(entry?.meta.provenances?.[1]?.firstSeenAt).toBe('2026-03-01T10:00:00.000Z');
    // Readers from before the list still find the first source where they look for it.
    expect(entry?.meta.source).toBe('/home/alice/bob.asc');
  });

  it('migrates a keyring.json with only `source`, and writes the new shape keeping `source` and version 1', async () => {
    const ring = await Keyring.open({ profile });
    await writeKeyFile(profile, bob.publicKey);
    const fpr = bob.publicKey.getFingerprint();
    const old = { version: 1, keys: { [fpr]: { acceptance: 'accepted', source: `wkd:${WKD_URL}`, addedAt: '2025-01-02T03:04:05.000Z' } } };
    await writeFile(join(profile, 'keyring.json'), JSON.stringify(old));
    expect(ring.list()).toEqual([]);

    const migrated = await Keyring.open({ profile });
    expect(migrated.list()[0]?.meta).toEqual({
      acceptance: 'accepted',
      source: `wkd:${WKD_URL}`,
      addedAt: '2025-01-02T03:04:05.000Z',
      provenances: [{ kind: 'wkd', detail: WKD_URL, firstSeenAt: '2025-01-02T03:04:05.000Z', lastSeenAt: '2025-01-02T03:04:05.000Z' }],
    });
    await migrated.add({ key: bob.publicKey, provenance: { kind: 'vks', detail: 'https://keys.example.org/vks/v1/by-fingerprint/X', seenAt: '2026-01-01T00:00:00.000Z' } });
    const written = JSON.parse(await readFile(join(profile, 'keyring.json'), 'utf8')) as { version: number; keys: Record<string, { source: string; provenances: { kind: string }[] }> };
    expect(written.version).toBe(1);
    expect(written.keys[fpr]?.source).toBe(`wkd:${WKD_URL}`);
    expect(written.keys[fpr]?.provenances.map((p) => p.kind)).toEqual(['wkd', 'vks']);
  });

  it('refuses a provenance list it cannot read as a damaged keyring', async () => {
    await Keyring.open({ profile });
    await writeKeyFile(profile, bob.publicKey);
    const fpr = bob.publicKey.getFingerprint();
    const bad = { version: 1, keys: { [fpr]: { acceptance: 'imported', source: 'x', addedAt: '2025-01-01', provenances: [{ kind: 'telepathy' }] } } };
    await writeFile(join(profile, 'keyring.json'), JSON.stringify(bad));
    await expect(Keyring.open({ profile })).rejects.toThrow(/is corrupt \(bad entry for/);
  });
});

describe('key change', () => {
  it('stores a new key for an address with an accepted key as undecided, flags it, and keeps using the accepted key', async () => {
    const ring = await Keyring.open({ profile });
    await ring.add({ key: bob.publicKey, source: '/tmp/bob.asc' });
    await ring.setAcceptance(bob.publicKey.getFingerprint(), 'accepted');
    const { entry } = await ring.add({ key: bobsNewKey.publicKey, provenance: { kind: 'wkd', detail: WKD_URL } });

    expect(entry.meta.acceptance).toBe('imported');
    expect(entry.meta.keyChange).toEqual({ addresses: ['bob@example.org'], replaces: [bob.publicKey.getFingerprint()], seenAt: expect.any(String) });
    const reopened = await Keyring.open({ profile });
    expect(reopened.keyChangesFor('Bob@Example.org')).toEqual([
      { address: 'bob@example.org', fingerprint: bobsNewKey.publicKey.getFingerprint(), replaces: [bob.publicKey.getFingerprint()], seenAt: expect.any(String) },
    ]);
    expect((await reopened.encryptionKeysFor('bob@example.org')).map((k) => k.getFingerprint())).toEqual([bob.publicKey.getFingerprint()]);

    // The user decides: accepting the new key ends the key change, and both keys are the user's choice now.
    await reopened.setAcceptance(bobsNewKey.publicKey.getFingerprint(), 'accepted');
    expect(reopened.keyChangesFor('bob@example.org')).toEqual([]);
    expect((await reopened.encryptionKeysFor('bob@example.org')).map((k) => k.getFingerprint()).sort()).toEqual(
      [bob.publicKey.getFingerprint(), bobsNewKey.publicKey.getFingerprint()].sort(),
    );
  });

  it('shows in the key view the UI reads: level, provenances, the key change and the QR payload', async () => {
    const ring = await Keyring.open({ profile });
    await ring.add({ key: bob.publicKey, source: '/tmp/bob.asc' });
    await ring.setAcceptance(bob.publicKey.getFingerprint(), 'verified');
    const { entry } = await ring.add({ key: bobsNewKey.publicKey, provenance: { kind: 'autocrypt', detail: '<m2@example.org>' } });
    const view = await keyView(entry);
    expect(view).toMatchObject({
      acceptance: 'imported',
      level: 'undecided',
      provenances: [expect.objectContaining({ kind: 'autocrypt', detail: '<m2@example.org>' })],
      keyChange: { addresses: ['bob@example.org'], replaces: [bob.publicKey.getFingerprint()], seenAt: expect.any(String) },
      qrPayload: `OPENPGP4FPR:${bobsNewKey.publicKey.getFingerprint().toUpperCase()}`,
    });
    expect((await keyView(ring.list()[0]!)).level).toBe('verified');
  });

  it('is no key change when the known key for the address is only undecided', async () => {
    const ring = await Keyring.open({ profile });
    await ring.add({ key: bob.publicKey, source: '/tmp/bob.asc' });
    const { entry } = await ring.add({ key: bobsNewKey.publicKey, source: '/tmp/bob2.asc' });
    expect(entry.meta.keyChange).toBeUndefined();
    expect(ring.keyChangesFor('bob@example.org')).toEqual([]);
  });
});
