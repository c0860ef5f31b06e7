// GnuPG 2.2 as the other device: it imports a `sealmail keys backup` file with the backup passphrase and reads mail sealed to that key.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpgHome, type Gpg } from '../app/cli/gpg.js';
import { type CliWorld, cliWorld } from '../app/cli/run-cli.js';

const PROFILE_PASS = 'profile passphrase here';
const BACKUP_PASS = 'the backup passphrase, for gpg';
let cli: CliWorld;
let gpg: Gpg;
let fingerprint: string;
let backupFile: string;
let backupPassFile: string;

beforeAll(async () => {
  [cli, gpg] = await Promise.all([cliWorld(), gpgHome()]);
  fingerprint = (await cli.run(['keys', 'generate', '--uid', 'Alice <alice@example.org>'], { passphrase: PROFILE_PASS })).out.trim();
  backupFile = join(cli.dir, 'backup.asc');
  backupPassFile = await cli.file('backup-pass', `${BACKUP_PASS}\n`);
  const backup = await cli.run(['keys', 'backup', '--out', backupFile, '--backup-passphrase-file', backupPassFile], { passphrase: PROFILE_PASS });
  expect(backup.code).toBe(0);
});
afterAll(async () => {
  await Promise.all([cli.cleanup(), gpg.cleanup()]);
});

const loopback = (passFile: string) => ['--pinentry-mode', 'loopback', '--passphrase-file', passFile];

// In batch mode GnuPG 2.2 keeps the imported secret keys under their OpenPGP protection and asks for the
// passphrase at first use (interactively it asks at import); so the passphrase is proven by decrypting.
describe('a Sealmail key backup in GnuPG', () => {
  it('gpg --import takes the backup as a secret key with its encryption subkey', async () => {
    await gpg.run([...loopback(backupPassFile), '--import', backupFile]);
    const listing = (await gpg.run(['--with-colons', '--list-secret-keys'])).stdout.toString();
    expect(listing).toMatch(new RegExp(`^fpr:+${fingerprint.toUpperCase()}:`, 'm'));
    expect(listing).toMatch(/^sec:/m);
    expect(listing).toMatch(/^ssb:[^:]*:255:18:.*:cv25519:/m);
    expect(listing).toContain('Alice <alice@example.org>');
  });

  it('gpg --decrypt reads a message `sealmail seal` encrypted to that key, with the backup passphrase only', async () => {
    const draft = ['From: Alice <alice@example.org>', 'To: Alice <alice@example.org>', 'Subject: s', '', 'Read on the other machine.', ''].join('\r\n');
    const sealed = await cli.run(['seal', '--encrypt'], { input: draft });
    expect(sealed.code).toBe(0);
    const block = /-----BEGIN PGP MESSAGE-----[^]*?-----END PGP MESSAGE-----/.exec(sealed.out)?.[0];
    if (!block) throw new Error('no PGP message in the sealed mail');
    // The wrong one first: once a passphrase worked, gpg-agent caches the unlocked key.
    const profilePassFile = await cli.file('profile-pass', `${PROFILE_PASS}\n`);
    await expect(gpg.run([...loopback(profilePassFile), '--decrypt'], block)).rejects.toThrow(/Bad passphrase|decryption failed/);
    const decrypted = await gpg.run([...loopback(backupPassFile), '--decrypt'], block);
    expect(decrypted.stdout.toString()).toContain('Read on the other machine.');
  });
});
