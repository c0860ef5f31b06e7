// One server of an account as the user types it (HOST:PORT plus an optional security choice), checked and completed.
import { isIP } from 'node:net';
import { SealmailError } from '../../crypto/errors.js';
import type { Security } from '../store/accounts.js';

export interface ServerSetting {
  host: string;
  port: number;
  security: Security;
}

/**
 * The ports whose TLS mode is settled by standard: implicit TLS on 993 and 465 (RFC 8314), STARTTLS on
 * 143 and 587. On any other port a guess could try the wrong handshake, so the user must say which.
 */
const DEFAULT_SECURITY: Record<'imap' | 'smtp', Record<number, Security>> = {
  imap: { 993: 'tls', 143: 'starttls' },
  smtp: { 465: 'tls', 587: 'starttls' },
};

/** Parses `HOST:PORT` (IPv6 in brackets) and the security flag; there is no clear-text choice to make. */
export function serverSetting(kind: 'imap' | 'smtp', address: string, security?: string): ServerSetting {
  const flag = `--${kind}`;
  const match = /^(?:\[([^\]]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(address);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || !(port >= 1 && port <= 65535) || (match?.[1] !== undefined && isIP(host) !== 6)) {
    throw new SealmailError('bad-option', `${flag} "${address}" is not HOST:PORT (e.g. mail.example.org:${kind === 'imap' ? 993 : 465})`);
  }
  if (security !== undefined && security !== 'tls' && security !== 'starttls') {
    throw new SealmailError('bad-option', `${flag}-security must be "tls" or "starttls" (Sealmail never connects without TLS), not "${security}"`);
  }
  const chosen = (security as Security | undefined) ?? DEFAULT_SECURITY[kind][port];
  if (chosen === undefined) {
    throw new SealmailError('bad-option', `${flag} port ${port} is not a standard port; add ${flag}-security tls or ${flag}-security starttls`);
  }
  return { host, port, security: chosen };
}
