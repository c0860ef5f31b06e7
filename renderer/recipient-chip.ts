// What a recipient chip in compose shows: whether the address is usable, and whether a key exists for it.
import type { RecipientPolicy } from '../app/contract/index.js';
import type { Translate } from './i18n/translate.js';
import { recipientProblemWords } from './service-words.js';

export type ChipState = 'invalid' | 'checking' | 'key' | 'no-key';

export interface ChipView {
  state: ChipState;
  /** Short words on the chip. */
  label: string;
  /** The longer explanation (tooltip and accessible description). */
  detail: string;
  /** What the chip offers: look the address's key up (it has none), or open the key manager on a key change. */
  action: 'find-key' | 'open-keys' | null;
}

/** The same shape the service accepts for an address, so a chip never says "ok" for one the service will refuse. */
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

export function isAddress(text: string): boolean {
  return text.length >= 3 && text.length <= 320 && ADDRESS.test(text);
}

/** Splits typed or pasted recipients on commas, semicolons and whitespace; "Name <addr>" keeps only addr. */
export function parseRecipients(text: string): string[] {
  return text
    .split(/[,;]+/)
    .flatMap((entry) => {
      const bracketed = /<([^<>]*)>/.exec(entry);
      return bracketed ? [bracketed[1] ?? ''] : entry.split(/\s+/);
    })
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * The chip for one address, given the latest policy answer (null while it is being asked), in the words of `t`.
 * A policy answer that does not mention the address counts as still checking, never as "has a key".
 * The service's reason for "no key" (none, expired, revoked, refused) is said from its code; an unknown code shows the service's words.
 */
export function recipientChip(address: string, policy: RecipientPolicy | null, t: Translate): ChipView {
  if (!isAddress(address)) return { state: 'invalid', label: t('chip.invalid'), detail: t('chip.invalidDetail', { address }), action: null };
  const status = policy?.recipients.find((r) => r.address.toLowerCase() === address.toLowerCase());
  if (!status) return { state: 'checking', label: t('chip.checking'), detail: t('chip.checkingDetail'), action: null };
  if (status.fingerprint && !status.problem) {
    const fingerprint = status.fingerprint.toUpperCase();
    // A key of the other scheme cannot encrypt this message: one message is sealed with one scheme.
    if (status.scheme && policy && status.scheme !== policy.scheme) {
      return { state: 'no-key', label: t(`chip.otherScheme.${status.scheme}`), detail: t(`chip.otherSchemeDetail.${status.scheme}`, { address }), action: null };
    }
    if (status.scheme === 'smime') return { state: 'key', label: t('chip.smime'), detail: t('chip.smimeDetail', { address, fingerprint }), action: null };
    // Autocrypt discourages a key only gossiped by others or not seen in this person's mail for 35 days: say so.
    const advice = policy?.autocrypt?.recipients.find((r) => r.address.toLowerCase() === address.toLowerCase());
    const caution = advice?.recommendation === 'discourage' ? ` ${t('chip.autocryptDiscourage')}` : '';
    return { state: 'key', label: t('chip.key'), detail: `${t('chip.keyDetail', { address, fingerprint })}${caution}`, action: null };
  }
  const action = status.problemCode === 'no-key' ? 'find-key' : status.problemCode === 'key-changed' ? 'open-keys' : null;
  return { state: 'no-key', label: t('chip.noKey'), detail: recipientProblemWords(status, t) ?? t('chip.noKeyDetail', { address }), action };
}
