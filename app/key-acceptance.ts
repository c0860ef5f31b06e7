// Acceptance in Thunderbird's words (rejected / undecided / unverified / verified) and fingerprint comparison for verifying.
import { SealmailError } from '../crypto/errors.js';
import type { Acceptance } from '../crypto/report.js';

/**
 * The words users see. The keyring, the security report and the UI keep the older internal values
 * (crypto/report.ts `Acceptance`), which old keyring.json files and the renderer already read; the
 * CLI and the contract translate at their edge with these two functions.
 */
export type AcceptanceLevel = 'own' | 'rejected' | 'undecided' | 'unverified' | 'verified';

export const ACCEPTANCE_LEVELS: readonly Exclude<AcceptanceLevel, 'own'>[] = ['rejected', 'undecided', 'unverified', 'verified'];

const LEVEL: Record<Acceptance, AcceptanceLevel> = {
  own: 'own',
  unaccepted: 'rejected',
  imported: 'undecided',
  accepted: 'unverified',
  verified: 'verified',
};

export function acceptanceLevel(acceptance: Acceptance): AcceptanceLevel {
  return LEVEL[acceptance];
}

/** The internal value for a level a user typed; 'own' is not a level anyone can choose. */
export function acceptanceFromLevel(level: string): Exclude<Acceptance, 'own'> {
  const found = (Object.entries(LEVEL) as [Acceptance, AcceptanceLevel][]).find(([, l]) => l === level && l !== 'own');
  if (!found) throw new SealmailError('bad-option', `"${level}" is not an acceptance level: give one of ${ACCEPTANCE_LEVELS.join(', ')}`);
  return found[0] as Exclude<Acceptance, 'own'>;
}

/** True for the levels that make a key the one used for its addresses: unverified and verified. */
export function isAccepted(acceptance: Acceptance): boolean {
  return acceptance === 'accepted' || acceptance === 'verified';
}

/** Fingerprints in blocks of four, two halves, as GnuPG prints them for reading aloud. */
export function groupedFingerprint(fingerprint: string): string {
  const blocks = fingerprint.toUpperCase().match(/.{1,4}/g) ?? [];
  const half = Math.ceil(blocks.length / 2);
  return `${blocks.slice(0, half).join(' ')}  ${blocks.slice(half).join(' ')}`;
}

/**
 * The QR payload for a key: "OPENPGP4FPR:" and the upper-case fingerprint. No RFC defines it; it is the
 * de-facto format OpenKeychain introduced and K-9/Thunderbird Mail, Delta Chat and others scan.
 */
export function fingerprintQrPayload(fingerprint: string): string {
  return `OPENPGP4FPR:${fingerprint.toUpperCase()}`;
}

/** Refuses a typed fingerprint (spaces, a 0x prefix and either case allowed) that is not exactly `fingerprint`. */
export function checkTypedFingerprint(typed: string, fingerprint: string): void {
  const cleaned = typed.replace(/^0x/i, '').replace(/\s+/g, '').toLowerCase();
  if (cleaned !== fingerprint.toLowerCase()) {
    throw new SealmailError(
      'bad-option',
      `the fingerprint you typed does not match key ${groupedFingerprint(fingerprint)}; nothing was changed. Compare it with its owner again`,
    );
  }
}
