// The key backup file: every secret (sub)key in it is encrypted under the backup passphrase, and only that passphrase opens it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enums, readKeys as readOpenpgpKeys, SecretKeyPacket, SecretSubkeyPacket, type PrivateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, readKeys, unlockKey } from '../../crypto/pgp/keys.js';
import { makeKeyBackup, readKeyBackup, restoreKeyBackup, unlockKeyBackup } from '../../app/key-backup.js';
import { Keyring } from '../../app/keyring.js';

const PROFILE_PASS = 'profile passphrase one';
const BACKUP_PASS = 'a long backup passphrase';
let v4: PrivateKey;
let v6: PrivateKey;
let dir: string;

async function privateKey(uid: string, isV6: boolean): Promise<PrivateKey> {
  const generated = await generateKey({ uid, passphrase: PROFILE_PASS, v6: isV6 });
  const [key] = await readKeys({ data: new TextEncoder().encode(generated.privateKey) });
  if (!key?.isPrivate()) throw new Error('no secret key generated');
  return key;
}

beforeAll(async () => {
  [v4, v6] = await Promise.all([privateKey('Alice <alice@example.org>', false), privateKey('Alice <alice@example.org>', true)]);
  dir = await mkdtemp(join(tmpdir(), 'sealmail-backup-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('makeKeyBackup', () => {
  it('protects every secret key packet with AES-256 and an iterated, salted S2K; the backup passphrase opens them, the profile one does not', async () => {
    const armored = await makeKeyBackup({ keys: [v4, v6], profilePassphrase: PROFILE_PASS, backupPassphrase: BACKUP_PASS });
    expect(armored).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----\n/);
    expect(armored).toContain('Comment: Sealmail key backup; gpg --import reads it');
    const keys = await readOpenpgpKeys({ armoredKeys: armored });
    expect(keys.map((k) => k.getFingerprint())).toEqual([v4.getFingerprint(), v6.getFingerprint()]);
    const packets = keys.flatMap((k) => k.getKeys().map((sub) => sub.keyPacket));
    expect(packets).toHaveLength(4);
    for (const packet of packets) {
      expect(packet).toBeInstanceOf(SecretKeyPacket); // SecretSubkeyPacket extends it
      // openpgp.js parses these fields but leaves them out of its type declarations.
      const secret = packet as SecretKeyPacket & { symmetric: number; s2k: { type: string } | null };
      expect(secret.isDecrypted()).toBe(false);
      expect(secret.symmetric).toBe(enums.symmetric.aes256);
      expect(secret.s2k?.type).toBe('iterated');
    }
    expect(packets.filter((p) => p instanceof SecretSubkeyPacket)).toHaveLength(2);

    const locked = await readKeyBackup({ data: new TextEncoder().encode(armored), name: 'backup.asc' });
    await expect(unlockKeyBackup({ keys: locked, backupPassphrase: PROFILE_PASS })).rejects.toMatchObject({
      code: 'wrong-passphrase',
      message: 'wrong backup passphrase',
    });
    const unlocked = await unlockKeyBackup({ keys: locked, backupPassphrase: BACKUP_PASS });
    expect(unlocked.every((k) => k.isDecrypted())).toBe(true);
  });

  it('keeps the CRC24 footer GnuPG expects for v4 keys only', async () => {
    const v4Only = await makeKeyBackup({ keys: [v4], profilePassphrase: PROFILE_PASS, backupPassphrase: BACKUP_PASS });
    expect(v4Only).toMatch(/\n=[A-Za-z0-9+/]{4}\n-----END PGP PRIVATE KEY BLOCK-----/);
    const withV6 = await makeKeyBackup({ keys: [v6], profilePassphrase: PROFILE_PASS, backupPassphrase: BACKUP_PASS });
    expect(withV6).not.toMatch(/\n=[A-Za-z0-9+/]{4}\n-----END/);
  });

  it('refuses a short backup passphrase, a wrong profile passphrase and an empty key list', async () => {
    await expect(makeKeyBackup({ keys: [v4], profilePassphrase: PROFILE_PASS, backupPassphrase: 'elevenchars' })).rejects.toThrow(
      'the backup passphrase must have at least 12 characters',
    );
    await expect(makeKeyBackup({ keys: [v4], profilePassphrase: 'not it', backupPassphrase: BACKUP_PASS })).rejects.toMatchObject({
      code: 'wrong-passphrase',
    });
    await expect(makeKeyBackup({ keys: [], profilePassphrase: PROFILE_PASS, backupPassphrase: BACKUP_PASS })).rejects.toMatchObject({ code: 'no-key' });
  });
});

describe('restoring', () => {
  it('says when a file holds only public keys', async () => {
    const publicOnly = new TextEncoder().encode(v4.toPublic().armor());
    await expect(readKeyBackup({ data: publicOnly, name: 'pub.asc' })).rejects.toThrow('pub.asc holds no secret keys, so there is nothing to restore');
  });

  it('stores the keys as own, under the profile passphrase, and refuses a passphrase the profile\'s own keys do not share', async () => {
    const armored = await makeKeyBackup({ keys: [v4], profilePassphrase: PROFILE_PASS, backupPassphrase: BACKUP_PASS });
    const keys = await unlockKeyBackup({ keys: await readKeyBackup({ data: new TextEncoder().encode(armored), name: 'b' }), backupPassphrase: BACKUP_PASS });
    const keyring = await Keyring.open({ profile: join(dir, 'b') });
    const restored = await restoreKeyBackup({ keyring, keys, profilePassphrase: 'device B passphrase', source: 'backup b' });
    expect(restored).toEqual([{ fingerprint: v4.getFingerprint(), uid: 'Alice <alice@example.org>', secret: true, status: 'new' }]);
    const [entry] = (await Keyring.open({ profile: join(dir, 'b') })).list();
    expect(entry?.meta).toMatchObject({ acceptance: 'own', source: 'backup b' });
    expect(entry?.key.isPrivate() && entry.key.isDecrypted()).toBe(false);

    const other = await unlockKey({ key: v6, passphrase: PROFILE_PASS });
    await expect(restoreKeyBackup({ keyring, keys: [other], profilePassphrase: 'another one', source: 'x' })).rejects.toMatchObject({
      code: 'wrong-passphrase',
    });
    expect(keyring.list()).toHaveLength(1);
  });
});
