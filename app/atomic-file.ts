// Replaces a private profile file so that a crash leaves the old or the new content, never a mix.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { profileError } from './profile.js';

/** Writes a mode-0600 temp file beside `path`, flushes it, renames it over `path`, then flushes the folder. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(temp, 'wx', 0o600);
    try {
      await file.writeFile(data);
      await file.chmod(0o600); // the umask may only narrow the mode; be exact anyway
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw profileError(path, e);
  }
  // The rename is durable only once the folder is flushed; Windows cannot open folders, so best effort.
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/** writeFileAtomic into the profile, making the file's folder first (mode 0700) when it is missing. */
export async function writeProfileFile(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 }).catch((e: unknown) => {
    throw profileError(dir, e);
  });
  await writeFileAtomic(path, data);
}
