// The profile's record of recent key look-ups (key-lookups.json), so asking twice does not ask the network twice.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';
import { ensureProfileDir, profileError } from '../profile.js';
import type { LookupAttempt } from './directory-fetch.js';
import type { KeyProvenance } from './provenance.js';

/** A look-up that found keys is answered from the cache for a day; one that found nothing, for an hour. */
export const FOUND_TTL_MS = 24 * 60 * 60 * 1000;
export const MISSING_TTL_MS = 60 * 60 * 1000;

export interface CachedKey {
  /** The public key as kept after filtering, armored. */
  armored: string;
  provenance: KeyProvenance;
}

export interface CachedLookup {
  /** ISO 8601, when the network was asked. */
  lookedUpAt: string;
  keys: CachedKey[];
  attempts: LookupAttempt[];
}

type CacheFile = Record<string, CachedLookup>;

const cachePath = (profile: string): string => join(profile, 'key-lookups.json');

/** The cached answer for `query` if still fresh at `now`; a damaged cache file is treated as empty, since it only saves time. */
export async function readCachedLookup(profile: string, query: string, now: Date): Promise<CachedLookup | null> {
  const entry = (await readCache(profile))[query];
  if (!entry) return null;
  const age = now.getTime() - Date.parse(entry.lookedUpAt);
  const ttl = entry.keys.length > 0 ? FOUND_TTL_MS : MISSING_TTL_MS;
  return age >= 0 && age < ttl ? entry : null;
}

/** Records an answer; entries past their TTL are dropped on the way, so the file does not grow forever. */
export async function writeCachedLookup(profile: string, query: string, entry: CachedLookup, now: Date): Promise<void> {
  const cache = await readCache(profile);
  const fresh = Object.entries(cache).filter(([, e]) => now.getTime() - Date.parse(e.lookedUpAt) < FOUND_TTL_MS);
  await ensureProfileDir(profile);
  await writeFileAtomic(cachePath(profile), `${JSON.stringify({ version: 1, lookups: { ...Object.fromEntries(fresh), [query]: entry } }, null, 2)}\n`);
}

async function readCache(profile: string): Promise<CacheFile> {
  const path = cachePath(profile);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw profileError(path, e);
  }
  try {
    const data = JSON.parse(text) as { version?: unknown; lookups?: unknown };
    if (data.version !== 1 || typeof data.lookups !== 'object' || data.lookups === null) return {};
    return data.lookups as CacheFile;
  } catch {
    return {};
  }
}
