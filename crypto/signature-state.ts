// The rules that turn signature checks into the one signature state the user sees (see crypto/report.ts).
import type { Mailbox } from './mime/address.js';
import { displayNameTrick } from './mime/address.js';
import type { SignatureCheck } from './pgp/verify.js';
import type { SecurityReport, SignatureScheme } from './report.js';

export type Coverage =
  | { kind: 'none' }
  /** The signatures cover the whole displayed content. */
  | { kind: 'full'; scheme: SignatureScheme; checks: SignatureCheck[] }
  /** The signatures cover only a part of what is displayed. */
  | { kind: 'partial'; scheme: SignatureScheme; checks: SignatureCheck[] };

export function signatureReport(coverage: Coverage, from: readonly Mailbox[], warnings: string[]): SecurityReport['signature'] {
  if (coverage.kind === 'none' || coverage.checks.length === 0) {
    return { state: 'none', scheme: null, signer: null, acceptance: null, signedAt: null };
  }
  const { checks, scheme } = coverage;
  const good = checks.filter((c) => c.outcome === 'good');
  const fromAddress = from.length === 1 ? (from[0] as Mailbox).address : null;
  const shown = good.find((c) => fromAddress !== null && c.signerAddresses.includes(fromAddress)) ?? good[0] ?? checks[0] as SignatureCheck;
  const result = (state: SecurityReport['signature']['state']): SecurityReport['signature'] => ({
    state,
    scheme,
    signer: shown.fingerprint
      ? { address: fromAddress && shown.signerAddresses.includes(fromAddress) ? fromAddress : shown.signerAddresses[0] ?? null, fingerprint: shown.fingerprint }
      : null,
    acceptance: shown.signer?.acceptance ?? null,
    signedAt: shown.created ? shown.created.toISOString() : null,
  });
  for (const c of checks) if (c.outcome !== 'good' && c.detail) warnings.push(c.detail);

  if (coverage.kind === 'partial') {
    warnings.push('only part of this message is signed; the rest could have been added by anyone');
    return result('partial');
  }
  if (checks.some((c) => c.outcome === 'bad')) return result('invalid');
  if (checks.some((c) => c.outcome === 'revoked')) return result('revoked');
  if (checks.some((c) => c.outcome === 'expired')) return result('expired');
  if (good.length === 0) return result('unknown-signer');
  if (from.length === 0) {
    warnings.push('the message has no From address');
    return result('mismatch');
  }
  if (from.length > 1) {
    warnings.push(`the message claims ${from.length} From addresses: ${from.map((m) => m.address).join(', ')}`);
    return result('mismatch');
  }
  const trick = displayNameTrick(from[0] as Mailbox);
  if (trick) {
    warnings.push(`the sender's display name shows the address ${trick}, but the message is from ${fromAddress}`);
    return result('mismatch');
  }
  if (!good.some((c) => c.signerAddresses.includes(fromAddress as string))) {
    warnings.push(`the signer (${shown.signerAddresses.join(', ') || 'no address'}) is not the From address ${fromAddress}`);
    return result('mismatch');
  }
  return result('valid');
}
