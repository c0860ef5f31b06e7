// Autocrypt Level 1 key gossip (section 2.7): Autocrypt-Gossip fields inside the encrypted payload of group mail.
import type { PublicKey } from 'openpgp';
import { autocryptOffers, keydataLines } from './autocrypt.js';
import { addressOfUserId, mailboxes } from './mime/address.js';
import { encodeUtf8 } from './mime/bytes.js';
import type { HeaderField } from './mime/header.js';
import type { AutocryptOffer } from './report.js';

/** To and Cc, never Bcc: gossiping a Bcc recipient's key would tell everyone who else got the message. */
export function gossipRecipients(fields: readonly HeaderField[], from: string): string[] {
  return [...new Set(['to', 'cc'].flatMap((name) => mailboxes(fields, name).map((m) => m.address)))].filter((a) => a !== from);
}

/**
 * One Autocrypt-Gossip field per To/Cc recipient, with the key the message is encrypted to for that address.
 * Only for more than one recipient (a single one already has their own key), and without prefer-encrypt,
 * which gossip does not carry.
 */
export function gossipFields(fields: readonly HeaderField[], from: string, encryptionKeys: readonly PublicKey[]): Uint8Array[] {
  const recipients = gossipRecipients(fields, from);
  if (recipients.length < 2) return [];
  return recipients.flatMap((addr) => {
    const key = encryptionKeys.find((k) => k.users.some((u) => u.userID && addressOfUserId(u.userID.userID) === addr));
    return key ? [encodeUtf8(`Autocrypt-Gossip: addr=${addr}; keydata=\r\n ${keydataLines(key).join('\r\n ')}`)] : [];
  });
}

/**
 * The gossiped keys to believe: from the payload's own header only, one valid field per address, and only
 * for addresses among `recipients`; a gossip field about anyone else is ignored.
 */
export async function readGossip(innerFields: readonly HeaderField[], recipients: readonly string[]): Promise<AutocryptOffer[]> {
  const offers = await autocryptOffers(innerFields, 'autocrypt-gossip');
  return recipients.flatMap((addr) => {
    const forAddr = offers.filter((o) => o.addr === addr);
    return forAddr.length === 1 ? [{ ...(forAddr[0] as AutocryptOffer), preferEncrypt: 'nopreference' as const }] : [];
  });
}
