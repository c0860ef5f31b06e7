// The one TLS configuration every submission uses: TLS 1.2 or newer, certificates always verified, an optional private CA or pinned certificate.
import { isIP } from 'node:net';
import { checkServerIdentity, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { SealmailError } from '../../crypto/errors.js';
import type { SubmissionAccount } from './submission-options.js';

/**
 * No option here can be loosened by a caller: `rejectUnauthorized` is always on. A private CA
 * and a pinned certificate only add trust anchors (Node then trusts those instead of its
 * public roots), and the pin only waives the name check for the one certificate it names.
 */
export function tlsOptions(account: Pick<SubmissionAccount, 'host' | 'ca' | 'pinnedCertificate'>): ConnectionOptions {
  const anchors = [account.ca, account.pinnedCertificate].filter((pem): pem is string => pem !== undefined);
  const options: ConnectionOptions = {
    minVersion: 'TLSv1.2',
    rejectUnauthorized: true,
    // SNI carries host names only (RFC 6066); an IP address is still checked against the certificate.
    ...(isIP(account.host) === 0 ? { servername: account.host } : {}),
    ...(anchors.length > 0 ? { ca: anchors } : {}),
  };
  if (account.pinnedCertificate !== undefined) {
    const pinned = fingerprint(account.pinnedCertificate);
    // Called only once the chain verified, i.e. for the pinned certificate or one it issued.
    options.checkServerIdentity = (host: string, cert: PeerCertificate): Error | undefined =>
      cert.fingerprint256 === pinned ? undefined : checkServerIdentity(host, cert);
  }
  return options;
}

function fingerprint(pem: string): string {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    throw new SealmailError('bad-option', 'submitRaw: account.pinnedCertificate is not a PEM certificate');
  }
}
