// RFC 5322 section 3.4 addresses: who a message claims to be from, and the display-name tricks around it.
import { addressParser } from 'postal-mime';
import { type HeaderField, headerValues } from './header.js';

export interface Mailbox {
  name: string;
  address: string;
}

const ADDRESS_LIKE = /[^\s<>"'@,;:()]+@[^\s<>"'@,;:()]+\.[a-z0-9-]{2,}/gi;

/** Every mailbox in the named fields (groups flattened), addresses lower-cased. */
export function mailboxes(fields: readonly HeaderField[], name: string): Mailbox[] {
  const out: Mailbox[] = [];
  for (const value of headerValues(fields, name)) {
    for (const m of addressParser(value, { flatten: true })) {
      if (m.address) out.push({ name: m.name ?? '', address: m.address.trim().toLowerCase() });
    }
  }
  return out;
}

/**
 * A display name that itself contains an address other than the real one
 * ("bank@example.com" <thief@example.net>) is a spoof: many clients show only the name.
 */
export function displayNameTrick(mailbox: Mailbox): string | null {
  const seen = mailbox.name.match(ADDRESS_LIKE) ?? [];
  const other = seen.find((a) => a.toLowerCase() !== mailbox.address);
  return other ?? null;
}

export function addressOfUserId(userId: string): string | null {
  const parsed = addressParser(userId, { flatten: true });
  const first = parsed[0];
  if (first?.address && first.address.includes('@')) return first.address.trim().toLowerCase();
  const bare = userId.trim();
  return /^[^\s<>@]+@[^\s<>@]+$/.test(bare) ? bare.toLowerCase() : null;
}
