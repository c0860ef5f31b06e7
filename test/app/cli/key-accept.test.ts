// `keys accept`, `keys show --qr`, provenance and key changes in `keys list`, and `keys refresh`, through the built CLI and a local WKD.
import * as openpgp from 'openpgp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { wkdUrls } from '../../../app/discovery/wkd.js';
import { startKeyDirectory, type KeyDirectory } from '../../helpers/key-directory.js';
import { person, type Person } from '../../helpers/keys.js';
import { cliWorld, expectOneLineError, type CliWorld } from './run-cli.js';

const ADVANCED = `openpgpkey.example.test${wkdUrls('bob@example.test').advanced.pathname}`;
const DAY = 24 * 60 * 60;

let directory: KeyDirectory;
let bob: Person;
let world: CliWorld;
let net: string[];

interface Listed {
  fingerprint: string;
  acceptance: string;
  level: string;
  qr: string;
  provenances: { kind: string; detail: string }[];
  keyChange: { addresses: string[]; replaces: string[] } | null;
}

beforeAll(async () => {
  directory = await startKeyDirectory();
  bob = await person('Bob', 'bob@example.test');
});
afterAll(() => directory.close());
beforeEach(async () => {
  directory.replies.clear();
  world = await cliWorld();
  net = ['--ca', await world.file('ca.pem', directory.caPem), ...directory.connectToArgs()];
});
afterEach(() => world.cleanup());

async function listed(): Promise<Listed[]> {
  return JSON.parse((await world.run(['keys', 'list', '--json'])).out) as Listed[];
}

describe('provenance and acceptance in the CLI', () => {
  it('lists every place a key was seen: imported by hand, then found in WKD', async () => {
    await world.run(['keys', 'import', await world.file('bob.asc', bob.armoredPublic)]);
    directory.replies.set(ADVANCED, { status: 200, body: bob.publicKey.write() });
    expect((await world.run(['keys', 'lookup', 'bob@example.test', ...net])).stderr).toBe('');

    const [entry] = await listed();
    expect(entry?.provenances.map((p) => [p.kind, p.detail])).toEqual([
      ['hand', `${world.dir}/bob.asc`],
      ['wkd', `https://${ADVANCED}?l=bob`],
    ]);
    expect(entry?.acceptance).toBe('imported');
    expect(entry?.level).toBe('undecided');
    expect(entry?.qr).toBe(`OPENPGP4FPR:${bob.publicKey.getFingerprint().toUpperCase()}`);
    const table = (await world.run(['keys', 'list'])).out;
    expect(table).toContain(`  undecided  created `);
    expect(table).toContain(`     from WKD https://${ADVANCED}?l=bob, seen `);
  });

  it('accepts at each level, and verifies only with the fingerprint that matches, spaces allowed', async () => {
    await world.run(['keys', 'import', await world.file('bob.asc', bob.armoredPublic)]);
    const fpr = bob.publicKey.getFingerprint();
    const grouped = fpr.toUpperCase().match(/.{4}/g) ?? [];

    expect((await world.run(['keys', 'accept', 'bob@example.test', '--level', 'unverified'])).out).toBe(`${fpr}  unverified\n`);
    expect((await listed())[0]?.acceptance).toBe('accepted');

    const unasked = await world.run(['keys', 'accept', fpr, '--level', 'verified']);
    expectOneLineError(unasked, 2, `verifying compares fingerprints: read ${grouped.slice(0, 5).join(' ')}  ${grouped.slice(5).join(' ')} with the key's owner`);
    const wrong = `${fpr.slice(0, -1)}${fpr.endsWith('0') ? '1' : '0'}`;
    expectOneLineError(await world.run(['keys', 'accept', fpr, '--level', 'verified', '--fingerprint', wrong]), 2, /does not match key .*; nothing was changed/);
    expect((await listed())[0]?.level).toBe('unverified');

    const ok = await world.run(['keys', 'accept', fpr, '--level', 'verified', '--fingerprint', grouped.join(' ').toLowerCase()]);
    expect(ok.out).toBe(`${fpr}  verified\n`);
    expect((await listed())[0]?.level).toBe('verified');

    expect((await world.run(['keys', 'accept', fpr, '--level', 'rejected'])).code).toBe(0);
    expect((await listed())[0]?.acceptance).toBe('unaccepted');
    expectOneLineError(await world.run(['keys', 'accept', fpr, '--level', 'trusted']), 2, /"trusted" is not an acceptance level: give one of rejected, undecided, unverified, verified/);
  });

  it('gives the QR payload and the grouped fingerprint of one key', async () => {
    await world.run(['keys', 'import', await world.file('bob.asc', bob.armoredPublic)]);
    const fpr = bob.publicKey.getFingerprint().toUpperCase();
    expect((await world.run(['keys', 'show', 'bob@example.test', '--qr'])).out).toBe(`OPENPGP4FPR:${fpr}\n`);
    const shown = (await world.run(['keys', 'show', 'bob@example.test'])).out;
    expect(shown).toContain(`pub  ${fpr.slice(0, 4)} ${fpr.slice(4, 8)} `);
    expect(shown).toContain('     acceptance  undecided\n');
  });
});

