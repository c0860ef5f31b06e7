// A second device through the CLI: `keys backup` on device A, `keys restore` on device B, and mail sealed on A read on B.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readKeys, SecretKeyPacket } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../../crypto/report.js';
import { type CliWorld, cliWorld, expectOneLineError } from './run-cli.js';

const PASS_A = 'device A passphrase';
const PASS_B = 'device B passphrase';
const BACKUP_PASS = 'backup passphrase, long enough';
let a: CliWorld;
let fingerprint: string;
let backupFile: string;
let backupPassFile: string;

const toSelf = ['From: Alice <alice@example.org>', 'To: Alice <alice@example.org>', 'Subject: for my other computer', '', 'The safe code is 4711.', ''].join(
  '\r\n',
);

async function listJson(world: CliWorld): Promise<{ fingerprint: string; acceptance: string; secret: boolean }[]> {
  return JSON.parse((await world.run(['keys', 'list', '--json'])).out) as { fingerprint: string; acceptance: string; secret: boolean }[];
}

beforeAll(async () => {
  a = await cliWorld();
  fingerprint = (await a.run(['keys', 'generate', '--uid', 'Alice <alice@example.org>'], { passphrase: PASS_A })).out.trim();
  backupFile = join(a.dir, 'alice-backup.asc');
  backupPassFile = await a.file('backup-pass', `${BACKUP_PASS}\n`);
  const backup = await a.run(['keys', 'backup', '--out', backupFile, '--backup-passphrase-file', backupPassFile], { passphrase: PASS_A });
  expect(backup.stderr).toBe('');
  expect(backup.out).toBe(`${fingerprint}  backed up\n`);
});
afterAll(() => a.cleanup());

describe('keys backup', () => {
  it('writes one armored key block, mode 0600, whose secret key packets are all encrypted and open only with the backup passphrase', async () => {
    expect((await stat(backupFile)).mode & 0o777).toBe(0o600);
    const armored = (await a.run(['keys', 'backup', '--backup-passphrase-file', backupPassFile], { passphrase: PASS_A })).out;
    expect(armored).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----\n[^]*-----END PGP PRIVATE KEY BLOCK-----\n$/);
    const [key] = await readKeys({ armoredKeys: armored });
    if (!key?.isPrivate()) throw new Error('the backup holds no secret key');
    expect(key.getFingerprint()).toBe(fingerprint);
    const packets = key.getKeys().map((k) => k.keyPacket);
    expect(packets.length).toBe(2);
    expect(packets.every((p) => p instanceof SecretKeyPacket && p.isDecrypted() === false)).toBe(true);
    // Re-protected with the backup passphrase, not a copy of the stored key under the profile passphrase.
    for (const packet of packets as SecretKeyPacket[]) await expect(packet.decrypt(PASS_A)).rejects.toThrow(/passphrase/);
    for (const packet of packets as SecretKeyPacket[]) await packet.decrypt(BACKUP_PASS);
    expect(key.isDecrypted()).toBe(true);
  });

  it('refuses a backup passphrase under 12 characters, a wrong profile passphrase, and a profile without own keys, writing nothing', async () => {
    const out = join(a.dir, 'never.asc');
    const short = await a.file('short-pass', 'eleven char\n');
    expectOneLineError(
      await a.run(['keys', 'backup', '--out', out, '--backup-passphrase-file', short], { passphrase: PASS_A }),
      2,
      'the backup passphrase must have at least 12 characters',
    );
    expectOneLineError(
      await a.run(['keys', 'backup', '--out', out, '--backup-passphrase-file', backupPassFile], { passphrase: 'not it' }),
      1,
      `wrong passphrase for key ${fingerprint} (1st failed attempt); no backup was written`,
    );
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    const empty = await cliWorld();
    try {
      expectOneLineError(
        await empty.run(['keys', 'backup', '--backup-passphrase-file', backupPassFile], { passphrase: PASS_A }),
        1,
        'the profile has no secret keys of your own to back up',
      );
    } finally {
      await empty.cleanup();
    }
  });
});

describe('keys restore on a second device', () => {
  it('restores the keys as own under the new profile passphrase; mail sealed on device A to itself opens on device B', async () => {
    const b = await cliWorld();
    try {
      const restored = await b.run(['keys', 'restore', backupFile, '--backup-passphrase-file', backupPassFile], { passphrase: PASS_B });
      expect(restored.stderr).toBe('');
      expect(restored.out).toBe(`${fingerprint}  secret  new  Alice <alice@example.org>\n`);
      expect(await listJson(b)).toMatchObject([{ fingerprint, acceptance: 'own', secret: true }]);

      const sealed = await a.run(['seal'], { passphrase: PASS_A, input: toSelf });
      expect(sealed.code).toBe(0);
      expect(sealed.out).not.toContain('4711');
      const opened = await b.run(['open', '--json'], { passphrase: PASS_B, input: sealed.stdout });
      expect(opened.stderr).toBe('');
      const report = JSON.parse(opened.out) as SecurityReport;
      expect(report).toMatchObject({ encryption: { state: 'encrypted' }, signature: { state: 'valid', signer: { fingerprint }, acceptance: 'own' } });
      expect(report.text).toContain('The safe code is 4711.');
      // Device B's passphrase is the one that unlocks the restored key there; A's and the backup's do not.
      expectOneLineError(await b.run(['open'], { passphrase: PASS_A, input: sealed.stdout }), 1, /wrong passphrase/);
      expectOneLineError(await b.run(['open'], { passphrase: BACKUP_PASS, input: sealed.stdout }), 1, /wrong passphrase/);
    } finally {
      await b.cleanup();
    }
  });

  it('imports nothing with a wrong backup passphrase, and says so in one line', async () => {
    const b = await cliWorld();
    try {
      const wrong = await b.file('wrong-pass', 'not the backup passphrase\n');
      expectOneLineError(
        await b.run(['keys', 'restore', backupFile, '--backup-passphrase-file', wrong], { passphrase: PASS_B }),
        1,
        'wrong backup passphrase (1st failed attempt); nothing was restored',
      );
      expect(await listJson(b)).toEqual([]);
    } finally {
      await b.cleanup();
    }
  });

  it('says in one line that a file of public keys has nothing to restore', async () => {
    const publicFile = await a.file('alice.asc', (await a.run(['keys', 'export', fingerprint, '--armor'])).stdout);
    expectOneLineError(
      await a.run(['keys', 'restore', publicFile, '--backup-passphrase-file', backupPassFile], { passphrase: PASS_A }),
      1,
      `${publicFile} holds no secret keys, so there is nothing to restore`,
    );
  });

  it('keeps one passphrase per profile: a profile with own keys takes the backup only under its passphrase', async () => {
    const b = await cliWorld();
    try {
      await b.run(['keys', 'generate', '--uid', 'Alice <alice@example.net>'], { passphrase: PASS_B });
      expectOneLineError(
        await b.run(['keys', 'restore', backupFile, '--backup-passphrase-file', backupPassFile], { passphrase: 'another passphrase' }),
        1,
        /^wrong passphrase for key [0-9a-f]{40} \(1st failed attempt\); nothing was restored$/,
      );
      expect(await listJson(b)).toHaveLength(1);
      const restored = await b.run(['keys', 'restore', backupFile, '--backup-passphrase-file', backupPassFile], { passphrase: PASS_B });
      expect(restored.out).toBe(`${fingerprint}  secret  new  Alice <alice@example.org>\n`);
    } finally {
      await b.cleanup();
    }
  });
});
