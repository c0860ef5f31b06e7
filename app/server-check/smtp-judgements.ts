// What each observation means for the user: STARTTLS, credential exposure, enumeration, relay and SASL (the first two and SASL serve IMAP too).
import type { Check } from './report.js';
import { formatReply, type SmtpReply } from './smtp-session.js';

/** The probe's addresses: a sender in `.invalid` (RFC 2606) so no bounce can ever go anywhere, to a domain nobody here serves. */
export const RELAY_PROBE = { from: 'probe@sealmail-check.invalid', to: 'relay-test@example.com' } as const;

export type StartTlsOutcome =
  | { kind: 'implicit' }
  | { kind: 'not-offered' }
  | { kind: 'refused'; answer: string }
  | { kind: 'injected'; why: string }
  | { kind: 'handshake' };

export function judgeStartTls(outcome: StartTlsOutcome): Check {
  switch (outcome.kind) {
    case 'implicit':
      return { id: 'starttls', verdict: 'good', summary: 'not needed: TLS from the first byte', detail: 'This port encrypts the whole connection (implicit TLS, RFC 8314), so nothing can strip the encryption.' };
    case 'not-offered':
      return { id: 'starttls', verdict: 'bad', summary: 'STARTTLS not offered', detail: 'Mail to and from this server travels in clear text, readable and changeable by anyone on the path.' };
    case 'refused':
      return { id: 'starttls', verdict: 'bad', summary: 'STARTTLS offered but refused', detail: `The server advertised STARTTLS and then refused it (${outcome.answer}), so no encrypted connection is possible.` };
    case 'injected':
      return { id: 'starttls', verdict: 'bad', summary: 'data injected before the TLS handshake', detail: `${outcome.why}. Such data would be taken as if it came over the encrypted connection.` };
    case 'handshake':
      return { id: 'starttls', verdict: 'good', summary: 'STARTTLS offered', detail: 'The server upgrades the connection to TLS when asked.' };
  }
}

/** AUTH advertised in the clear invites clients to send passwords that anyone on the path can read. */
export function judgeCredentialExposure(mechanismsBeforeTls: readonly string[] | 'implicit-tls'): Check {
  if (mechanismsBeforeTls === 'implicit-tls') {
    return { id: 'credential-exposure', verdict: 'good', summary: 'passwords only over TLS', detail: 'Nothing is sent before the connection is encrypted.' };
  }
  if (mechanismsBeforeTls.length > 0) {
    return {
      id: 'credential-exposure',
      verdict: 'bad',
      summary: `AUTH offered before TLS (${mechanismsBeforeTls.join(' ')})`,
      detail: 'The server accepts passwords over an unencrypted connection; a mail client that uses it exposes your password to anyone on the path. Sealmail never does, but other clients may.',
    };
  }
  return { id: 'credential-exposure', verdict: 'good', summary: 'no AUTH before TLS', detail: 'The server asks for passwords only once the connection is encrypted.' };
}

/** 2xx, or 252 ("cannot verify, but will try"), to VRFY or EXPN lets anyone test which addresses exist. */
export function judgeEnumeration(vrfy: SmtpReply, expn: SmtpReply): Check {
  const answers = (r: SmtpReply): boolean => r.code >= 200 && r.code < 300;
  const answered = [answers(vrfy) ? `VRFY (${formatReply(vrfy)})` : '', answers(expn) ? `EXPN (${formatReply(expn)})` : ''].filter(Boolean);
  const replies = `VRFY: ${formatReply(vrfy)}; EXPN: ${formatReply(expn)}`;
  if (answered.length > 0) {
    return {
      id: 'user-enumeration',
      verdict: 'bad',
      summary: `${answered.map((a) => a.split(' ')[0]).join(' and ')} answered`,
      detail: `Anyone can ask this server which addresses exist, to aim spam and phishing at real people. ${replies}`,
    };
  }
  return { id: 'user-enumeration', verdict: 'good', summary: 'VRFY and EXPN refused', detail: `The server does not tell strangers which addresses exist. ${replies}` };
}

/** The relay probe: MAIL FROM and RCPT TO on foreign domains, without AUTH. DATA is never sent. */
export function judgeRelay(mail: SmtpReply, rcpt: SmtpReply | undefined): Check {
  const evidence = `MAIL FROM:<${RELAY_PROBE.from}>: ${formatReply(mail)}${rcpt ? `; RCPT TO:<${RELAY_PROBE.to}>: ${formatReply(rcpt)}` : ''}`;
  if (rcpt === undefined) {
    return { id: 'open-relay', verdict: 'good', summary: 'no open relay (unknown senders refused)', detail: `The server refused a stranger's sender address. ${evidence}` };
  }
  if (rcpt.code >= 200 && rcpt.code < 300) {
    return {
      id: 'open-relay',
      verdict: 'bad',
      summary: 'open relay: mail for other domains accepted without AUTH',
      detail: `Anyone can send mail through this server to anywhere, so spammers will, and its mail will end up blocked. (The probe stopped before DATA; nothing was sent.) ${evidence}`,
    };
  }
  if (rcpt.code >= 400 && rcpt.code < 500) {
    return { id: 'open-relay', verdict: 'warning', summary: 'undecided: recipient deferred', detail: `The server put off the foreign recipient (perhaps greylisting), so the probe cannot tell whether it relays. ${evidence}` };
  }
  return { id: 'open-relay', verdict: 'good', summary: 'no open relay', detail: `Without AUTH the server refuses mail for other domains. ${evidence}` };
}

// Mechanisms that send the password (PLAIN, LOGIN) or a token are fine inside TLS. CRAM-MD5 and
// DIGEST-MD5 need the server to keep passwords in a reversible form, and are obsolete (RFC 6331).
const OBSOLETE = new Set(['CRAM-MD5', 'DIGEST-MD5', 'NTLM', 'ANONYMOUS']);

/** The mechanisms a client may use; `encrypted` says whether they were offered inside TLS. */
export function judgeSasl(mechanisms: readonly string[], encrypted: boolean): Check {
  const offered = mechanisms.join(' ');
  if (mechanisms.length === 0) {
    return { id: 'sasl', verdict: 'warning', summary: 'no AUTH offered', detail: 'The server takes no logins: it may receive mail (an MX) but cannot be used to send yours.' };
  }
  if (!encrypted) {
    return { id: 'sasl', verdict: 'bad', summary: `${offered}, only without TLS`, detail: 'Every one of these would have to be used over an unencrypted connection, which Sealmail refuses.' };
  }
  const obsolete = mechanisms.filter((m) => OBSOLETE.has(m));
  const note = obsolete.length > 0 ? ` ${obsolete.join(', ')} ${obsolete.length > 1 ? 'are' : 'is'} obsolete and means the server keeps passwords in a reversible form.` : '';
  if (!mechanisms.includes('PLAIN') && !mechanisms.includes('LOGIN')) {
    return { id: 'sasl', verdict: 'warning', summary: `${offered}: no PLAIN or LOGIN`, detail: `Sealmail logs in with PLAIN or LOGIN over TLS (or XOAUTH2 with a token), which this server does not offer.${note}` };
  }
  return { id: 'sasl', verdict: obsolete.length > 0 ? 'warning' : 'good', summary: offered, detail: `Offered after TLS; PLAIN and LOGIN are safe inside the encrypted connection.${note}` };
}
