// SMTP submission of a sealed message, byte for byte, over verified TLS with SMTP AUTH only (RFC 6409, RFC 8314).
import SMTPConnection, { type SMTPConnectionAuth, type SMTPConnectionSendInfo } from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import { SealmailError } from '../../crypto/errors.js';
import { InjectionWatch } from './starttls-injection.js';
import { submissionError, submissionTimeout } from './submission-errors.js';
import { checkSubmitRawOptions, type SubmissionAuth, type SubmitRawOptions } from './submission-options.js';
import { tlsOptions } from './tls-trust.js';

export type { SubmissionAccount, SubmissionAuth, SubmissionEnvelope, SubmitRawOptions, TransportSecurity } from './submission-options.js';

export interface SubmissionResult {
  /** Recipients the server accepted. */
  accepted: string[];
  /** Recipients it refused while accepting others: the message went to the accepted ones only. */
  rejected: string[];
  /** The server's reply to the message, e.g. `250 2.0.0 Ok: queued as ...`. */
  response: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Submits `raw` unchanged. It uses nodemailer's SMTPConnection, not its transport: the transport
 * sends without AUTH when a server advertises none, and has no point between the TLS-protected
 * EHLO and AUTH at which to refuse a session that had plaintext injected before TLS.
 */
export async function submitRaw(options: SubmitRawOptions): Promise<SubmissionResult> {
  checkSubmitRawOptions(options);
  const { account, auth, envelope, raw } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const server = `${account.host}:${account.port}`;
  const context = { server, secrets: secretsOf(account.user, auth), size: raw.length };
  const watch = new InjectionWatch();
  const connection = new SMTPConnection({
    host: account.host,
    port: account.port,
    secure: account.security === 'tls',
    requireTLS: account.security === 'starttls',
    tls: tlsOptions(account),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: watch.logger,
  });
  const failed = new Promise<never>((_resolve, reject) => {
    connection.on('error', reject);
    connection.once('end', () => reject(new Error('the server closed the connection')));
  });
  failed.catch(() => undefined);
  const step = <T>(run: (done: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> =>
    Promise.race([new Promise<T>((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value as T)))), failed]);
  // Set-up (TCP, TLS, greeting, EHLO) gets timeoutMs in all, on our own clock: nodemailer bounds connecting, the
  // handshake and the greeting, but the EHLO reply only by idleness, so a server trickling it held us for good.
  // Started before nodemailer's timers, this one also settles the outcome, whatever error the teardown brings:
  // a set-up that ran out of time is a timeout.
  let setupTimer: NodeJS.Timeout | undefined;
  const setupExpired = new Promise<never>((_resolve, reject) => {
    setupTimer = setTimeout(() => reject(submissionTimeout(server)), timeoutMs);
  });
  setupExpired.catch(() => undefined);

  try {
    await Promise.race([step<void>((done) => connection.connect(done)), setupExpired]);
    clearTimeout(setupTimer);
    if (watch.discarded > 0) {
      throw new SealmailError(
        'tls-failed',
        `${server} sent data in clear text between its STARTTLS reply and TLS (an injection attack?); nothing was sent`,
      );
    }
    // requireTLS/secure already guarantee this; checked again because a password depends on it.
    if (!connection.secure) throw new SealmailError('tls-failed', `the connection to ${server} is not encrypted; nothing was sent`);
    // The reply that completed connect() is the EHLO sent over TLS: the only capabilities to trust.
    const method = mechanism(String(connection.lastServerResponse), auth, server);
    await step<boolean>((done) => connection.login(loginData(account.user, auth, method), done));
    // SIZE lets the server refuse a too-large message before it is sent (RFC 1870).
    const mail = { from: envelope.from, to: envelope.to, size: raw.length, use8BitMime: raw.some((b) => b > 0x7f) };
    const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const info = await step<SMTPConnectionSendInfo>((done) => connection.send(mail, bytes, done));
    connection.quit();
    return { accepted: info.accepted, rejected: info.rejected, response: info.response };
  } catch (e) {
    connection.close();
    throw submissionError(e, context);
  } finally {
    clearTimeout(setupTimer);
  }
}

/**
 * The mechanism to log in with, from the EHLO reply received over TLS: PLAIN, else LOGIN for a
 * password (never CRAM-MD5, which needs the server to keep passwords readable); XOAUTH2 for a token.
 */
function mechanism(ehlo: string, auth: SubmissionAuth, server: string): 'PLAIN' | 'LOGIN' | 'XOAUTH2' {
  const offered = new Set(
    ehlo
      .split(/\r?\n/)
      .flatMap((line) => /^\d{3}[ -]AUTH[ =](.*)$/i.exec(line)?.[1]?.toUpperCase().split(/[\s=]+/) ?? []),
  );
  if ('xoauth2AccessToken' in auth) {
    if (offered.has('XOAUTH2')) return 'XOAUTH2';
    throw new SealmailError('auth-unavailable', `${server} does not offer XOAUTH2 login; nothing was sent`);
  }
  if (offered.has('PLAIN')) return 'PLAIN';
  if (offered.has('LOGIN')) return 'LOGIN';
  throw new SealmailError('auth-unavailable', `${server} offers no password login (AUTH PLAIN or LOGIN) over TLS; nothing was sent`);
}

function loginData(user: string, auth: SubmissionAuth, method: string): SMTPConnectionAuth {
  if ('xoauth2AccessToken' in auth) {
    return { user, method, oauth2: new XOAuth2({ user, accessToken: auth.xoauth2AccessToken }) };
  }
  return { user, pass: auth.password, method };
}

function secretsOf(user: string, auth: SubmissionAuth): string[] {
  if ('xoauth2AccessToken' in auth) {
    const token = auth.xoauth2AccessToken;
    return [token, `user=${user}\x01auth=Bearer ${token}\x01\x01`];
  }
  return [auth.password, `\0${user}\0${auth.password}`];
}
