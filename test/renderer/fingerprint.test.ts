// Fingerprints are compared by people reading them aloud: the grouping and the comparison must not mislead.
import { describe, expect, it } from 'vitest';
import { fingerprintsMatch, groupFingerprint, normalizeFingerprint } from '../../renderer/fingerprint.js';

const V4 = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const V6 = 'a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcdef0';

describe('fingerprint grouping', () => {
  it('prints a v4 fingerprint upper-case in ten blocks of four, with a wider gap in the middle', () => {
    expect(groupFingerprint(V4)).toBe('A1B2 C3D4 E5F6 0718 293A  4B5C 6D7E 8F90 1234 5678');
  });

  it('prints a v6 fingerprint in sixteen blocks of four', () => {
    const grouped = groupFingerprint(V6);
    expect(grouped.split(' ')).toHaveLength(16);
    expect(grouped.replace(/ /g, '')).toBe(V6.toUpperCase());
  });

  it('normalizes what a user pastes: spaces, colons, 0x and case', () => {
    expect(normalizeFingerprint(' 0xa1b2:c3d4 e5f6 ')).toBe('A1B2C3D4E5F6');
  });
});

describe('fingerprint comparison', () => {
  it('accepts the full fingerprint however it is spaced or cased', () => {
    expect(fingerprintsMatch(groupFingerprint(V4).toLowerCase(), V4)).toBe(true);
  });

  it('refuses a key ID, a prefix, one wrong digit and an empty entry', () => {
    expect(fingerprintsMatch(V4.slice(-16), V4)).toBe(false);
    expect(fingerprintsMatch(V4.slice(0, 39), V4)).toBe(false);
    expect(fingerprintsMatch(`${V4.slice(0, 39)}9`, V4)).toBe(false);
    expect(fingerprintsMatch('', '')).toBe(false);
  });
});
