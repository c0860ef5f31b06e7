// Where a discovered key came from: one small record, kept with the key and in the lookup cache.

export type DiscoveryMethod = 'wkd' | 'vks' | 'hkp';

export interface KeyProvenance {
  method: DiscoveryMethod;
  /** The exact URL that answered with the key. */
  url: string;
  /** ISO 8601: when it was fetched from that URL (not when it was last read from the cache). */
  fetchedAt: string;
}
