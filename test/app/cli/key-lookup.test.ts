// `sealmail keys lookup` and `keys upload` through the built CLI, against a local WKD and VKS over HTTPS with a test CA.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { wkdUrls } from '../../../app/discovery/wkd.js';
import { startKeyDirectory, type KeyDirectory } from '../../helpers/key-directory.js';
import { person, type Person } from '../../helpers/keys.js';
import { cliWorld, expectOneLineError, type CliWorld } from './run-cli.js';

const PASS = 'lookup test passphrase';
const ADVANCED = `openpgpkey.example.test${wkdUrls('alice@example.test').advanced.pathname}`;
const ADVANCED_URL = `https://${ADVANCED}?l=alice`;
const BY_EMAIL_URL = 'https://keys.example.test/vks/v1/by-email/alice%40example.test';

let directory: KeyDirectory;
let alice: Person;
let world: CliWorld;
let net: string[];

beforeAll(async () => {
  directory = await startKeyDirectory();
  alice = await person('Alice', 'alice@example.test');
});
afterAll(() => directory.close());
beforeEach(async () => {
  directory.reset();
  world = await cliWorld();
  net = ['--ca', await world.file('ca.pem', directory.caPem), '--keyserver', 'https://keys.example.test', ...directory.connectToArgs()];
});
afterEach(() => world.cleanup());

function grouped(fingerprint: string): string {
  const blocks = fingerprint.toUpperCase().match(/.{4}/g) ?? [];
  return `${blocks.slice(0, 5).join(' ')}  ${blocks.slice(5).join(' ')}`;
}

