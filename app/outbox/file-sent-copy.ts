// Files a sent message's sealed bytes (the encrypted-to-self form) in the account's Sent folder over IMAP.
import { imapSettings } from '../accounts/account-book.js';
import { appendSent } from '../imap/append-sent.js';
import { openImap } from '../imap/connection.js';
import type { MailProfile } from '../mail-profile.js';
import type { Account } from '../store/accounts.js';
import type { OutboxItem } from '../store/outbox.js';

/**
 * Appends `item.raw` unchanged, flagged \Seen, unless the Sent folder already holds it (same Message-ID):
 * a run killed after its APPEND leaves the item accepted, and filing it again must not make a second copy.
 * Throws the IMAP error as is, so the caller keeps the item accepted.
 */
export async function fileSentCopy(mail: MailProfile, item: OutboxItem, account: Account): Promise<void> {
  const session = await openImap(imapSettings(mail, account));
  try {
    await appendSent(session.client, item.raw);
  } finally {
    await session.close();
  }
}
