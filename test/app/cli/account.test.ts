// `sealmail account add|list|remove` as a user runs them, and no password in plain text anywhere in the profile.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, cliWorld, expectOneLineError } from './run-cli.js';

const PASS = 'profile passphrase for accounts';
const PASSWORD = 'Imap-And-Smtp-Password-7319';
let world: CliWorld;
let passwordFile: string;

beforeAll(async () => {
  world = await cliWorld();
  passwordFile = await world.file('password.txt', `${PASSWORD}\n`);
});
afterAll(async () => {
  await world.cleanup();
});

const add = (email: string, extra: string[] = []): string[] => [
  'account', 'add', '--email', email, '--name', 'Alice Example', '--imap', 'imap.example.org:993', '--smtp', 'smtp.example.org:587',
  '--password-file', passwordFile, ...extra,
];

async function filesUnder(dir: string): Promise<Buffer[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name))));
}

describe('sealmail account', () => {
  it('adds, lists, edits with --replace and removes an account; the password is in the vault only', async () => {
    const added = await world.run(add('alice@example.org'), { passphrase: PASS });
    expect(added.stderr).toBe('');
    expect(added.out).toBe('added alice@example.org\n');

    const listed = await world.run(['account', 'list', '--json'], { passphrase: PASS });
    expect(JSON.parse(listed.out)).toEqual([
      {
        address: 'alice@example.org',
        name: 'Alice Example',
        user: 'alice@example.org',
        imap: { host: 'imap.example.org', port: 993, security: 'tls' },
        smtp: { host: 'smtp.example.org', port: 587, security: 'starttls' },
        privateCa: false,
        pinnedSha256: null,
      },
    ]);
    const text = await world.run(['account', 'list'], { passphrase: PASS });
    expect(text.out).toContain('smtp smtp.example.org:587 (STARTTLS)');
    for (const out of [listed.out, text.out]) expect(out).not.toContain(PASSWORD);

    const files = await filesUnder(world.profile);
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      expect(file.includes(PASSWORD)).toBe(false);
      expect(file.includes(Buffer.from(PASSWORD).toString('base64').slice(0, 16))).toBe(false);
    }

    expectOneLineError(await world.run(add('alice@example.org'), { passphrase: PASS }), 2, /exists already; add --replace/);
    const edited = await world.run(add('alice@example.org', ['--replace', '--smtp', 'smtp.example.org:465', '--user', 'alice']), { passphrase: PASS });
    expect(edited.out).toBe('updated alice@example.org\n');
    const after = JSON.parse((await world.run(['account', 'list', '--json'], { passphrase: PASS })).out) as { user: string; smtp: object }[];
    expect(after).toMatchObject([{ user: 'alice', smtp: { port: 465, security: 'tls' } }]);

    expect((await world.run(['account', 'remove', 'ALICE@example.org'], { passphrase: PASS })).out).toBe('removed ALICE@example.org\n');
    expect((await world.run(['account', 'list'], { passphrase: PASS })).out).toMatch(/^No accounts/);
    expectOneLineError(await world.run(['account', 'remove', 'alice@example.org'], { passphrase: PASS }), 2, /there is no account alice@example\.org/);
  });

  it('refuses a non-standard port without a security choice, and a wrong passphrase, in one line', async () => {
    expectOneLineError(
      await world.run(add('carol@example.org', ['--smtp', 'smtp.example.org:2525']), { passphrase: PASS }),
      2,
      /--smtp port 2525 is not a standard port; add --smtp-security/,
    );
    await world.run(['account', 'list'], { passphrase: PASS }); // makes sure the vault exists
    expectOneLineError(await world.run(['account', 'list'], { passphrase: 'not the passphrase' }), 1, /passphrase does not unlock the vault/);
  });

  it('says which profile file it cannot read', async () => {
    const other = await cliWorld();
    try {
      await other.file('profile', 'a file where the profile folder should be');
      expectOneLineError(await other.run(['account', 'list'], { passphrase: PASS }), 1, /profile .*profile.*not a directory|exists and is not a directory/);
    } finally {
      await other.cleanup();
    }
  });
});