describe('a key change', () => {
  it('is flagged in keys list when WKD serves a new key for an address with an accepted key, and the new key waits undecided', async () => {
    await world.run(['keys', 'import', await world.file('bob.asc', bob.armoredPublic)]);
    await world.run(['keys', 'accept', 'bob@example.test', '--level', 'unverified']);
    const other = await person('Bob', 'bob@example.test');
    directory.replies.set(ADVANCED, { status: 200, body: other.publicKey.write() });
    expect((await world.run(['keys', 'lookup', 'bob@example.test', ...net])).code).toBe(0);

    const keys = await listed();
    const changed = keys.find((k) => k.fingerprint === other.publicKey.getFingerprint());
    expect(changed?.level).toBe('undecided');
    expect(changed?.keyChange).toEqual(expect.objectContaining({ addresses: ['bob@example.test'], replaces: [bob.publicKey.getFingerprint()] }));
    expect(keys.find((k) => k.fingerprint === bob.publicKey.getFingerprint())?.level).toBe('unverified');
    expect((await world.run(['keys', 'list'])).out).toContain(`     KEY CHANGE for bob@example.test: not used; still using ${bob.publicKey.getFingerprint()}\n`);

    await world.run(['keys', 'accept', other.publicKey.getFingerprint(), '--level', 'rejected']);
    expect((await listed()).find((k) => k.fingerprint === other.publicKey.getFingerprint())?.keyChange).toBeNull();
  });
});

describe('sealmail keys refresh', () => {
  it('fetches a newer copy from the WKD the key came from and says what changed', async () => {
    const old = await person('Bob', 'bob@example.test', { date: new Date(Date.now() - DAY * 1000), expiresInSeconds: 11 * DAY });
    const { publicKey: extended } = await openpgp.reformatKey({ privateKey: old.privateKey, userIDs: [{ name: 'Bob', email: 'bob@example.test' }], keyExpirationTime: 700 * DAY, format: 'object' });
    directory.replies.set(ADVANCED, { status: 200, body: old.publicKey.write() });
    await world.run(['keys', 'lookup', 'bob@example.test', ...net]);
    directory.replies.set(ADVANCED, { status: 200, body: extended.write() });

    const result = await world.run(['keys', 'refresh', ...net]);
    expect(result.stderr).toBe('');
    const day = ((await extended.getExpirationTime()) as Date).toISOString().slice(0, 10);
    expect(result.out).toBe(`${old.publicKey.getFingerprint()}  new-expiry  refreshed bob@example.test's key from WKD: now expires ${day}\n`);
    expect((await world.run(['keys', 'refresh', ...net])).out).toContain(`  unchanged  bob@example.test's key is unchanged at WKD (expires ${day})\n`);

    directory.replies.set(ADVANCED, 'hang');
    const hung = await world.run(['keys', 'refresh', old.publicKey.getFingerprint(), '--timeout', '0.3', ...net]);
    expect(hung.code).toBe(0);
    expect(hung.out).toMatch(/ {2}unreachable {2}could not refresh bob@example\.test's key from WKD /);
  });
});
