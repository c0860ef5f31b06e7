// `sealmail account add|list|remove` as a user runs them, and no password in plain text anywhere in the profile.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../../rig/rig.js';
import { startSrvResponder, type SrvResponder } from '../autoconfig/srv-responder.js';
import { type CliWorld, cliWorld, expectOneLineError } from './run-cli.js';

const PASS = 'profile passphrase for accounts';
const PASSWORD = 'Imap-And-Smtp-Password-7319';
let world: CliWorld;
let passwordFile: string;
let rig: Rig;
let dns: SrvResponder;

beforeAll(async () => {
  [world, rig, dns] = await Promise.all([cliWorld(), startRig(), startSrvResponder()]);
  passwordFile = await world.file('password.txt', `${PASSWORD}\n`);
}, 60_000);
afterAll(async () => {
  await Promise.all([world?.cleanup(), rig?.stop(), dns?.close()]);
});

const add = (email: string, extra: string[] = []): string[] => [
  'account', 'add', '--email', email, '--name', 'Alice Example', '--imap', 'imap.example.org:993', '--smtp', 'smtp.example.org:587',
  '--password-file', passwordFile, '--no-check', ...extra,
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

  it('checks both servers before saving, and shows what it found', async () => {
    const ca = await world.file('rig-ca.pem', rig.caPem);
    const { imaps } = rig.imap;
    const { submission } = rig.smtp;
    const address = `checked-${Date.now()}@example.test`;
    const added = await world.run(
      ['account', 'add', '--email', address, '--name', 'C', '--password-file', passwordFile, '--ca', ca, '--imap', `${imaps.host}:${imaps.port}`, '--imap-security', 'tls', '--smtp', `${submission.host}:${submission.port}`, '--smtp-security', 'starttls'],
      { passphrase: PASS },
    );
    expect(added.stderr).toBe('');
    expect(added.out).toContain(`Server check of ${imaps.host}:${imaps.port} (TLS from the first byte)`);
    expect(added.out).toContain(`Server check of ${submission.host}:${submission.port} (STARTTLS)`);
    expect(added.out.match(/^Overall: good/gm)).toHaveLength(2);
    expect(added.out).toMatch(new RegExp(`added ${address}\\n$`));
    await world.run(['account', 'remove', address], { passphrase: PASS });
  });

  it('saves nothing when a server cannot be reached, saying which and how to save anyway', async () => {
    const address = `unreachable-${Date.now()}@example.test`;
    const result = await world.run(
      ['account', 'add', '--email', address, '--name', 'U', '--password-file', passwordFile, '--imap', '127.0.0.1:9', '--imap-security', 'tls', '--smtp', '127.0.0.1:9', '--smtp-security', 'tls'],
      { passphrase: PASS },
    );
    expectOneLineError(result, 1, /cannot reach the IMAP server 127\.0\.0\.1:9 .*nothing was saved; .*--no-check/);
    expect((await world.run(['account', 'list', '--json'], { passphrase: PASS })).out).not.toContain(address);
  });

  it('looks the servers up by SRV, and saves them only once the user confirms (--yes without a terminal)', async () => {
    const { imaps } = rig.imap;
    const { submissions } = rig.smtp;
    dns.records.set('_imaps._tcp.example.test', [{ name: 'localhost', port: imaps.port, priority: 0, weight: 0 }]);
    dns.records.set('_submissions._tcp.example.test', [{ name: 'localhost', port: submissions.port, priority: 0, weight: 0 }]);
    const ca = await world.file('rig-ca.pem', rig.caPem);
    const address = `found-${Date.now()}@example.test`;
    const args = ['account', 'add', '--email', address, '--name', 'F', '--password-file', passwordFile, '--ca', ca, '--dns-server', dns.server];

    expectOneLineError(await world.run(args, { passphrase: PASS }), 2, new RegExp(`found automatically: nothing was saved; look at them with: sealmail account discover ${address}, then add --yes`));
    expect((await world.run(['account', 'list', '--json'], { passphrase: PASS })).out).not.toContain(address);

    const shown = await world.run(['account', 'discover', address, '--ca', ca, '--dns-server', dns.server, '--json']);
    expect(shown.stderr).toBe('');
    expect(JSON.parse(shown.out)).toMatchObject({
      source: 'srv',
      imap: { host: 'localhost', port: imaps.port, security: 'tls' },
      smtp: { host: 'localhost', port: submissions.port, security: 'tls' },
      checks: [{ kind: 'imap', report: { verdict: 'good' } }, { kind: 'smtp', report: { verdict: 'good' } }],
    });

    const added = await world.run([...args, '--yes'], { passphrase: PASS });
    expect(added.stderr).toBe('');
    expect(added.out).toMatch(/^Servers for found-\d+@example\.test found by DNS SRV records \(RFC 6186\):$/m);
    expect(added.out).toContain(`imap localhost:${imaps.port} (TLS), user ${address}`);
    expect(added.out).toMatch(/tried https:\/\/autoconfig\.example\.test\//);
    const listed = JSON.parse((await world.run(['account', 'list', '--json'], { passphrase: PASS })).out) as { address: string }[];
    expect(listed.find((a) => a.address === address)).toMatchObject({
      user: address,
      imap: { host: 'localhost', port: imaps.port, security: 'tls' },
      smtp: { host: 'localhost', port: submissions.port, security: 'tls' },
      privateCa: true,
    });
    await world.run(['account', 'remove', address], { passphrase: PASS });
  });

  it('says in one line when no server can be found, naming every place it looked', async () => {
    const result = await world.run(['account', 'add', '--email', 'x@nowhere.test', '--name', 'X', '--password-file', passwordFile, '--dns-server', dns.server], { passphrase: PASS });
    expectOneLineError(result, 2, /no servers found for x@nowhere\.test \(autoconfig: .*; well-known: .*; srv: .*\); give --imap and --smtp/);
  });
});
