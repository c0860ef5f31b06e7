// The words and the level of the security status drawn in the app chrome above a message, from its SecurityReport alone.
import type { KeyAcceptance, SecurityReport } from '../app/contract/index.js';
import { groupFingerprint } from './fingerprint.js';

/** good: encrypted and validly signed; plain: nothing claimed; warning: something is missing or doubtful; bad: something failed. */
export type StatusLevel = 'good' | 'plain' | 'warning' | 'bad';

export interface StatusLine {
  /** What the line is about: encryption or signature. */
  topic: 'encryption' | 'signature';
  level: StatusLevel;
  text: string;
}

export interface SecurityStatus {
  level: StatusLevel;
  /** One short headline, e.g. "Encrypted and signed by alice@example.org". */
  headline: string;
  lines: StatusLine[];
  warnings: string[];
}

const SCHEMES: Record<string, string> = {
  'pgp-mime': 'OpenPGP (PGP/MIME)',
  'pgp-inline': 'OpenPGP (inline)',
  'pgp-cleartext': 'OpenPGP (cleartext signature)',
};

export const ACCEPTANCE_WORDS: Record<KeyAcceptance, string> = {
  own: 'your own key',
  verified: 'key verified by you (fingerprint compared)',
  accepted: 'key accepted, fingerprint not compared',
  imported: 'key imported, not verified',
  unaccepted: 'key not accepted',
};

export function schemeWords(scheme: string | null): string {
  return scheme ? (SCHEMES[scheme] ?? scheme) : 'none';
}

function encryptionLine(report: SecurityReport): StatusLine {
  const { state, scheme, error } = report.encryption;
  if (state === 'encrypted') return { topic: 'encryption', level: 'good', text: `Encrypted with ${schemeWords(scheme)}.` };
  if (state === 'failed') {
    return { topic: 'encryption', level: 'bad', text: `Decryption failed: ${error ?? 'the message could not be decrypted'}. Nothing of its content is shown.` };
  }
  return { topic: 'encryption', level: 'plain', text: 'Not encrypted: anyone who handled it on the way could read it.' };
}

function signatureLine(report: SecurityReport): StatusLine {
  const { state, signer, acceptance } = report.signature;
  const who = signer ? `${signer.address ?? 'an unnamed key'} (key ${groupFingerprint(signer.fingerprint)})` : 'an unknown key';
  const accepted = acceptance ? `; ${ACCEPTANCE_WORDS[acceptance]}` : '';
  switch (state) {
    case 'valid':
      return { topic: 'signature', level: 'good', text: `Signed by ${who}${accepted}.` };
    case 'invalid':
      return { topic: 'signature', level: 'bad', text: 'The signature does not verify: the message was changed after signing, or the signature is forged.' };
    case 'unknown-signer':
      return { topic: 'signature', level: 'warning', text: `Signed with a key you do not have${signer ? ` (${groupFingerprint(signer.fingerprint)})` : ''}: who signed it is unknown.` };
    case 'mismatch':
      return { topic: 'signature', level: 'bad', text: `Signed by ${who}, which is not the sender shown in From.` };
    case 'partial':
      return { topic: 'signature', level: 'warning', text: `Only part of this message is signed (by ${who}); the rest could come from anyone.` };
    case 'expired':
      return { topic: 'signature', level: 'bad', text: `Signed by ${who} with a key that had expired when it signed.` };
    case 'revoked':
      return { topic: 'signature', level: 'bad', text: `Signed by ${who} with a key that is revoked.` };
    case 'none':
      return { topic: 'signature', level: 'plain', text: 'Not signed: the sender is not proven.' };
  }
}

const RANK: Record<StatusLevel, number> = { good: 0, plain: 1, warning: 2, bad: 3 };

export function securityStatus(report: SecurityReport): SecurityStatus {
  const lines = [encryptionLine(report), signatureLine(report)];
  const worst = lines.reduce<StatusLevel>((w, l) => (RANK[l.level] > RANK[w] ? l.level : w), 'good');
  const level: StatusLevel = worst === 'good' && report.warnings.length > 0 ? 'warning' : worst;
  return { level, headline: headline(report), lines, warnings: report.warnings };
}

function headline(report: SecurityReport): string {
  const enc = report.encryption.state;
  const sig = report.signature.state;
  if (enc === 'failed') return 'Decryption failed';
  if (sig === 'invalid' || sig === 'mismatch' || sig === 'expired' || sig === 'revoked') return 'Signature problem';
  const signedBy = sig === 'valid' ? `signed by ${report.signature.signer?.address ?? 'a known key'}` : null;
  if (enc === 'encrypted') return signedBy ? `Encrypted and ${signedBy}` : 'Encrypted, sender not proven';
  return signedBy ? `Not encrypted, ${signedBy}` : 'Not encrypted, not signed';
}
