// What the services say as codes, in the user's language: key provenance, the compose policy's reason, the send
// outcome, a discovery step. A code this UI does not know shows the service's own English words instead.
import type { CertificateView, DiscoveryView, KeyView, RecipientPolicy, RecipientStatus, SendOutcome } from '../app/contract/index.js';
import { errorHeadingKey } from './i18n/errors.js';
import { catalogKey, type Translate } from './i18n/translate.js';

/** Addresses joined the way the language lists them. */
export function listWords(items: readonly string[], t: Translate): string {
  return items.join(t('list.separator'));
}

/** Where a key came from. */
export function provenanceWords(key: KeyView, t: Translate): string {
  switch (key.provenanceKind) {
    case 'generated':
      return t('keys.provenance.generated');
    case 'imported':
      return key.provenanceFrom === null ? t('keys.provenance.imported') : t('keys.provenance.importedFrom', { path: key.provenanceFrom });
    case 'revoked':
      return t('keys.provenance.revoked');
    default:
      return key.provenance;
  }
}

/** Where an S/MIME certificate came from. */
export function certificateProvenanceWords(cert: CertificateView, t: Translate): string {
  switch (cert.provenance) {
    case 'pkcs12':
      return t('certs.provenance.pkcs12');
    case 'imported':
      return t('certs.provenance.imported');
    case 'file':
      return t('certs.provenance.file', { path: cert.provenanceFrom ?? '' });
    case 'mail':
      return t('certs.provenance.mail', { address: cert.provenanceFrom ?? '' });
    case 'built-in':
      return t('certs.provenance.builtIn');
    default:
      return cert.provenanceFrom ?? '';
  }
}

/** A certificate's name for a list or heading: its subject's common name, else its first address, else the whole subject. */
export function certificateName(cert: CertificateView): string {
  const cn = /(?:^|, )CN=([^,]+)/.exec(cert.subject)?.[1];
  return cn ?? cert.emails[0] ?? cert.subject;
}

/** Why mail to one recipient cannot be encrypted; null when it can. */
export function recipientProblemWords(status: RecipientStatus, t: Translate): string | null {
  if (status.problemCode === null) return status.problem;
  const key = catalogKey(`chip.problem.${status.problemCode}`);
  return key ? t(key, { address: status.address }) : status.problem;
}

/** Why the message cannot be encrypted, as the policy's code says it; `sender` is the From address. */
export function policyReasonWords(policy: RecipientPolicy, sender: string, t: Translate): string {
  switch (policy.reasonCode) {
    case 'no-key':
      return t('compose.reason.no-key', { addresses: listWords(policy.keyless, t) });
    case 'no-own-key':
      return t('compose.reason.no-own-key', { address: sender });
    case 'no-recipient':
      return t('compose.reason.no-recipient');
    case 'mixed': {
      const having = (scheme: 'pgp' | 'smime') => listWords(policy.recipients.filter((r) => r.scheme === scheme).map((r) => r.address), t);
      return t('compose.reason.mixed', { pgp: having('pgp'), smime: having('smime') });
    }
    default:
      return policy.reason ?? t('compose.cannotEncryptReason');
  }
}

const SEALED = { signed: 'compose.sealed.signed', encrypted: 'compose.sealed.encrypted', 'signed and encrypted': 'compose.sealed.both' } as const;

/** What became of a sent message: one line in the user's words, and the server's own English words when it failed. */
export function sendOutcomeWords(outcome: SendOutcome, t: Translate): { text: string; detail: string | null } {
  const sealedKey = Object.hasOwn(SEALED, outcome.sealed) ? SEALED[outcome.sealed] : null;
  const sealed = sealedKey ? t(sealedKey) : outcome.sealed;
  if (outcome.state === 'sent') {
    const sent = t('compose.sentTo', { sealed, recipients: listWords(outcome.recipients, t) });
    return { text: outcome.copyPending ? `${sent} ${t('compose.copyPending')}` : sent, detail: null };
  }
  const code = outcome.reasonCode;
  const heading = code === null ? null : code === 'busy' ? 'compose.queuedBusy' : errorHeadingKey(code);
  if (heading === null || heading === 'error.unknown') return { text: t('compose.queuedBecause', { sealed, reason: outcome.detail }), detail: null };
  return { text: t('compose.queuedBecause', { sealed, reason: t(heading) }), detail: outcome.reasonDetail };
}

/** One discovery step that found nothing: where Sealmail looked and why it found nothing, with the service's English detail. */
export function attemptWords(attempt: DiscoveryView['attempts'][number], t: Translate): string {
  const key = catalogKey(`onboarding.attempt.${attempt.code}`);
  const result = key ? t(key) + t('onboarding.attemptDetail', { detail: attempt.message }) : attempt.message;
  return t('onboarding.attempt', { source: attempt.source, where: attempt.where, result });
}
