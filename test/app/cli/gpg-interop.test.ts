// Keys shared with the real GnuPG 2.2, both ways, through the `sealmail` CLI.
import * as openpgp from 'openpgp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliWorld, cliWorld } from './run-cli.js';
import { gpgHome } from './gpg.js';

let cli: CliWorld;
beforeEach(async () => {
  cli = await cliWorld();
});
afterEach(() => cli.cleanup());

const PASS = 'correct horse battery';

async function listJson(): Promise<{ fingerprint: string; acceptance: string; secret: boolean }[]> {
  return JSON.parse((await cli.run(['keys', 'list', '--json'])).out) as { fingerprint: string; acceptance: string; secret: boolean }[];
}

describe('GnuPG interoperability', () => {
  it('GnuPG 2.2 imports and uses a key sealmail generated', async () => {
    const fingerprint = (await cli.run(['keys', 'generate', '--uid', 'Alice <alice@example.org>'], { passphrase: PASS })).out.trim();
    const gpg = await gpgHome();
    try {
      await gpg.run(['--import'], (await cli.run(['keys', 'export', fingerprint, '--armor'])).stdout);
      await gpg.run(['--pinentry-mode', 'loopback', '--passphrase', PASS, '--import'], (await cli.run(['keys', 'export', fingerprint, '--secret'])).stdout);
      const listing = (await gpg.run(['--with-colons', '--list-secret-keys'])).stdout.toString();
      expect(listing).toMatch(new RegExp(`^fpr:+${fingerprint.toUpperCase()}:`, 'm'));
      expect(listing).toMatch(/^sec:[^:]*:255:22:.*:ed25519:/m); // EdDSA (22) on Ed25519
      expect(listing).toMatch(/^ssb:[^:]*:255:18:.*:cv25519:/m); // ECDH (18) on Curve25519
      expect(listing).toContain('Alice <alice@example.org>');
      // The secret part is usable: GnuPG can sign with it once it has the passphrase.
      const signed = await gpg.run(['--pinentry-mode', 'loopback', '--passphrase', PASS, '--local-user', fingerprint, '--sign'], 'hi');
      expect(signed.stdout.length).toBeGreaterThan(0);
    } finally {
      await gpg.cleanup();
    }
  });

  it('imports a key GnuPG generated, public first and then its secret part', async () => {
    const gpg = await gpgHome();
    try {
      const noPass = ['--pinentry-mode', 'loopback', '--passphrase', ''];
      await gpg.run([...noPass, '--quick-gen-key', 'Bob <bob@example.org>', 'ed25519', 'sign', 'never']);
      const colons = (await gpg.run(['--with-colons', '--list-keys', 'bob@example.org'])).stdout.toString();
      const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(colons)?.[1]?.toLowerCase() ?? '';
      await gpg.run([...noPass, '--quick-add-key', fingerprint, 'cv25519', 'encr', 'never']);
      const publicFile = await cli.file('bob.asc', (await gpg.run(['--armor', '--export', fingerprint])).stdout);
      const secretFile = await cli.file('bob-secret.gpg', (await gpg.run([...noPass, '--export-secret-keys', fingerprint])).stdout);

      expect((await cli.run(['keys', 'import', publicFile])).out).toBe(`${fingerprint}  public  new  Bob <bob@example.org>\n`);
      expect(await listJson()).toMatchObject([
        { fingerprint, acceptance: 'imported', secret: false, capabilities: { sign: true, encrypt: true, certify: true } },
      ]);
      const secret = await cli.run(['keys', 'import', secretFile], { passphrase: PASS });
      expect(secret.out).toBe(`${fingerprint}  secret  updated  Bob <bob@example.org>\n`);
      expect(await listJson()).toMatchObject([{ fingerprint, acceptance: 'own', secret: true }]);
      const [stored] = await openpgp.readKeys({ binaryKeys: (await cli.run(['keys', 'export', fingerprint, '--secret'])).stdout });
      expect(stored?.isPrivate() && !stored.isDecrypted()).toBe(true); // GnuPG exported it bare; we stored it protected
    } finally {
      await gpg.cleanup();
    }
  });
});
