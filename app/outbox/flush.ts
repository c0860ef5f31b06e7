// Drains the outbox: submits each due message and removes it only once the server has accepted it.
import { isSealmailError, type SealmailErrorCode } from '../../crypto/errors.js';
import { oneLine } from '../../crypto/pgp/config.js';
import { submissionSettings } from '../accounts/account-book.js';
import type { MailProfile } from '../mail-profile.js';
import type { Account } from '../store/accounts.js';
import type { OutboxItem } from '../store/outbox.js';
import { submitRaw, type SubmissionResult, type SubmitRawOptions } from '../transport/submit-raw.js';
import { takeSenderLock } from './sender-lock.js';

export interface FlushOutcome {
  id: number;
  account: string;
  recipients: string[];
  /** `sent`; `retry` (kept, tried again after a backoff); `failed` (kept until the user fixes the cause and flushes). */
  result: 'sent' | 'retry' | 'failed';
  /** The server's reply for `sent`; the one-line error otherwise. */
  detail: string;
  code?: SealmailErrorCode;
}

export interface FlushOptions {
  /** Also put messages that failed permanently back in the queue: the user asked to retry. */
  retryFailed?: boolean;
  /** The submission function; tests replace it to fail on purpose. */
  submit?: (options: SubmitRawOptions) => Promise<SubmissionResult>;
  /**
   * Called with each accepted message's sealed bytes, after it left the outbox: the hook for appending
   * the Sent copy over IMAP. Exactly-once there needs an outbox state between "accepted" and "appended"
   * (a `sent_appended` step), which belongs with the IMAP work.
   */
  onAccepted?: (item: OutboxItem, account: Account) => Promise<void>;
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
    return outcomes;
  } finally {
    await lock.release();
  }
}

async function sendOne(mail: MailProfile, item: OutboxItem, options: FlushOptions): Promise<FlushOutcome> {
  const submit = options.submit ?? submitRaw;
  const outbox = mail.store.outbox;
  // Removing an account removes its queued mail (ON DELETE CASCADE), so the account is there.
  const account = mail.store.accounts.list().find((a) => a.id === item.accountId) as Account;
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
  // A kill -9 right here, after the server accepted and before this delete, is the one way to a duplicate.
  outbox.complete(item.id);
  await options.onAccepted?.(item, account);
  return { ...base, result: 'sent', detail: response };
}
