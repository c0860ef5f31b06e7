// Opens an authenticated IMAP session over verified TLS only: implicit TLS (993) or STARTTLS required, never clear text.
import { ImapFlow } from 'imapflow';
import { SealmailError } from '../../crypto/errors.js';
import { tlsOptions } from '../transport/tls-trust.js';
import { imapError } from './imap-errors.js';

export interface ImapAccount {
  host: string;
  port: number;
  security: 'tls' | 'starttls';
  user: string;
  /** PEM of a private CA trusted for this account only. */
  ca?: string;
  /** PEM of the exact self-signed certificate the user confirmed. */
  pinnedCertificate?: string;
}

export interface ImapSession {
  client: ImapFlow;
  /** `host:port`, for messages. */
  server: string;
  /** Logs out (bounded by the timeout), then closes the socket whatever happened. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * `doSTARTTLS: true` is what makes STARTTLS a requirement: imapflow's default (undefined) logs a
 * warning and logs in over clear text when CAPABILITY lacks STARTTLS or the server refuses it.
 * With `true`, upgradeToSTARTTLS() throws (tlsFailed) from startSession() before authenticate()
 * runs, so no LOGIN or AUTHENTICATE is ever written (test/app/imap/downgrade.test.ts proves it).
 */
export async function openImap(options: { account: ImapAccount; password: string; timeoutMs?: number }): Promise<ImapSession> {
  const { account, password } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const server = `${account.host}:${account.port}`;
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.security === 'tls',
    doSTARTTLS: account.security === 'starttls',
    tls: tlsOptions({ host: account.host, ca: account.ca, pinnedCertificate: account.pinnedCertificate }),
    auth: { user: account.user, pass: password },
    // imapflow's logger would write commands, LOGIN included; nothing is logged.
    logger: false,
    // QRESYNC makes a SELECT report what vanished since the last sync (RFC 7162 3.2.5).
    qresync: true,
    // Compression would hide the bytes on the wire from the downgrade tests and gains little on loopback or LAN.
    disableCompression: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: Math.max(timeoutMs, 60_000),
  });
  // Without a listener an asynchronous socket error after connect would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    client.close();
    throw imapError(e, server);
  }
  if (!client.secureConnection && !isUpgraded(client)) {
    client.close();
    throw new SealmailError('tls-failed', `the connection to ${server} is not encrypted; nothing more was sent`);
  }
  return {
    client,
    server,
    close: async () => {
      const timer = setTimeout(() => client.close(), timeoutMs);
      try {
        await client.logout();
      } catch {
        // The session ends either way; a failed LOGOUT leaves nothing to clean up but the socket.
      } finally {
        clearTimeout(timer);
        client.close();
      }
    },
  };
}

/** After STARTTLS imapflow's socket is a TLSSocket; checked again because the password already depended on it. */
function isUpgraded(client: ImapFlow): boolean {
  const socket = (client as unknown as { socket?: { encrypted?: boolean } }).socket;
  return socket?.encrypted === true;
}
