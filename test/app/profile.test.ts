// Where the profile lives: the flag, then $SEALMAIL_PROFILE, then the folder the desktop app uses.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureProfileDir, profileDir } from '../../app/profile.js';

describe('profileDir', () => {
  const home = '/home/ann';

  it('prefers --profile, then SEALMAIL_PROFILE', () => {
    const env = { SEALMAIL_PROFILE: '/srv/env-profile' };
    expect(profileDir({ flag: 'rel/dir', env, platform: 'linux', home })).toBe(resolve('rel/dir'));
    expect(profileDir({ env, platform: 'linux', home })).toBe('/srv/env-profile');
  });

  it("falls back to each OS's per-user app-data folder", () => {
    expect(profileDir({ env: {}, platform: 'linux', home })).toBe('/home/ann/.config/Sealmail');
    expect(profileDir({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', home })).toBe('/xdg/Sealmail');
    expect(profileDir({ env: {}, platform: 'darwin', home })).toBe('/home/ann/Library/Application Support/Sealmail');
    expect(profileDir({ env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, platform: 'win32', home })).toBe(
      join('C:\\Users\\ann\\AppData\\Roaming', 'Sealmail'),
    );
  });
});

describe('ensureProfileDir', () => {
  it('creates a missing profile readable by its owner only, and refuses a file in its place', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sealmail-profile-'));
    try {
      const dir = join(folder, 'a', 'b');
      await ensureProfileDir(dir);
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      await writeFile(join(folder, 'file'), '');
      await expect(ensureProfileDir(join(folder, 'file'))).rejects.toMatchObject({ code: 'profile' });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