describe('sealmail keys lookup', () => {
  it('finds a key by WKD, shows where from, and adds it as imported with its source', async () => {
    directory.replies.set(ADVANCED, { status: 200, body: alice.publicKey.write() });
    const result = await world.run(['keys', 'lookup', 'alice@example.test', ...net]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Found 1 key for alice@example.test:\n');
    expect(result.out).toContain(`pub  ${grouped(alice.publicKey.getFingerprint())}  created ${alice.publicKey.getCreationTime().toISOString().slice(0, 10)}, does not expire\n`);
    expect(result.out).toContain('     uid   Alice <alice@example.test>\n');
    expect(result.out).toContain(`     from  WKD advanced ${ADVANCED_URL}, fetched `);
    expect(result.out).toContain('added to the keyring as imported (not verified)');

    const listed = JSON.parse((await world.run(['keys', 'list', '--json'])).out) as { fingerprint: string; acceptance: string; source: string }[];
    expect(listed).toEqual([expect.objectContaining({ fingerprint: alice.publicKey.getFingerprint(), acceptance: 'imported', source: `wkd:${ADVANCED_URL}` })]);
  });

  it('serves a second look-up from the profile cache, and --no-import --json leaves the keyring alone', async () => {
    directory.replies.set(ADVANCED, { status: 200, body: alice.publicKey.write() });
    const first = await world.run(['keys', 'lookup', 'alice@example.test', '--no-import', '--json', ...net]);
    expect(first.stderr).toBe('');
    const shown = JSON.parse(first.out) as { cachedFrom: string | null; keys: { fingerprint: string; from: { place: string; method: string; url: string }; imported: unknown }[] };
    expect(shown.cachedFrom).toBeNull();
    expect(shown.keys).toEqual([
      expect.objectContaining({ fingerprint: alice.publicKey.getFingerprint(), imported: null, from: expect.objectContaining({ place: 'wkd-advanced', method: 'wkd', url: ADVANCED_URL }) }),
    ]);
    expect(JSON.parse((await world.run(['keys', 'list', '--json'])).out)).toEqual([]);

    const second = await world.run(['keys', 'lookup', 'alice@example.test', ...net]);
    expect(second.out).toMatch(/^Found 1 key for alice@example\.test \(remembered from a look-up at \d{4}-\d\d-\d\dT[\d:.]+Z\):\n/);
    expect(directory.requests).toHaveLength(1);
  });

  it('fails with one line naming every place looked when nothing is found', async () => {
    const result = await world.run(['keys', 'lookup', 'alice@example.test', ...net]);
    expectOneLineError(
      result,
      1,
      `no key found for alice@example.test: WKD advanced ${ADVANCED_URL}: openpgpkey.example.test has no key for alice@example.test; ` +
        `VKS ${BY_EMAIL_URL}: keys.example.test has no key for alice@example.test`,
    );
  });

  it('refuses a key for another address with a clear line', async () => {
    const bob = await person('Bob', 'bob@example.test');
    directory.replies.set(ADVANCED, { status: 200, body: bob.publicKey.write() });
    const result = await world.run(['keys', 'lookup', 'alice@example.test', ...net]);
    expectOneLineError(result, 1, new RegExp(`WKD advanced \\S+: key ${bob.publicKey.getFingerprint()} has no valid user ID for alice@example\\.test \\(only bob@example\\.test\\); VKS`));
  });

  it('reports a server that never answers in one line, after the timeout', async () => {
    directory.replies.set(ADVANCED, 'hang');
    directory.replies.set('keys.example.test/vks/v1/by-email/alice%40example.test', 'hang');
    const started = Date.now();
    const result = await world.run(['keys', 'lookup', 'alice@example.test', '--timeout', '0.5', ...net]);
    expect(Date.now() - started).toBeLessThan(8_000);
    expectOneLineError(result, 1, /openpgpkey\.example\.test did not answer within 0\.5 s; VKS .*: keys\.example\.test did not answer within 0\.5 s$/);
  });

  it('refuses an http:// keyserver as a usage error', async () => {
    const result = await world.run(['keys', 'lookup', 'alice@example.test', '--keyserver', 'http://keys.example.test']);
    expectOneLineError(result, 2, 'refusing the keyserver http://keys.example.test: only https:// URLs are used');
  });

  it('asks a named HKP server after WKD, and refuses an http:// one as a usage error', async () => {
    directory.replies.set('keys.example.test/pks/lookup', { status: 200, body: alice.armoredPublic });
    const hkpNet = ['--ca', await world.file('hkp-ca.pem', directory.caPem), ...directory.connectToArgs()];
    const found = await world.run(['keys', 'lookup', 'alice@example.test', '--no-import', '--hkp', 'https://keys.example.test', ...hkpNet]);
    expect(found.stderr).toBe('');
    expect(found.out).toContain('from  HKP https://keys.example.test/pks/lookup?op=get&options=mr&search=alice%40example.test');
    const refused = await world.run(['keys', 'lookup', 'alice@example.test', '--hkp', 'http://keys.example.test']);
    expectOneLineError(refused, 2, 'refusing the HKP keyserver http://keys.example.test: only https:// (or hkps://) URLs are used');
  });
});

describe('sealmail keys upload', () => {
  it('uploads your public key and tells you to check your mail', async () => {
    const generated = await world.run(['keys', 'generate', '--uid', 'Alice <alice@example.test>'], { passphrase: PASS });
    const fpr = generated.out.trim();
    directory.replies.set('keys.example.test/vks/v1/upload', () => ({
      status: 200,
      body: JSON.stringify({ key_fpr: fpr.toUpperCase(), token: 't0k', status: { 'alice@example.test': 'unpublished' } }),
    }));
    directory.replies.set('keys.example.test/vks/v1/request-verify', () => ({
      status: 200,
      body: JSON.stringify({ key_fpr: fpr.toUpperCase(), token: 't0k', status: { 'alice@example.test': 'pending' } }),
    }));
    const result = await world.run(['keys', 'upload', ...net]);
    expect(result.stderr).toBe('');
    expect(result.out).toBe(
      `Uploaded ${grouped(fpr)} to keys.example.test.\n` +
        '  alice@example.test  pending: a verification mail is on its way; open it and follow its link to publish the key for this address\n',
    );
    const bodies = directory.requests.map((r) => r.body).join('\n');
    expect(bodies).not.toMatch(/PRIVATE KEY|passphrase/i);
    expect(bodies).not.toContain(PASS);
  });

  it('needs a key of your own', async () => {
    expectOneLineError(await world.run(['keys', 'upload', ...net]), 1, 'you have no key of your own to upload; make one with: sealmail keys generate');
    expect(directory.requests).toEqual([]);
  });
});
