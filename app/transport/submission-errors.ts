// Turns what nodemailer reports into one SealmailError line per failure, with a stable code and never a secret.
import { isSealmailError, SealmailError, type SealmailErrorCode } from '../../crypto/errors.js';

export interface FailureContext {
  /** `host:port`, as the user typed it. */
  server: string;
  /** The password or token, and the strings AUTH builds from it: scrubbed from anything a server echoes back. */
  secrets: string[];
  /** The size of the message, for the size-limit message. */
  size: number;
}

/** The parts of a nodemailer error the mapping reads; every field may be missing. */
interface NodemailerFailure {
  message?: string;
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  recipient?: string;
  rejected?: string[];
}

// Node's and OpenSSL's verification codes, in the words a user meets in other mail clients.
const CERTIFICATE_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'chains to a self-signed certificate that is not trusted',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'is issued for another name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is issued by an unknown certificate authority',
  UNABLE_TO_GET_ISSUER_CERT: 'is issued by an unknown certificate authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is issued by an unknown certificate authority',
  CERT_REVOKED: 'has been revoked',
  CERT_SIGNATURE_FAILURE: 'has a signature that does not verify',
  INVALID_CA: 'chains through a certificate that may not issue certificates',
};

export function submissionError(e: unknown, context: FailureContext): SealmailError {
  if (isSealmailError(e)) return e;
  const failure = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as NodemailerFailure;
  const [code, message] = classify(failure, context);
  return new SealmailError(code, scrub(message, context.secrets));
}

/** The server took longer than the caller's timeout: to connect, set up TLS, greet, or answer. */
export function submissionTimeout(server: string): SealmailError {
  return new SealmailError('timeout', timeoutMessage(server));
}

function timeoutMessage(server: string): string {
  return `${server} did not answer in time`;
}

function classify(f: NodemailerFailure, { server, size }: FailureContext): [SealmailErrorCode, string] {
  const reply = f.response === undefined ? '' : ` (${oneLine(f.response)})`;
  const system = f.originalCode ?? '';
  const reason = CERTIFICATE_REASONS[system];
  if (reason !== undefined) return ['certificate', `the certificate of ${server} ${reason}; nothing was sent`];
  if (f.code === 'ETIMEDOUT' || system === 'ETIMEDOUT') return ['timeout', timeoutMessage(server)];
  if (system === 'ECONNREFUSED') return ['connection-refused', `${server} refused the connection: no mail server listens there`];
  if (f.code === 'EDNS' || system === 'ENOTFOUND' || system === 'EAI_AGAIN') return ['network', `cannot find the mail server ${server}`];
  if (f.code === 'ETLS' && f.command === 'STARTTLS' && f.response !== undefined) {
    return ['tls-unavailable', `${server} did not offer STARTTLS; nothing was sent`];
  }
  if (f.code === 'ETLS' || system.startsWith('ERR_SSL') || system.startsWith('ERR_TLS') || system === 'EPROTO') {
    return ['tls-failed', `could not set up TLS with ${server} (${oneLine(f.message ?? system)}); nothing was sent`];
  }
  if (f.code === 'EAUTH') return ['auth-failed', `${server} refused the user name and password${reply}`];
  // nodemailer refuses locally, before MAIL FROM, a message larger than the server's EHLO SIZE.
  const limit = /larger than allowed (\d+)/.exec(f.message ?? '')?.[1];
  if (limit !== undefined) return ['message-too-large', `${server} accepts messages of at most ${limit} bytes; this one has ${size}; nothing was sent`];
  if (f.responseCode === 552 && f.command !== 'RCPT TO') return ['message-too-large', `${server} refused the message of ${size} bytes as too large${reply}`];
  if (f.code === 'EENVELOPE' && f.command === 'RCPT TO') {
    const addresses = f.rejected ?? (f.recipient === undefined ? [] : [f.recipient]);
    return ['recipient-rejected', `${server} refused the recipient ${addresses.join(', ')}${reply}`];
  }
  if (f.code === 'EENVELOPE' && f.command === 'MAIL FROM') return ['smtp', `${server} refused the sender${reply}`];
  if (f.code === 'ECONNECTION' || f.code === 'ESOCKET') return ['network', `the connection to ${server} broke (${oneLine(f.message ?? system)})`];
  return ['smtp', `sending through ${server} failed: ${oneLine(f.message ?? 'unknown error')}`];
}

/** A server's reply as one short line: a hostile server controls this text. */
function oneLine(text: string): string {
  const line = text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

/** Removes each secret, plain and in the base64 forms AUTH PLAIN, LOGIN and XOAUTH2 would carry it. */
function scrub(message: string, secrets: string[]): string {
  let clean = message;
  for (const secret of secrets.filter((s) => s.length >= 3)) {
    for (const form of [secret, Buffer.from(secret).toString('base64').replace(/=+$/, '')]) {
      clean = clean.replaceAll(form, '***');
    }
  }
  return clean;
}
