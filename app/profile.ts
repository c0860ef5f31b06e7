// Finds and prepares the profile folder: the one place on disk that holds a user's keyring.
import { mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SealmailError } from '../crypto/errors.js';

export interface ProfileLocation {
  /** `--profile DIR` from the command line. */
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** `--profile`, else `$SEALMAIL_PROFILE`, else the per-user app-data folder the desktop app uses. */
export function profileDir(options: ProfileLocation = {}): string {
  const { flag, env = process.env, platform = process.platform, home = homedir() } = options;
  if (flag) return resolve(flag);
  if (env.SEALMAIL_PROFILE) return resolve(env.SEALMAIL_PROFILE);
  // The same folders Electron's app.getPath('userData') picks for an app named "Sealmail".
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Sealmail');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Sealmail');
    default:
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Sealmail');
  }
}

/** Creates the folder (mode 0700: it holds secret keys) when missing; refuses anything but a directory. */
export async function ensureProfileDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw profileError(dir, e);
  }
  const info = await stat(dir).catch((e: unknown) => {
    throw profileError(dir, e);
  });
  if (!info.isDirectory()) throw new SealmailError('profile', `profile ${dir} is not a directory`);
}

/** One line naming the path and what is wrong with it, from a Node fs error. */
export function profileError(path: string, e: unknown): SealmailError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const what: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EEXIST: 'exists and is not a directory',
    ENOTDIR: 'a parent of it is not a directory',
    ENOENT: 'does not exist',
    EROFS: 'is on a read-only file system',
    ENOSPC: 'no space left on the device',
    EISDIR: 'is a directory',
  };
  const reason = (code && what[code]) ?? (e instanceof Error ? e.message.split('\n')[0] : String(e));
  return new SealmailError('profile', `profile ${path}: ${reason}`);
}
