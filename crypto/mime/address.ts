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
    for (const entry of addressParser(value)) {
      // Clients show a group's name like a display name ("boss@corp.example: thief@example.net;"), so members carry it.
      const members = entry.group ? entry.group.map((m) => ({ address: m.address, name: [entry.name, m.name].filter(Boolean).join(': ') })) : [entry];
      for (const m of members) if (m.address) out.push({ name: m.name ?? '', address: m.address.trim().toLowerCase() });
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
