// The TLS check: the verified handshake's version, cipher and certificate, or why the certificate was refused.
import { createSecureContext, type ConnectionOptions, type PeerCertificate, type TLSSocket } from 'node:tls';
import { SealmailError } from '../../crypto/errors.js';
import { tlsOptions } from '../transport/tls-trust.js';
import type { Check } from './report.js';
import { InjectedDataError, type LineConnection } from './connection.js';

/**
 * The handshake the check verifies is the one submission makes (app/transport/tls-trust.ts), so
 * "good" here means Sealmail will connect: validation always on, TLS 1.2 or newer, and a private
 * CA, when given, as the trust anchor. `host` is added because a wrapped socket has no other
 * name to check an IP address against.
 */
export function verifiedTlsOptions(host: string, ca: string | undefined): ConnectionOptions {
  // A CA that cannot be read must fail here, in words, not later as a puzzling handshake failure.
  if (ca !== undefined && !ca.includes('-----BEGIN CERTIFICATE-----')) throw new SealmailError('bad-option', 'the CA file holds no PEM certificate');
  try {
    if (ca !== undefined) createSecureContext({ ca });
  } catch (e) {
    throw new SealmailError('bad-option', `the CA certificate cannot be used: ${(e as Error).message}`);
  }
  return { ...tlsOptions({ host, ...(ca === undefined ? {} : { ca }) }), host };
}

/** Node's verification codes, in the words a user meets in browsers. */
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chains to a self-signed CA that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate was issued by a CA that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate was issued by a CA that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate was issued by a CA that is not trusted (or the server omits an intermediate)',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  CERT_REVOKED: 'the certificate has been revoked',
  CERT_SIGNATURE_FAILURE: 'the certificate signature is invalid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for a different name',
};

/** Why a handshake failed, when it was the certificate; undefined for any other failure. */
export function certificateProblem(e: unknown): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? CERTIFICATE_PROBLEMS[code] : undefined;
}

/**
 * The verified handshake on `connection`, and its TLS check. A refused certificate is described by
 * the reason validation gave; Sealmail never repeats the handshake without validation to read it.
 * Injected plaintext is rethrown: it is the STARTTLS check's finding, and the conversation must stop there.
 */
export async function verifyTls(connection: LineConnection, options: ConnectionOptions, how: string): Promise<{ check: Check; verified: boolean }> {
  try {
    return { check: judgeVerifiedTls(await connection.startTls(options), how), verified: true };
  } catch (e) {
    if (e instanceof InjectedDataError) throw e;
    const problem = certificateProblem(e);
    if (problem === undefined) return { check: judgeFailedHandshake(e as Error), verified: false };
    return { check: judgeRefusedCertificate(problem, how), verified: false };
  }
}

/** The TLS check for a handshake that verified. */
export function judgeVerifiedTls(socket: TLSSocket, how: string): Check {
  const protocol = socket.getProtocol() ?? 'unknown';
  const cipher = socket.getCipher().name;
  const cert = socket.getPeerCertificate();
  const facts = `${how}; ${protocol}, ${cipher}; ${describeCertificate(cert)}`;
  if (protocol !== 'TLSv1.3' && protocol !== 'TLSv1.2') {
    return { id: 'tls', verdict: 'bad', summary: `${protocol} is outdated`, detail: `Versions before TLS 1.2 have known attacks; the server should offer TLS 1.2 or 1.3. ${facts}` };
  }
  // TLS 1.3 suites always have forward secrecy; in 1.2 only the (EC)DHE key exchanges do.
  if (protocol === 'TLSv1.2' && !/^(ECDHE|DHE)-/.test(cipher)) {
    return { id: 'tls', verdict: 'warning', summary: `${protocol} without forward secrecy`, detail: `Recorded traffic could be decrypted later if the server's key leaks. ${facts}` };
  }
  return { id: 'tls', verdict: 'good', summary: `${protocol}, certificate valid for this name`, detail: `The connection is encrypted and the server proved its identity. ${facts}` };
}

/** The TLS check for a certificate that did not verify; `how` says how TLS was reached. */
export function judgeRefusedCertificate(problem: string, how: string): Check {
  return {
    id: 'tls',
    verdict: 'bad',
    summary: `certificate not valid: ${problem}`,
    detail: `Sealmail will not send your password or mail to this server, because anyone between you and it could pose as it (${how}).`,
  };
}

function describeCertificate(cert: PeerCertificate): string {
  const names = cert.subjectaltname ? cert.subjectaltname : `CN=${String(cert.subject?.CN ?? '?')}`;
  return `certificate for ${names}, issued by ${String(cert.issuer?.CN ?? cert.issuer?.O ?? '?')}, valid ${cert.valid_from} to ${cert.valid_to}, SHA-256 ${cert.fingerprint256}`;
}

/** The TLS check when the connection was never encrypted; `why` says how that came about. */
export function judgeNoTls(why: string): Check {
  return { id: 'tls', verdict: 'bad', summary: 'not encrypted', detail: `${why}, so everything, passwords included, would cross the network readable by anyone on the path.` };
}

/** The TLS check when the handshake itself failed for a reason other than the certificate (e.g. only TLS 1.0 offered). */
export function judgeFailedHandshake(e: Error): Check {
  return {
    id: 'tls',
    verdict: 'bad',
    summary: 'TLS handshake failed',
    detail: `Sealmail could not set up an encrypted connection (it needs TLS 1.2 or newer), so it will not use this server: ${e.message}`,
  };
}
