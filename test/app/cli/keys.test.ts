// `sealmail keys ...` as a user runs it: output, exit codes, one-line errors, and keys shared with GnuPG.
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import type { Key, PrivateKey, PublicKey } from 'openpgp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CliWorld, cliWorld, expectOneLineError, runSealmail } from './run-cli.js';

/** openpgp.js's generateKey result in object form (its own KeyPair type is not exported). */
type KeyPair = { privateKey: PrivateKey; publicKey: PublicKey };

let cli: CliWorld;
beforeEach(async () => {
  cli = await cliWorld();
});
afterEach(() => cli.cleanup());

const PASS = 'correct horse battery';

async function generate(uid: string, extra: string[] = []): Promise<string> {
  const result = await cli.run(['keys', 'generate', '--uid', uid, ...extra], { passphrase: PASS });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.out.trim();
}

interface Listed {
  fingerprint: string;
  version: number;
  algorithm: string;
  secret: boolean;
  revoked: boolean;
  acceptance: string;
  userIds: { uid: string; address: string | null }[];
  capabilities: { sign: boolean; encrypt: boolean; certify: boolean };
}

async function listJson(): Promise<Listed[]> {
  const result = await cli.run(['keys', 'list', '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.out) as Listed[];
}

async function keysIn(data: Uint8Array | string): Promise<Key[]> {
  return typeof data === 'string'
    ? openpgp.readKeys({ armoredKeys: data })
    : openpgp.readKeys({ binaryKeys: data });
}

describe('keys generate', () => {
  it('prints only the new fingerprint and stores a protected v4 EdDSA + ECDH Curve25519 key', async () => {
    const result = await cli.run(['keys', 'generate', '--uid', 'Alice <alice@example.org>'], { passphrase: PASS });
    expect(result.out).toMatch(/^[0-9a-f]{40}\n$/);
    expect(result.code).toBe(0);
    const fingerprint = result.out.trim();

    const [listed] = await listJson();
    expect(listed).toMatchObject({
      fingerprint,
      version: 4,
      algorithm: 'eddsaLegacy/ed25519Legacy',
      secret: true,
      revoked: false,
      acceptance: 'own',
      userIds: [{ uid: 'Alice <alice@example.org>', address: 'alice@example.org' }],
      capabilities: { sign: true, encrypt: true, certify: true },
    });
    const [key] = await keysIn((await cli.run(['keys', 'export', fingerprint, '--secret'])).stdout);
    expect(key?.subkeys.map((s) => s.getAlgorithmInfo())).toEqual([{ algorithm: 'ecdh', curve: 'curve25519Legacy' }]);
    expect(key?.isPrivate() && !key.isDecrypted()).toBe(true);
    expect((await stat(cli.profile)).mode & 0o777).toBe(0o700);
    expect((await stat(join(cli.profile, 'keys', `${fingerprint}.asc`))).mode & 0o777).toBe(0o600);
  });

  it('makes a v6 key with --v6', async () => {
    const fingerprint = await generate('Vera <vera@example.org>', ['--v6']);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(await listJson()).toMatchObject([{ fingerprint, version: 6, algorithm: 'ed25519', secret: true }]);
  });

  it('fails in one line without a passphrase and no terminal, or with an unusable user ID', async () => {
    expectOneLineError(await cli.run(['keys', 'generate', '--uid', 'A <a@example.org>']), 1, /there is no terminal to ask on; use --passphrase-file FILE/);
    expectOneLineError(await cli.run(['keys', 'generate', '--uid', 'Alice'], { passphrase: PASS }), 2, /user ID "Alice" has no valid e-mail address/);
    expectOneLineError(await cli.run(['keys', 'generate', '--uid', 'A <a@example.org>'], { passphrase: '' }), 1, /non-empty passphrase/);
    expect(await listJson()).toEqual([]);
  });

  it('uses $SEALMAIL_PROFILE when --profile is not given', async () => {
    const passFile = await cli.file('pass', `${PASS}\n`);
    const env = { SEALMAIL_PROFILE: cli.profile };
    const made = await runSealmail(['--passphrase-file', passFile, 'keys', 'generate', '--uid', 'E <e@example.org>'], '', env);
    expect(made.code).toBe(0);
    expect((await listJson()).map((k) => k.fingerprint)).toEqual([made.out.trim()]);
  });
});

describe('keys import', () => {
  let alice: KeyPair;
  let bob: KeyPair;
  let carol: KeyPair;
  let dave: KeyPair;
  beforeAll(async () => {
    const make = (name: string) => openpgp.generateKey({ userIDs: [{ name, email: `${name.toLowerCase()}@example.org` }], format: 'object' });
    [alice, bob, carol, dave] = await Promise.all([make('Alice'), make('Bob'), make('Carol'), make('Dave')]);
  });

  it('reads armored files with several blocks and binary files with several keys, once', async () => {
    const armored = await cli.file('two.asc', `${alice.publicKey.armor()}\n${bob.publicKey.armor()}`);
    const binary = await cli.file('two.gpg', new Uint8Array([...carol.publicKey.write(), ...dave.publicKey.write()]));
    const first = await cli.run(['keys', 'import', armored, binary]);
    expect(first.code).toBe(0);
    expect(first.out.split('\n')).toEqual([
      `${alice.publicKey.getFingerprint()}  public  new  Alice <alice@example.org>`,
      `${bob.publicKey.getFingerprint()}  public  new  Bob <bob@example.org>`,
      `${carol.publicKey.getFingerprint()}  public  new  Carol <carol@example.org>`,
      `${dave.publicKey.getFingerprint()}  public  new  Dave <dave@example.org>`,
      '',
    ]);
    expect((await cli.run(['keys', 'import', armored])).out).toBe(
      `${alice.publicKey.getFingerprint()}  public  unchanged  Alice <alice@example.org>\n` +
        `${bob.publicKey.getFingerprint()}  public  unchanged  Bob <bob@example.org>\n`,
    );
    expect((await listJson()).map((k) => [k.acceptance, k.secret])).toEqual(Array(4).fill(['imported', false]));
  });

  it('needs the passphrase that unlocks an imported secret key, and imports nothing otherwise', async () => {
    const fingerprint = await generate('Alice <alice@example.org>');
    const secret = await cli.file('secret.asc', (await cli.run(['keys', 'export', fingerprint, '--secret', '--armor'])).stdout);
    const fresh = await cliWorld();
    try {
      const wrong = await fresh.run(['keys', 'import', secret], { passphrase: 'not it' });
      expectOneLineError(wrong, 1, `wrong passphrase for key ${fingerprint}`);
      expect(JSON.parse((await fresh.run(['keys', 'list', '--json'])).out)).toEqual([]);
      const right = await fresh.run(['keys', 'import', secret], { passphrase: PASS });
      expect(right.out).toBe(`${fingerprint}  secret  new  Alice <alice@example.org>\n`);
      expect(JSON.parse((await fresh.run(['keys', 'list', '--json'])).out)).toMatchObject([{ fingerprint, secret: true, acceptance: 'own' }]);
    } finally {
      await fresh.cleanup();
    }
  });

  it('protects a bare secret key with the given passphrase before storing it', async () => {
    const bare = await cli.file('bare.asc', bob.privateKey.armor());
    expect((await cli.run(['keys', 'import', bare], { passphrase: PASS })).out).toMatch(/ secret {2}new {2}Bob/);
    const [stored] = await keysIn((await cli.run(['keys', 'export', 'bob@example.org', '--secret', '--armor'])).out);
    if (!stored?.isPrivate()) throw new Error('expected the secret key back');
    expect(stored.isDecrypted()).toBe(false);
    await expect(openpgp.decryptKey({ privateKey: stored, passphrase: 'other' })).rejects.toThrow(/passphrase/);
    expect((await openpgp.decryptKey({ privateKey: stored, passphrase: PASS })).isDecrypted()).toBe(true);
  });

  it('names the file it cannot use', async () => {
    const junk = await cli.file('junk.txt', 'just some text\n');
    expectOneLineError(await cli.run(['keys', 'import', junk]), 1, `${junk}: no OpenPGP key found in the data`);
    const missing = join(cli.dir, 'missing.asc');
    expectOneLineError(await cli.run(['keys', 'import', missing]), 1, `cannot read ${missing}: no such file`);
  });
});

describe('keys export, list and revoke', () => {
  let fingerprint: string;
  beforeEach(async () => {
    fingerprint = await generate('Alice <alice@example.org>');
  });

  it('exports the public key and the still-protected secret key, armored or binary', async () => {
    const publicArmored = await cli.run(['keys', 'export', fingerprint, '--armor']);
    expect(publicArmored.out).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----\n/);
    const publicBinary = await cli.run(['keys', 'export', fingerprint.slice(-16)]);
    const secretArmored = await cli.run(['keys', 'export', 'alice@example.org', '--secret', '--armor']);
    expect(secretArmored.out).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----\n/);
    const secretBinary = await cli.run(['keys', 'export', fingerprint.slice(-8), '--secret']);
    const keys = [
      ...(await keysIn(publicArmored.out)),
      ...(await keysIn(publicBinary.stdout)),
      ...(await keysIn(secretArmored.out)),
      ...(await keysIn(secretBinary.stdout)),
    ];
    expect(keys.map((k) => [k.getFingerprint(), k.isPrivate() && !k.isDecrypted()])).toEqual([
      [fingerprint, false],
      [fingerprint, false],
      [fingerprint, true],
      [fingerprint, true],
    ]);
  });

  it('says which key ID matched nothing, and refuses a secret export of a public-only key', async () => {
    expectOneLineError(await cli.run(['keys', 'export', 'deadbeefdeadbeef']), 1, 'no key in the keyring matches "deadbeefdeadbeef"');
    expectOneLineError(await cli.run(['keys', 'export', 'xyz']), 2, /"xyz" is not a key ID/);
    const other = await openpgp.generateKey({ userIDs: [{ email: 'bob@example.org' }], format: 'object' });
    await cli.run(['keys', 'import', await cli.file('bob.asc', other.publicKey.armor())]);
    expectOneLineError(await cli.run(['keys', 'export', 'bob@example.org', '--secret']), 1, /has no secret part to export/);
  });

  it('lists keys for people and for scripts', async () => {
    const table = await cli.run(['keys', 'list']);
    expect(table.out).toMatch(new RegExp(`^sec  ${fingerprint}  v4 eddsaLegacy/ed25519Legacy  own  created \\d{4}-\\d{2}-\\d{2}\\n {5}uid  Alice <alice@example.org>\\n {5}from generated here, seen \\d{4}-\\d{2}-\\d{2}\\n$`));
    const [entry] = JSON.parse((await cli.run(['keys', 'list', '--json'])).out) as Record<string, unknown>[];
    expect(Object.keys(entry ?? {}).sort()).toEqual(
      ['acceptance', 'addedAt', 'algorithm', 'capabilities', 'created', 'expired', 'expires', 'fingerprint', 'keyChange', 'keyId', 'level', 'provenances', 'qr', 'revoked', 'secret', 'source', 'userIds', 'version'],
    );
    expect(entry).toMatchObject({ keyId: fingerprint.slice(-16), expires: null, expired: false, source: 'generated', level: 'own', keyChange: null });
  });

  it('revokes with the passphrase, prints the certificate, and keeps the secret key protected', async () => {
    expectOneLineError(await cli.run(['keys', 'revoke', fingerprint], { passphrase: 'wrong' }), 1, `wrong passphrase for key ${fingerprint}`);
    expect((await listJson())[0]?.revoked).toBe(false);
    const [before] = await keysIn((await cli.run(['keys', 'export', fingerprint])).stdout);

    // Only the first line of the passphrase file counts, whatever the line ending.
    const passFile = await cli.file('pass-crlf', `${PASS}\r\nnot part of it\n`);
    const revoked = await cli.run(['--passphrase-file', passFile, 'keys', 'revoke', fingerprint]);
    expect(revoked.stderr).toBe('');
    expect(revoked.code).toBe(0);
    expect(revoked.out).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----\n[\s\S]*-----END PGP PUBLIC KEY BLOCK-----\n$/);
    expect((await listJson())[0]).toMatchObject({ revoked: true, secret: true, capabilities: { sign: false, encrypt: false } });
    expect((await cli.run(['keys', 'list'])).out).toContain('REVOKED');
    const [secret] = await keysIn((await cli.run(['keys', 'export', fingerprint, '--secret'])).stdout);
    expect(secret?.isPrivate() && !secret.isDecrypted()).toBe(true);

    // The printed certificate alone revokes a copy of the public key that someone got earlier.
    if (!before) throw new Error('expected the public key');
    const { publicKey: applied } = await openpgp.revokeKey({ key: before, revocationCertificate: revoked.out, format: 'object' });
    expect(await applied.isRevoked()).toBe(true);
  });

  it('refuses to revoke a key whose secret part is not in the keyring', async () => {
    const other = await openpgp.generateKey({ userIDs: [{ email: 'bob@example.org' }], format: 'object' });
    await cli.run(['keys', 'import', await cli.file('bob.asc', other.publicKey.armor())]);
    expectOneLineError(await cli.run(['keys', 'revoke', 'bob@example.org'], { passphrase: PASS }), 1, /has no secret key for .*; only its owner can revoke it/);
  });
});

