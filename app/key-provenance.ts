// Where a key in the keyring came from: a list of sightings (issue 6 §1), each with when it was first and last seen.
import { isAbsolute } from 'node:path';
import type { KeyProvenance as DiscoveryProvenance } from './discovery/provenance.js';

/**
 * hand: imported by hand (a file, or pasted in the key manager; `detail` says which);
 * generated: made here; autocrypt / autocrypt-gossip: an Autocrypt header or a gossip header (`detail`: the message);
 * wkd / vks: a directory (`detail`: the URL that answered); signed-mail: harvested from a signed message;
 * attachment: attached to a message; other: a source string this version does not name (`detail` keeps it).
 */
export type ProvenanceKind = 'hand' | 'generated' | 'autocrypt' | 'autocrypt-gossip' | 'wkd' | 'vks' | 'signed-mail' | 'attachment' | 'other';

export const PROVENANCE_KINDS: readonly ProvenanceKind[] = ['hand', 'generated', 'autocrypt', 'autocrypt-gossip', 'wkd', 'vks', 'signed-mail', 'attachment', 'other'];

/** What a caller hands the keyring with a key: one sighting. `seenAt` defaults to now. */
export interface ProvenanceInput {
  kind: ProvenanceKind;
  /** The file path, URL or message the key came from; '' when there is nothing more to say. */
  detail: string;
  /** ISO 8601 or a Date. */
  seenAt?: string | Date;
}

/** One stored sighting: the same kind + detail seen again moves `lastSeenAt` on instead of adding a row. */
export interface Provenance {
  kind: ProvenanceKind;
  detail: string;
  /** ISO 8601. */
  firstSeenAt: string;
  lastSeenAt: string;
}

/** The key manager's note for keys pasted or opened there (app/services/key-service.ts). */
export const KEY_MANAGER_DETAIL = 'pasted or opened in the key manager';

/**
 * Reads the one-string `source` older keyrings (and older callers) use: "generated", "wkd:URL",
 * "vks:URL", an absolute file path, the key manager's note; anything else is kept as 'other'.
 */
export function provenanceFromSource(source: string): { kind: ProvenanceKind; detail: string } {
  if (source === 'generated') return { kind: 'generated', detail: '' };
  const directory = /^(wkd|vks):(https:\/\/.*)$/.exec(source);
  if (directory) return { kind: directory[1] as 'wkd' | 'vks', detail: directory[2] ?? '' };
  if (isAbsolute(source) || source === KEY_MANAGER_DETAIL) return { kind: 'hand', detail: source };
  return { kind: 'other', detail: source };
}

/** The one-string form kept in keyring.json's `source` for readers older than the provenance list. */
export function sourceFromProvenance(p: { kind: ProvenanceKind; detail: string }): string {
  if (p.kind === 'generated') return 'generated';
  if (p.kind === 'wkd' || p.kind === 'vks') return `${p.kind}:${p.detail}`;
  if (p.kind === 'hand' || p.kind === 'other') return p.detail;
  return p.detail === '' ? p.kind : `${p.kind}:${p.detail}`;
}

/** A discovery result's provenance (app/discovery/provenance.ts) as a keyring sighting, seen when it was fetched. */
export function fromDiscovery(p: DiscoveryProvenance): ProvenanceInput {
  // An HKP sighting is 'other' with "hkp:URL": a new kind would make older versions, which check kinds, refuse the keyring entry.
  if (p.method === 'hkp') return { kind: 'other', detail: `hkp:${p.url}`, seenAt: p.fetchedAt };
  return { kind: p.method, detail: p.url, seenAt: p.fetchedAt };
}

/** `list` with the sighting added, or with the same kind + detail's times widened to include it. */
export function withSighting(list: readonly Provenance[], input: ProvenanceInput, now: Date = new Date()): Provenance[] {
  const seen = input.seenAt === undefined ? now.toISOString() : new Date(input.seenAt).toISOString();
  const same = list.findIndex((p) => p.kind === input.kind && p.detail === input.detail);
  if (same < 0) return [...list, { kind: input.kind, detail: input.detail, firstSeenAt: seen, lastSeenAt: seen }];
  return list.map((p, i) =>
    i === same ? { ...p, firstSeenAt: p.firstSeenAt < seen ? p.firstSeenAt : seen, lastSeenAt: p.lastSeenAt > seen ? p.lastSeenAt : seen } : p,
  );
}

const WORDS: Record<ProvenanceKind, string> = {
  hand: 'imported by hand',
  generated: 'generated here',
  autocrypt: 'Autocrypt header',
  'autocrypt-gossip': 'Autocrypt gossip',
  wkd: 'WKD',
  vks: 'keys.openpgp.org (VKS)',
  'signed-mail': 'harvested from signed mail',
  attachment: 'attached to a message',
  other: 'other',
};

/** "WKD https://..., seen 2026-01-01 to 2026-03-01" for the CLI. */
export function provenanceText(p: Provenance): string {
  const first = p.firstSeenAt.slice(0, 10);
  const last = p.lastSeenAt.slice(0, 10);
  const when = first === last ? `seen ${first}` : `seen ${first} to ${last}`;
  return `${WORDS[p.kind]}${p.detail === '' ? '' : ` ${p.detail}`}, ${when}`;
}

/** The network places a key can be refreshed from: the WKD and VKS sightings. */
export function refreshSources(list: readonly Provenance[]): Provenance[] {
  return list.filter((p) => p.kind === 'wkd' || p.kind === 'vks');
}
