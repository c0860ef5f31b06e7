// What submitRaw takes (account, credentials, envelope, sealed bytes), checked before any connection is made.
import { checkOptions, SealmailError } from '../../crypto/errors.js';

/** Only TLS choices exist: implicit TLS (465, preferred by RFC 8314) or STARTTLS required (587). */
export type TransportSecurity = 'tls' | 'starttls';

export interface SubmissionAccount {
  host: string;
  port: number;
  security: TransportSecurity;
  user: string;
  /** PEM of a private CA to trust for this account (a company's, or the test rig's); it replaces the public roots. */
  ca?: string;
  /**
   * PEM of the exact self-signed server certificate the user confirmed. Node consults no
   * identity check for a certificate that does not chain to a trusted root, so the certificate
   * itself (not only its fingerprint) is needed to trust it while `rejectUnauthorized` stays on.
   */
  pinnedCertificate?: string;
}

/** A password (sent with AUTH PLAIN or LOGIN, over TLS only), or an OAuth 2 access token the caller obtained. */
export type SubmissionAuth = { password: string } | { xoauth2AccessToken: string };

export interface SubmissionEnvelope {
  from: string;
  to: string[];
}

export interface SubmitRawOptions {
  account: SubmissionAccount;
  auth: SubmissionAuth;
  envelope: SubmissionEnvelope;
  /** The sealed message, CRLF line ends only: these bytes are what the server receives. */
  raw: Uint8Array;
  /** Bound on connecting, on the greeting and TLS set-up, and on any silence after; default 30 s. */
  timeoutMs?: number;
}

const ACCOUNT_KEYS = ['host', 'port', 'security', 'user', 'ca', 'pinnedCertificate'] as const;

export function checkSubmitRawOptions(options: SubmitRawOptions): void {
  checkOptions('submitRaw', options, ['account', 'auth', 'envelope', 'raw', 'timeoutMs']);
  const { account, auth, envelope, raw, timeoutMs } = options;
  checkOptions('submitRaw account', account, ACCOUNT_KEYS);
  if (typeof account.host !== 'string' || account.host === '') bad('account.host must name the server');
  if (!Number.isInteger(account.port) || account.port < 1 || account.port > 65_535) bad('account.port must be a port number');
  // A typo here must never fall back to clear text, so only the two TLS modes are accepted.
  if (account.security !== 'tls' && account.security !== 'starttls') bad('account.security must be "tls" or "starttls"');
  if (typeof account.user !== 'string' || account.user === '') bad('account.user must be set');
  const secrets = Object.keys(auth);
  if (secrets.length !== 1 || !['password', 'xoauth2AccessToken'].includes(secrets[0] ?? '')) {
    bad('auth must be { password } or { xoauth2AccessToken }');
  }
  if (Object.values(auth).some((secret) => typeof secret !== 'string' || secret === '')) bad('auth must not be empty');
  checkOptions('submitRaw envelope', envelope, ['from', 'to']);
  if (!Array.isArray(envelope.to) || envelope.to.length === 0) bad('envelope.to must name at least one recipient');
  for (const address of [envelope.from, ...envelope.to]) {
    // Anything that could end or extend an SMTP command line is refused here, not on the wire.
    if (typeof address !== 'string' || !/^[^\s<>\p{Cc}]+@[^\s<>@\p{Cc}]+$/u.test(address)) bad(`"${String(address)}" is not a mail address`);
  }
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 1)) bad('timeoutMs must be a positive number of milliseconds');
  checkRaw(raw);
}

/**
 * SMTP carries lines ending in CRLF; nodemailer turns a bare CR or LF into CRLF on the way
 * out. A message that has one would reach the server changed, so it is refused instead.
 */
function checkRaw(raw: Uint8Array): void {
  if (!(raw instanceof Uint8Array) || raw.length === 0) {
    throw new SealmailError('bad-message', 'submitRaw: the message is empty');
  }
  for (let i = 0; i < raw.length; i++) {
    const lf = raw[i] === 0x0a && raw[i - 1] !== 0x0d;
    const cr = raw[i] === 0x0d && raw[i + 1] !== 0x0a;
    if (lf || cr) {
      throw new SealmailError('bad-message', `submitRaw: the message has a bare ${lf ? 'LF' : 'CR'} at byte ${i}; only CRLF line ends can be sent unchanged`);
    }
  }
}

function bad(message: string): never {
  throw new SealmailError('bad-option', `submitRaw: ${message}`);
}
