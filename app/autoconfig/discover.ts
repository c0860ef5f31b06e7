// Finds IMAP and SMTP settings for a mail address: Mozilla autoconfig, then its well-known URL, then RFC 6186 SRV records.
import { Resolver } from 'node:dns/promises';
import { checkOptions, SealmailError } from '../../crypto/errors.js';
import { parseAutoconfig } from './config-xml.js';
import { httpsGet, type HttpsOptions } from './https-get.js';
import { parseMailAddress } from './mail-domain.js';
import { tlsServers } from './server-choice.js';
import { AttemptFailure, type DiscoveryAttempt, type DiscoverySource, type ServerSetting, type ServerSettings } from './server-settings.js';
import { srvSettings, type SrvResolver } from './srv-records.js';

export interface DiscoverOptions {
  email: string;
  /** Trust anchors and test-only address mapping for the HTTPS fetches; validation stays on. */
  https?: HttpsOptions;
  /** Defaults to the system's DNS servers. */
  resolver?: SrvResolver;
  /** Limit for each of the three steps; the whole call takes at most about three times this. */
  timeoutMs?: number;
}

export interface Discovery {
  /** The proposal, for the user to confirm; null when no step found TLS servers for both. */
  settings: ServerSettings | null;
  /** One entry per step that found nothing, in order, saying why. */
  attempts: DiscoveryAttempt[];
}

const KNOWN_OPTIONS = ['email', 'https', 'resolver', 'timeoutMs'] as const;
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TIMEOUT_MS = 60_000;
const MAX_DOCUMENT_BYTES = 64 * 1024;
const MAX_REDIRECTS = 3;

/**
 * The result is a proposal: a hostile DNS or a compromised web server of the domain could name any
 * server, so the caller shows it and the user confirms. It never contains a server reached without
 * TLS. An unreadable address or bad option throws SealmailError 'bad-option'; a step that finds
 * nothing is recorded in `attempts` and discovery moves on.
 */
export async function discover(options: DiscoverOptions): Promise<Discovery> {
  checkOptions('discover', options, KNOWN_OPTIONS);
  const address = parseMailAddress(options.email);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
    throw new SealmailError('bad-option', `discover: timeoutMs must be a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  }
  const https = options.https ?? {};
  const attempts: DiscoveryAttempt[] = [];

  const query = `?emailaddress=${encodeURIComponent(address.address)}`;
  const documents: [DiscoverySource, URL][] = [
    ['autoconfig', new URL(`https://autoconfig.${address.domain}/mail/config-v1.1.xml${query}`)],
    ['well-known', new URL(`https://${address.domain}/.well-known/autoconfig/mail/config-v1.1.xml${query}`)],
  ];
  for (const [source, url] of documents) {
    const found = await step(attempts, source, url.href, async () => {
      const xml = await httpsGet(url, https, { deadline: Date.now() + timeoutMs, maxBytes: MAX_DOCUMENT_BYTES, maxRedirects: MAX_REDIRECTS });
      const document = parseAutoconfig(xml);
      return pick(tlsServers(document.incoming, 'imap', address), tlsServers(document.outgoing, 'smtp', address), document.incoming.length + document.outgoing.length);
    });
    if (found !== null) return { settings: { ...found, source }, attempts };
  }

  // A resolver of our own is cancelled afterwards, so a query past the deadline cannot keep a CLI alive.
  const ownResolver = options.resolver === undefined ? new Resolver({ timeout: Math.min(timeoutMs, 5_000), tries: 1 }) : undefined;
  const resolver = options.resolver ?? (ownResolver as Resolver);
  const found = await step(attempts, 'srv', address.domain, async () => {
    const srv = await srvSettings(resolver, address, Date.now() + timeoutMs);
    return pick(srv.imap, srv.smtp, srv.imap.length + srv.smtp.length);
  }).finally(() => ownResolver?.cancel());
  return { settings: found === null ? null : { ...found, source: 'srv' }, attempts };
}

async function step(
  attempts: DiscoveryAttempt[],
  source: DiscoverySource,
  where: string,
  run: () => Promise<{ imap: ServerSetting; smtp: ServerSetting }>,
): Promise<{ imap: ServerSetting; smtp: ServerSetting } | null> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof AttemptFailure)) throw e;
    attempts.push({ source, where, code: e.code, message: e.message });
    return null;
  }
}

/** Both are needed: a mailbox Sealmail can read but not send from (or the reverse) is no account. */
function pick(imap: ServerSetting[], smtp: ServerSetting[], offered: number): { imap: ServerSetting; smtp: ServerSetting } {
  const [firstImap] = imap;
  const [firstSmtp] = smtp;
  if (firstImap !== undefined && firstSmtp !== undefined) return { imap: firstImap, smtp: firstSmtp };
  if (offered === 0) throw new AttemptFailure('not-found', 'no IMAP and SMTP servers are published');
  const missing = firstImap === undefined ? 'IMAP' : 'SMTP';
  throw new AttemptFailure('no-tls-server', `no ${missing} server over TLS with a password or OAuth2 login is offered`);
}

