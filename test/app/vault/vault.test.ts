// The vault: secrets round-trip, a wrong passphrase is one clear line, re-keying keeps secrets, tampering is caught.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SealmailError } from '../../../crypto/errors.js';
import { passphraseKey, rawKey, SCRYPT_DEFAULTS } from '../../../app/vault/key-source.js';
import { Vault } from '../../../app/vault/vault.js';

let profile: string;
beforeEach(async () => {
  profile = join(await mkdtemp(join(tmpdir(), 'sealmail-vault-')), 'profile');
});
afterEach(async () => {
  await rm(join(profile, '..'), { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<SealmailError> {
  const e: unknown = await promise.then(() => null, (err: unknown) => err);
  if (!(e instanceof SealmailError)) throw new Error(`expected a SealmailError, got ${String(e)}`);
  expect(e.message).not.toContain('\n');
  return e;
}

const file = (): string => join(profile, 'vault.json');

describe('Vault', () => {
  it('keeps secrets across unlocks, in a private vault.json that shows none of them', async () => {
    const vault = await Vault.create({ profile, source: passphraseKey('correct horse') });
    await vault.set('account:1:password', 'hunter2-very-secret');
    await vault.set('account:1:token', new Uint8Array([0, 255, 13, 10]));
    const storeKey = await vault.storeKey();
    expect(storeKey).toHaveLength(32);

    const again = await Vault.unlock({ profile, source: passphraseKey('correct horse') });
    expect(again.getText('account:1:password')).toBe('hunter2-very-secret');
    expect([...(again.get('account:1:token') as Buffer)]).toEqual([0, 255, 13, 10]);
    expect((await again.storeKey()).equals(storeKey)).toBe(true);
    expect(again.get('account:2:password')).toBeUndefined();
    expect(again.names()).toEqual(['account:1:password', 'account:1:token', 'store-key']);

    expect(await again.delete('account:1:token')).toBe(true);
    expect(await again.delete('account:1:token')).toBe(false);
    expect((await Vault.unlock({ profile, source: passphraseKey('correct horse') })).names()).toEqual(['account:1:password', 'store-key']);

    expect((await stat(file())).mode & 0o777).toBe(0o600);
    const text = await readFile(file(), 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(storeKey.toString('hex'));
    expect(text).not.toContain(storeKey.toString('base64'));
    const json = JSON.parse(text) as { version: number; kdf: Record<string, unknown> };
    expect(json.version).toBe(1);
    expect(json.kdf).toMatchObject({ name: 'scrypt', ...SCRYPT_DEFAULTS });
  });

  it('says in one line that a wrong passphrase does not unlock it', async () => {
    const vault = await Vault.create({ profile, source: passphraseKey('right') });
    await vault.set('account:1:password', 'p');
    const e = await failure(Vault.unlock({ profile, source: passphraseKey('wrong') }));
    expect(e.code).toBe('wrong-passphrase');
    expect(e.message).toBe(`the passphrase does not unlock the vault ${file()}`);
  });

  it('changes the passphrase: the old one stops working, the secrets stay', async () => {
    const vault = await Vault.create({ profile, source: passphraseKey('old pass') });
    await vault.set('account:1:password', 'kept');
    const storeKey = await vault.storeKey();
    await vault.changeKey(passphraseKey('new pass'));
    expect(vault.getText('account:1:password')).toBe('kept');

    expect((await failure(Vault.unlock({ profile, source: passphraseKey('old pass') }))).code).toBe('wrong-passphrase');
    const reopened = await Vault.unlock({ profile, source: passphraseKey('new pass') });
    expect(reopened.getText('account:1:password')).toBe('kept');
    expect((await reopened.storeKey()).equals(storeKey)).toBe(true);
  });

  it('moves to a raw keychain key and refuses a passphrase afterwards', async () => {
    const vault = await Vault.create({ profile, source: passphraseKey('pass') });
    await vault.set('account:1:password', 'kept');
    const key = new Uint8Array(32).fill(7);
    await vault.changeKey(rawKey(key));
    expect((await Vault.unlock({ profile, source: rawKey(key) })).getText('account:1:password')).toBe('kept');
    expect((await failure(Vault.unlock({ profile, source: rawKey(new Uint8Array(32).fill(8)) }))).code).toBe('wrong-passphrase');
    expect((await failure(Vault.unlock({ profile, source: passphraseKey('pass') }))).message).toMatch(/\(OS keychain\), not by a passphrase$/);
  });

  it('detects an altered entry, a removed entry and an entry moved under another name', async () => {
    const vault = await Vault.create({ profile, source: rawKey(new Uint8Array(32).fill(1)) });
    await vault.set('account:1:password', 'one');
    await vault.set('account:2:password', 'two');
    const original = await readFile(file(), 'utf8');
    type Entries = Record<string, { nonce: string; data: string }>;
    const edits: Array<(entries: Entries) => void> = [
      (entries) => {
        const box = entries['account:1:password'] as { data: string };
        const bytes = Buffer.from(box.data, 'base64');
        bytes[0] = (bytes[0] as number) ^ 1;
        box.data = bytes.toString('base64');
      },
      (entries) => {
        delete entries['account:2:password'];
      },
      (entries) => {
        entries['account:2:password'] = entries['account:1:password'] as { nonce: string; data: string };
      },
    ];
    for (const edit of edits) {
      const json = JSON.parse(original) as { entries: Entries };
      edit(json.entries);
      await writeFile(file(), JSON.stringify(json));
      const e = await failure(Vault.unlock({ profile, source: rawKey(new Uint8Array(32).fill(1)) }));
      expect(e.code).toBe('profile');
      expect(e.message).toMatch(/has been altered/);
    }
    await writeFile(file(), original);
    expect((await Vault.unlock({ profile, source: rawKey(new Uint8Array(32).fill(1)) })).getText('account:2:password')).toBe('two');
  });

  it('refuses to overwrite a change another process made since it unlocked', async () => {
    const source = rawKey(new Uint8Array(32).fill(3));
    const cli = await Vault.create({ profile, source });
    const desktop = await Vault.unlock({ profile, source });
    await desktop.set('account:1:password', 'from the desktop app');
    const e = await failure(cli.set('account:2:password', 'from the CLI'));
    expect(e.message).toBe(`vault ${file()} was changed by another Sealmail; unlock it again and retry`);
    const fresh = await Vault.unlock({ profile, source });
    await fresh.set('account:2:password', 'from the CLI');
    expect((await Vault.unlock({ profile, source })).names()).toEqual(['account:1:password', 'account:2:password']);
  });

  it('guards the store key and entry names', async () => {
    const vault = await Vault.create({ profile, source: rawKey(new Uint8Array(32)) });
    const storeKey = await vault.storeKey();
    await expect(vault.set('store-key', new Uint8Array(32))).rejects.toThrow(/is managed by the vault itself$/);
    await expect(vault.delete('store-key')).rejects.toThrow(/is managed by the vault itself$/);
    expect((await vault.storeKey()).equals(storeKey)).toBe(true);
    expect(vault.get('constructor')).toBeUndefined();
    expect(await vault.delete('toString')).toBe(false);
    await expect(vault.set('__proto__', 'x')).rejects.toThrow(/is not a vault entry name/);
    expect(vault.names()).toEqual(['store-key']);
  });

  it('refuses to overwrite an existing vault, and names a missing or corrupt one', async () => {
    expect((await failure(Vault.unlock({ profile, source: passphraseKey('x') }))).message).toMatch(/there is no vault at/);
    await Vault.create({ profile, source: rawKey(new Uint8Array(32)) });
    expect((await failure(Vault.create({ profile, source: rawKey(new Uint8Array(32)) }))).message).toMatch(/already exists/);
    await writeFile(file(), '{"version":1,"kdf":{"name":"scrypt","N":2,"r":8,"p":1,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="}}');
    expect((await failure(Vault.unlock({ profile, source: passphraseKey('x') }))).message).toMatch(/is corrupt \(scrypt N out of range\)/);
  });
});