describe('failures', () => {
  it('reports an unusable profile in one line, without a stack trace', async () => {
    await writeFile(cli.profile, 'a file, not a folder');
    expectOneLineError(await cli.run(['keys', 'list']), 1, `profile ${cli.profile}: exists and is not a directory`);
  });

  it('reports a corrupt keyring.json in one line naming it', async () => {
    await generate('Alice <alice@example.org>');
    await writeFile(join(cli.profile, 'keyring.json'), '{"version": 1, "keys": ');
    expectOneLineError(await cli.run(['keys', 'list']), 1, `keyring ${join(cli.profile, 'keyring.json')} is corrupt (not valid JSON); move it away to start an empty keyring`);
  });

  it('treats command-line mistakes as usage errors (exit 2)', async () => {
    expectOneLineError(await cli.run(['keys', 'lst']), 2, /unknown command 'lst'/);
    expectOneLineError(await cli.run(['keys', 'list', '--jsn']), 2, "unknown option '--jsn'");
    expectOneLineError(await cli.run(['keys']), 2, 'missing command; see "sealmail --help"');
    expectOneLineError(await cli.run(['keys', 'export']), 2, "missing required argument 'id'");
  });

  it('prints help on stdout and exits 0', async () => {
    const help = await cli.run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: sealmail [options] [command]');
    const keysHelp = await cli.run(['help', 'keys']);
    expect([keysHelp.code, keysHelp.stderr]).toEqual([0, '']);
    expect(keysHelp.out).toContain('Usage: sealmail keys [options] [command]');
  });
});
