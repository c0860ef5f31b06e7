// Fingerprints as people read them aloud and compare them: upper-case, in blocks of four.

/** The hex digits of a fingerprint as the user typed or pasted it: spaces, colons and a 0x prefix dropped, upper-cased. */
export function normalizeFingerprint(input: string): string {
  return input
    .trim()
    .replace(/^0x/i, '')
    .replace(/[\s:-]/g, '')
    .toUpperCase();
}

/** "ABCD EF01 2345 ..." for reading aloud; a v4 fingerprint (40 digits) gets a wider gap after the fifth block, as GnuPG prints it. */
export function groupFingerprint(fingerprint: string): string {
  const hex = normalizeFingerprint(fingerprint);
  const blocks = hex.match(/.{1,4}/g) ?? [];
  if (blocks.length === 10) return `${blocks.slice(0, 5).join(' ')}  ${blocks.slice(5).join(' ')}`;
  return blocks.join(' ');
}

/**
 * True only when what the user typed is the whole fingerprint, digit for digit: a key ID or a
 * prefix is not enough, since comparing a short ID is what an attacker's look-alike key defeats.
 */
export function fingerprintsMatch(typed: string, fingerprint: string): boolean {
  const a = normalizeFingerprint(typed);
  const b = normalizeFingerprint(fingerprint);
  return /^[0-9A-F]{40,64}$/.test(a) && a === b;
}
