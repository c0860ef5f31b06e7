// The desktop vault key: kept wrapped by the OS keychain when there is a real one, else the passphrase.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopVaultKey, WRAPPED_KEY_FILE, type Keychain } from '../../../app/electron/vault-key.js';
import { passphraseKey } from '../../../app/vault/key-source.js';
import { Vault } from '../../../app/vault/vault.js';

/** A keychain that "encrypts" by XOR with a secret of its own, and records what it was asked. */
function fakeKeychain(options: { available?: boolean; backend?: string; reEncrypt?: boolean; broken?: boolean } = {}) {
  const calls: string[] = [];
  const secret = 0x5a;
  const keychain: Keychain = {
    isAsyncEncryptionAvailable: async () => {
      calls.push('available');
      return options.available ?? true;
    },
    getSelectedStorageBackend: () => {
      calls.push('backend');
      return options.backend ?? 'gnome_libsecret';
    },
    encryptStringAsync: async (text) => {
      calls.push('encrypt');
      return Buffer.from(Buffer.from(`v10${text}`, 'utf8').map((b) => b ^ secret));
    },
    decryptStringAsync: async (data) => {
      calls.push('decrypt');
      if (options.broken) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: Buffer.from(data.map((b) => b ^ secret)).toString('utf8').slice(3), shouldReEncrypt: options.reEncrypt ?? false };
    },
  };
  return { keychain, calls };
}

let profile: string;
beforeEach(async () => {
  profile = await mkdtemp(join(tmpdir(), 'sealmail-vault-key-'));
});
afterEach(async () => {
  await rm(profile, { recursive: true, force: true });
});

describe('desktopVaultKey', () => {
  it('makes a random key on first start, keeps it only wrapped, and finds the same key next time', async () => {
    const first = await desktopVaultKey({ profile, keychain: fakeKeychain().keychain, platform: 'linux' });
    expect(first.kind).toBe('keychain');
    if (first.kind !== 'keychain') return;
    const key = await first.source.key(first.source.fresh());
    expect(key).toHaveLength(32);

    const wrapped = await readFile(join(profile, WRAPPED_KEY_FILE));
    expect(wrapped.includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect(wrapped.includes(key)).toBe(false);
    if (process.platform !== 'win32') expect((await stat(join(profile, WRAPPED_KEY_FILE))).mode & 0o777).toBe(0o600);

    const second = await desktopVaultKey({ profile, keychain: fakeKeychain().keychain, platform: 'linux' });
    expect(second.kind === 'keychain' && (await second.source.key({ name: 'raw' })).equals(key)).toBe(true);
  });

  it('opens the same vault again on the next start', async () => {
    const first = await desktopVaultKey({ profile, keychain: fakeKeychain().keychain, platform: 'darwin' });
    if (first.kind !== 'keychain') throw new Error('expected the keychain');
    const vault = await Vault.create({ profile, source: first.source });
    await vault.set('probe', 'kept');

    const again = await desktopVaultKey({ profile, keychain: fakeKeychain().keychain, platform: 'darwin' });
    if (again.kind !== 'keychain') throw new Error('expected the keychain');
    expect((await Vault.unlock({ profile, source: again.source })).getText('probe')).toBe('kept');
  });

  it("on Linux with Chromium's basic_text store, asks for the passphrase and says why, writing no key file", async () => {
    const result = await desktopVaultKey({ profile, keychain: fakeKeychain({ backend: 'basic_text' }).keychain, platform: 'linux' });
    expect(result).toEqual({ kind: 'passphrase', warning: expect.stringMatching(/keyring.*passphrase/is) });
    await expect(stat(join(profile, WRAPPED_KEY_FILE))).rejects.toThrow();
  });

  it("treats Linux's 'unknown' backend like basic_text", async () => {
    expect((await desktopVaultKey({ profile, keychain: fakeKeychain({ backend: 'unknown' }).keychain, platform: 'linux' })).kind).toBe('passphrase');
  });

  it('asks for the passphrase when the keychain is unavailable', async () => {
    const result = await desktopVaultKey({ profile, keychain: fakeKeychain({ available: false }).keychain, platform: 'win32' });
    expect(result).toEqual({ kind: 'passphrase', warning: expect.stringMatching(/keychain is not available/) });
  });

  it('asks the backend only on Linux (the call exists only there)', async () => {
    const { keychain, calls } = fakeKeychain();
    await desktopVaultKey({ profile, keychain, platform: 'darwin' });
    expect(calls).not.toContain('backend');
  });

  it('leaves a passphrase vault (made by the CLI) to its passphrase, without touching the keychain', async () => {
    await Vault.create({ profile, source: { ...passphraseKey('pw'), fresh: () => ({ name: 'scrypt', N: 2 ** 14, r: 8, p: 1, salt: Buffer.alloc(16, 1).toString('base64') }) } });
    const { keychain, calls } = fakeKeychain();
    expect(await desktopVaultKey({ profile, keychain, platform: 'linux' })).toEqual({ kind: 'passphrase', warning: null });
    expect(calls).toEqual([]);
  });

  it('refuses, with a way out, a keychain vault when the keychain is gone', async () => {
    const first = await desktopVaultKey({ profile, keychain: fakeKeychain().keychain, platform: 'linux' });
    if (first.kind !== 'keychain') throw new Error('expected the keychain');
    await Vault.create({ profile, source: first.source });
    await expect(desktopVaultKey({ profile, keychain: fakeKeychain({ backend: 'basic_text' }).keychain, platform: 'linux' })).rejects.toMatchObject({
      code: 'profile',
      message: expect.stringMatching(/keychain, which is not available.*desktop session/),
    });
  });

  it('refuses a keychain vault whose key file is missing rather than making a new key', async () => {
    const first = await desktopVaultKey({ profile, keychain: fakeKeychain().keychain, platform: 'linux' });
    if (first.kind !== 'keychain') throw new Error('expected the keychain');
    await Vault.create({ profile, source: first.source });
    await rm(join(profile, WRAPPED_KEY_FILE));
    await expect(desktopVaultKey({ profile, keychain: fakeKeychain().keychain, platform: 'linux' })).rejects.toMatchObject({ code: 'profile', message: expect.stringContaining('missing') });
  });

  it('reports a key file the keychain cannot unwrap, or that holds no key', async () => {
    await desktopVaultKey({ profile, keychain: fakeKeychain().keychain, platform: 'linux' });
    await expect(desktopVaultKey({ profile, keychain: fakeKeychain({ broken: true }).keychain, platform: 'linux' })).rejects.toMatchObject({ code: 'profile' });
    await writeFile(join(profile, WRAPPED_KEY_FILE), await fakeKeychain().keychain.encryptStringAsync('c2hvcnQ='));
    await expect(desktopVaultKey({ profile, keychain: fakeKeychain().keychain, platform: 'linux' })).rejects.toMatchObject({ code: 'profile' });
  });

  it('rewraps the key when the keychain asks for it (its own key rotated)', async () => {
    await desktopVaultKey({ profile, keychain: fakeKeychain().keychain, platform: 'linux' });
    const { keychain, calls } = fakeKeychain({ reEncrypt: true });
    await desktopVaultKey({ profile, keychain, platform: 'linux' });
    expect(calls).toEqual(['available', 'backend', 'decrypt', 'encrypt']);
  });
});
