// Drains the outbox: submits each due message, files its Sent copy, and removes it only once both are done.
import { isSealmailError, type SealmailErrorCode } from '../../crypto/errors.js';
import { oneLine } from '../../crypto/pgp/config.js';
import { submissionSettings } from '../accounts/account-book.js';
import type { MailProfile } from '../mail-profile.js';
import type { Account } from '../store/accounts.js';
import type { OutboxItem } from '../store/outbox.js';
import { submitRaw, type SubmissionResult, type SubmitRawOptions } from '../transport/submit-raw.js';
import { fileSentCopy } from './file-sent-copy.js';
import { takeSenderLock } from './sender-lock.js';

export interface FlushOutcome {
  id: number;
  account: string;
  recipients: string[];
  /**
   * `sent`; `retry` (kept, tried again after a backoff); `failed` (kept until the user fixes the cause and
   * flushes); `filed` (sent by an earlier run, its Sent copy filed now).
   */
  result: 'sent' | 'retry' | 'failed' | 'filed';
  /** The server's reply for `sent`; the one-line error otherwise. */
  detail: string;
  code?: SealmailErrorCode;
  /** For `sent` and `filed`: whether the Sent copy is in the Sent folder, or still to be filed (the row stays `accepted`). */
  sentCopy?: { filed: true } | { filed: false; error: string };
}

export interface FlushOptions {
  /** Also put messages that failed permanently back in the queue: the user asked to retry. */
  retryFailed?: boolean;
  /** The submission function; tests replace it to fail on purpose. */
  submit?: (options: SubmitRawOptions) => Promise<SubmissionResult>;
  /** Files an accepted message's Sent copy; tests replace it. Default: IMAP APPEND to the account's Sent folder. */
  fileCopy?: (item: OutboxItem, account: Account) => Promise<void>;
}

/**
 * Errors that trying again unchanged cannot fix: the password, a recipient, the size, the server's TLS.
 * Retrying them on a timer would only lock the account or spam the postmaster.
 */
const PERMANENT: ReadonlySet<string> = new Set([
  'auth-failed',
  'auth-unavailable',
  'recipient-rejected',
  'message-too-large',
  'certificate',
  'tls-unavailable',
  'tls-failed',
  'profile',
  'bad-option',
  'bad-message',
]);

/** Returns null when another process is sending from this profile right now (it will send these too). */
export async function flushOutbox(mail: MailProfile, options: FlushOptions = {}): Promise<FlushOutcome[] | null> {
  const lock = await takeSenderLock(mail.profile);
  if (!lock) return null;
  try {
    const outbox = mail.store.outbox;
    for (const item of outbox.list()) {
      // Holding the lock means no sender is alive: a "sending" item is a dead sender's, and may or may not
      // have reached the server. Sending it again risks a duplicate; not sending it risks losing it.
      if (item.state === 'sending' && outbox.fail(item.id, 'the sender stopped while sending', { permanent: true })) outbox.retry(item.id);
      if (item.state === 'failed' && options.retryFailed) outbox.retry(item.id);
    }
    const outcomes: FlushOutcome[] = [];
    for (let item = outbox.claim(); item; item = outbox.claim()) outcomes.push(await sendOne(mail, item, options));
    // Copies left by earlier runs (IMAP was down, or a kill came between acceptance and filing): filing only, never SMTP.
    const sentNow = new Set(outcomes.map((o) => o.id));
    for (const item of outbox.accepted()) {
      if (sentNow.has(item.id)) continue;
      const account = accountOf(mail, item);
      outcomes.push({ id: item.id, account: account.address, recipients: item.recipients, result: 'filed', detail: 'Sent copy', sentCopy: await fileOne(mail, item, account, options) });
    }
    return outcomes;
  } finally {
    await lock.release();
  }
}

async function sendOne(mail: MailProfile, item: OutboxItem, options: FlushOptions): Promise<FlushOutcome> {
  const submit = options.submit ?? submitRaw;
  const outbox = mail.store.outbox;
  const account = accountOf(mail, item);
  const base = { id: item.id, account: account.address, recipients: item.recipients };
  let response: string;
  try {
    const result = await submit({ ...submissionSettings(mail, account), envelope: { from: account.address, to: item.recipients }, raw: item.raw });
    response = result.response;
  } catch (e) {
    const code = isSealmailError(e) ? e.code : undefined;
    const permanent = code !== undefined && PERMANENT.has(code);
    const detail = oneLine(e);
    outbox.fail(item.id, detail, { permanent });
    return { ...base, result: permanent ? 'failed' : 'retry', detail, ...(code ? { code } : {}) };
  }
  // A kill -9 right here, after the server accepted and before this update, is the one way to a duplicate.
  outbox.accept(item.id);
  return { ...base, result: 'sent', detail: response, sentCopy: await fileOne(mail, item, account, options) };
}

/** Files the Sent copy of an accepted message and removes it; on failure it stays accepted for the next flush. */
async function fileOne(mail: MailProfile, item: OutboxItem, account: Account, options: FlushOptions): Promise<NonNullable<FlushOutcome['sentCopy']>> {
  const fileCopy = options.fileCopy ?? ((i: OutboxItem, a: Account) => fileSentCopy(mail, i, a));
  try {
    await fileCopy(item, account);
  } catch (e) {
    const error = oneLine(e);
    mail.store.outbox.copyFailed(item.id, error);
    return { filed: false, error };
  }
  // A kill between the APPEND and this delete leaves the item accepted; the next flush finds the copy by its
  // Message-ID and only deletes the item (a message without a Message-ID is filed a second time).
  mail.store.outbox.complete(item.id);
  return { filed: true };
}

function accountOf(mail: MailProfile, item: OutboxItem): Account {
  // Removing an account removes its queued mail (ON DELETE CASCADE), so the account is there.
  return mail.store.accounts.list().find((a) => a.id === item.accountId) as Account;
}
