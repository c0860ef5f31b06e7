// Turns what imapflow and Node throw into one-line SealmailErrors whose code says what the user can change.
import { SealmailError } from '../../crypto/errors.js';

interface FlowError {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  responseText?: string;
  message?: string;
}

/** Node's codes for a certificate that does not verify (self-signed, expired, wrong name, unknown CA). */
const CERTIFICATE_CODES = /^(ERR_TLS_CERT_ALTNAME_INVALID|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_)/;

/**
 * Never includes the server's reply verbatim for an authentication failure: a hostile server can
 * echo the command back, and with it the password.
 */
export function imapError(e: unknown, server: string): SealmailError {
  if (e instanceof SealmailError) return e;
  const err = (e ?? {}) as FlowError;
  const code = err.code ?? '';
  const message = err.message ?? String(e);
  if (err.authenticationFailed) {
    return new SealmailError('auth-failed', `${server} refused the user name or password; check them in the account settings`);
  }
  if (CERTIFICATE_CODES.test(code)) {
    return new SealmailError('certificate', `the certificate of ${server} is not valid (${code}); trust its CA or pin the certificate only if you know why`);
  }
  if (err.tlsFailed || code === 'STARTTLS_INJECTION') {
    if (/STARTTLS/.test(message) && !/injection/i.test(message)) {
      return new SealmailError('tls-unavailable', `${server} did not offer STARTTLS (or it was stripped on the way); no password was sent`);
    }
    return new SealmailError('tls-failed', `TLS with ${server} could not be set up safely; no password was sent`);
  }
  if (code === 'ECONNREFUSED') return new SealmailError('connection-refused', `nothing accepts connections at ${server}; check the host and port`);
  if (code === 'ETIMEOUT' || code === 'CONNECT_TIMEOUT' || code === 'GREETING_TIMEOUT' || code === 'ETIMEDOUT') {
    return new SealmailError('timeout', `${server} did not answer in time`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new SealmailError('network', `the host of ${server} cannot be found`);
  if (/^(ECONNRESET|EPIPE|NoConnection|EHOSTUNREACH|ENETUNREACH)$/.test(code)) {
    return new SealmailError('network', `the connection to ${server} broke (${code})`);
  }
  if (/^ERR_SSL|^ERR_TLS/.test(code) || /SSL|TLS/.test(message)) {
    return new SealmailError('tls-failed', `TLS with ${server} could not be set up safely: ${oneLine(message)}`);
  }
  const reply = err.responseText ? `: ${oneLine(err.responseText)}` : `: ${oneLine(message)}`;
  return new SealmailError('imap', `${server} refused the request${reply}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Runs one IMAP operation of a session, turning whatever it throws into a SealmailError naming the server. */
export async function asImapError<T>(client: { host: string; port: number }, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (e) {
    throw imapError(e, `${client.host}:${client.port}`);
  }
}
