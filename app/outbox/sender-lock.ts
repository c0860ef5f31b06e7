// One sender per profile at a time: an exclusive lock file naming the process that drains the outbox.
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { profileError } from '../profile.js';

export interface SenderLock {
  release(): Promise<void>;
}

const lockPath = (profile: string): string => join(profile, 'outbox.lock');

/**
 * Takes the lock, or returns null while another live process holds it. A lock left by a process
 * that died (kill -9, power cut) is taken over: whoever holds the lock knows that every outbox item
 * marked "sending" was orphaned by a dead sender and may be sent again at once, instead of waiting
 * for its lease to run out.
 */
export async function takeSenderLock(profile: string): Promise<SenderLock | null> {
  const path = lockPath(profile);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const file = await open(path, 'wx', 0o600);
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      return { release: () => rm(path, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw profileError(path, e);
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(holder) && holder > 0 && alive(holder)) return null;
    // Dead holder, or a lock file cut short by a crash while it was written: remove it and try again.
    // Two processes taking over the same stale lock at once could both win; the cost is a possible
    // duplicate submission of one message, never a lost one.
    await rm(path, { force: true });
  }
  return null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
