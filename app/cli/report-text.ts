// The human form of a SecurityReport: the same facts as the JSON, in words, then the message text.
import type { SecurityReport, SignatureState } from '../../crypto/report.js';
import { terminalLine, terminalSafe } from './output.js';

const SIGNATURE_WORDS: Record<SignatureState, string> = {
  valid: 'good signature by the sender',
  invalid: 'BAD signature: the content was changed after signing',
  'unknown-signer': 'signed with a key that is not in the keyring; cannot check it',
  mismatch: 'good signature, but the signer is not the sender in From',
  partial: 'only part of the message is signed',
  expired: 'signed with a key that had expired',
  revoked: 'signed with a revoked key',
  none: 'not signed',
};

const SCHEMES: Record<string, string> = {
  'pgp-mime': 'PGP/MIME',
  'pgp-inline': 'inline PGP',
  'pgp-cleartext': 'PGP cleartext',
  smime: 'S/MIME',
};

export function reportText(report: SecurityReport): string {
  const lines: string[] = [];
  const from = report.from ? (report.fromName ? `${report.fromName} <${report.from}>` : report.from) : '(none, or several addresses)';
  lines.push(`From: ${terminalLine(from)}`);
  lines.push(`Subject: ${terminalLine(report.subject ?? '(none)')}${report.protectedHeaders ? '  (protected)' : ''}`);
  lines.push(`Encryption: ${encryptionText(report)}`);
  lines.push(`Signature: ${signatureText(report)}`);
  for (const warning of report.warnings) lines.push(`Warning: ${terminalLine(warning)}`);
  for (const a of report.attachments) lines.push(`Attachment: ${terminalLine(a.name ?? '(unnamed)')} (${terminalLine(a.type)}, ${a.size} bytes)`);
  lines.push('');
  lines.push(report.text === null ? '(no text can be shown)' : terminalSafe(report.text));
  return `${lines.join('\n').replace(/\n*$/, '')}\n`;
}

function encryptionText({ encryption }: SecurityReport): string {
  const scheme = encryption.scheme ? ` (${SCHEMES[encryption.scheme]})` : '';
  if (encryption.state === 'encrypted' && encryption.integrity === 'none') return `encrypted${scheme}, WITHOUT integrity protection`;
  if (encryption.state === 'encrypted') return `encrypted${scheme}`;
  if (encryption.state === 'failed') return `FAILED${scheme}: ${terminalLine(encryption.error ?? 'cannot decrypt')}`;
  return 'not encrypted';
}

function signatureText({ signature }: SecurityReport): string {
  const parts = [SIGNATURE_WORDS[signature.state] + (signature.scheme ? ` (${SCHEMES[signature.scheme]})` : '')];
  if (signature.signer) {
    const who = signature.signer.address ? `${terminalLine(signature.signer.address)}, ` : '';
    parts.push(`signer ${who}key ${signature.signer.fingerprint}`);
  }
  if (signature.acceptance) parts.push(`key acceptance: ${signature.acceptance}`);
  if (signature.signedAt) parts.push(`signed at ${signature.signedAt}`);
  return parts.join('; ');
}
