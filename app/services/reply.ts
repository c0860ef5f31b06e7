// Reply and forward drafts that quote only the displayed root text, as plain text: never hidden or non-root parts ("Re: What's up Johnny?").
import { SealmailError } from '../../crypto/errors.js';
import { open } from '../../crypto/index.js';
import type { Draft } from '../contract/views.js';
import { messageAddresses } from '../message-addresses.js';
import { smimeOpenOptions } from '../smime-trust.js';
import type { ServiceRuntime } from './runtime.js';

export async function quotedReply(runtime: ServiceRuntime, messageId: number, mode: 'reply' | 'reply-all' | 'forward'): Promise<Draft> {
  const { mail, keyring } = runtime.need();
  const stored = mail.store.messages.get(messageId);
  const raw = stored && mail.store.messages.raw(stored.id);
  if (!stored || !raw) throw new SealmailError('bad-option', `there is no message ${messageId}`);
  const account = mail.store.accounts.list().find((a) => a.id === stored.accountId);
  if (!account) throw new SealmailError('bad-option', `message ${messageId} has no account`);
  // The same report the reader saw: its `text` is the displayed root only, and null when decryption failed.
  const report = await open({
    message: raw,
    verificationKeys: keyring.list().map(({ key, meta }) => ({ key: key.toPublic(), acceptance: meta.acceptance })),
    decryptionKeys: () => runtime.secretKeys(),
    smime: await smimeOpenOptions({ profile: runtime.profile, passphrase: async () => runtime.cachedPassphrase() }),
  });
  if (report.encryption.state === 'failed') throw new SealmailError('decrypt-failed', 'a message that could not be decrypted cannot be quoted');
  const subject = report.subject ?? stored.subject;
  const sender = report.from ?? '';
  const quoted = (report.text ?? '').replace(/\r\n/g, '\n').split('\n').map((line) => `> ${line}`).join('\n');
  const when = stored.date ? stored.date.toUTCString() : 'an unknown date';
  const own = account.address.toLowerCase();
  const others = mode === 'reply-all' ? messageAddresses(raw).recipients.map((a) => a.toLowerCase()).filter((a) => a !== own && a !== sender) : [];
  const prefixed = (prefix: string) => (subject.toLowerCase().startsWith(prefix.toLowerCase()) ? subject : `${prefix} ${subject}`);
  if (mode === 'forward') {
    return draft(account.id, [], [], prefixed('Fwd:'), `\n\n-------- Forwarded message --------\nFrom: ${sender}\nDate: ${when}\nSubject: ${subject}\n\n${report.text ?? ''}`, null);
  }
  return draft(account.id, sender ? [sender] : [], others, prefixed('Re:'), `\n\nOn ${when}, ${sender} wrote:\n${quoted}\n`, stored.messageId);
}

function draft(accountId: number, to: string[], cc: string[], subject: string, body: string, inReplyTo: string | null): Draft {
  return { id: null, accountId, to, cc, bcc: [], subject, body, sign: true, encrypt: true, attachments: [], inReplyTo };
}
