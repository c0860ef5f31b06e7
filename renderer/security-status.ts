// The words and the level of the security status drawn in the app chrome above a message, from its SecurityReport alone.
import type { KeyAcceptance, SecurityReport } from '../app/contract/index.js';
import { groupFingerprint } from './fingerprint.js';
import type { Translate } from './i18n/translate.js';

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
  /** One short headline, e.g. "Encrypted and signed by alice@example.org" (in English). */
  headline: string;
  lines: StatusLine[];
  warnings: string[];
}

const SCHEMES = ['pgp-mime', 'pgp-inline', 'pgp-cleartext', 'smime'] as const;

export function acceptanceWords(acceptance: KeyAcceptance, t: Translate): string {
  return t(`acceptance.${acceptance}`);
}

export function schemeWords(scheme: string | null, t: Translate): string {
  if (!scheme) return t('status.scheme.none');
  return (SCHEMES as readonly string[]).includes(scheme) ? t(`status.scheme.${scheme as (typeof SCHEMES)[number]}`) : scheme;
}

function encryptionLine(report: SecurityReport, t: Translate): StatusLine {
  const { state, scheme, error, integrity } = report.encryption;
  // Encrypted without integrity protection (S/MIME AES-CBC) could have been altered unseen: never "good".
  if (state === 'encrypted' && integrity === 'none') {
    return { topic: 'encryption', level: 'warning', text: t('status.encryptedNoIntegrity', { scheme: schemeWords(scheme, t) }) };
  }
  if (state === 'encrypted') return { topic: 'encryption', level: 'good', text: t('status.encrypted', { scheme: schemeWords(scheme, t) }) };
  if (state === 'failed') {
    return { topic: 'encryption', level: 'bad', text: t('status.decryptFailed', { reason: error ?? t('status.decryptFailedReason') }) };
  }
  return { topic: 'encryption', level: 'plain', text: t('status.notEncrypted') };
}

function signatureLine(report: SecurityReport, t: Translate): StatusLine {
  const { state, signer, acceptance } = report.signature;
  const who = signer
    ? t('status.signer', { address: signer.address ?? t('status.unnamedKey'), fingerprint: groupFingerprint(signer.fingerprint) })
    : t('status.unknownKey');
  const line = (level: StatusLevel, text: string): StatusLine => ({ topic: 'signature', level, text });
  switch (state) {
    case 'valid':
      return line('good', t('status.signed.valid', { who, acceptance: acceptance ? t('status.acceptanceSuffix', { acceptance: acceptanceWords(acceptance, t) }) : '' }));
    case 'invalid':
      return line('bad', t('status.signed.invalid'));
    case 'unknown-signer':
      return line(
        'warning',
        t('status.signed.unknownSigner', { fingerprint: signer ? t('status.signed.unknownSignerFingerprint', { fingerprint: groupFingerprint(signer.fingerprint) }) : '' }),
      );
    case 'mismatch':
      return line('bad', t('status.signed.mismatch', { who }));
    case 'partial':
      return line('warning', t('status.signed.partial', { who }));
    case 'expired':
      return line('bad', t('status.signed.expired', { who }));
    case 'revoked':
      return line('bad', t('status.signed.revoked', { who }));
    case 'none':
      return line('plain', t('status.signed.none'));
  }
}

const RANK: Record<StatusLevel, number> = { good: 0, plain: 1, warning: 2, bad: 3 };

/** The status in the words of `t` (the current language); the report's own strings (error, warnings, addresses) stay as they are. */
export function securityStatus(report: SecurityReport, t: Translate): SecurityStatus {
  const lines = [encryptionLine(report, t), signatureLine(report, t)];
  const worst = lines.reduce<StatusLevel>((w, l) => (RANK[l.level] > RANK[w] ? l.level : w), 'good');
  const level: StatusLevel = worst === 'good' && report.warnings.length > 0 ? 'warning' : worst;
  // The decryption error already stands in the encryption line; repeating it as a warning says nothing new.
  const warnings = report.warnings.filter((w) => w !== report.encryption.error);
  return { level, headline: headline(report, t), lines, warnings };
}

function headline(report: SecurityReport, t: Translate): string {
  const enc = report.encryption.state;
  const sig = report.signature.state;
  if (enc === 'failed') return t('status.headline.decryptFailed');
  if (sig === 'invalid' || sig === 'mismatch' || sig === 'expired' || sig === 'revoked') return t('status.headline.signatureProblem');
  if (enc === 'encrypted' && report.encryption.integrity === 'none') return t('status.headline.noIntegrity');
  const signer = sig === 'valid' ? (report.signature.signer?.address ?? t('status.knownKey')) : null;
  if (enc === 'encrypted') return signer ? t('status.headline.encryptedSignedBy', { signer }) : t('status.headline.encryptedUnproven');
  return signer ? t('status.headline.plainSignedBy', { signer }) : t('status.headline.plain');
}
