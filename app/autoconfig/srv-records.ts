// RFC 6186 discovery: IMAP and submission servers from SRV records, implicit TLS (RFC 8314) first.
import type { SrvRecord } from 'node:dns';
import { isDnsName, type MailAddressParts } from './mail-domain.js';
import { preferImplicitTls } from './server-choice.js';
import { AttemptFailure, type Security, type ServerSetting } from './server-settings.js';

/** What discover needs of a resolver; node:dns/promises `Resolver` has it. */
export interface SrvResolver {
  resolveSrv(name: string): Promise<SrvRecord[]>;
}

// Plain `_imap._tcp` / `_submission._tcp` mean STARTTLS to Sealmail: it never speaks without TLS.
const SERVICES: Readonly<Record<'imap' | 'smtp', readonly (readonly [string, Security])[]>> = {
  imap: [['_imaps._tcp', 'tls'], ['_imap._tcp', 'starttls']],
  smtp: [['_submissions._tcp', 'tls'], ['_submission._tcp', 'starttls']],
};

const NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

/** All four names are asked at once, under one deadline, so a slow resolver cannot hold discover. */
export async function srvSettings(resolver: SrvResolver, address: MailAddressParts, deadline: number): Promise<{ imap: ServerSetting[]; smtp: ServerSetting[] }> {
  const lookup = async ([service, security]: readonly [string, Security]): Promise<ServerSetting[]> =>
    ordered(await resolveBefore(resolver, `${service}.${address.domain}`, deadline)).map((record) => ({
      host: record.name.toLowerCase(),
      port: record.port,
      security,
      // RFC 6186 section 4: the user name is tried as the full address first.
      username: address.address,
    }));
  const [imap, smtp] = await Promise.all(
    (['imap', 'smtp'] as const).map(async (kind) => preferImplicitTls((await Promise.all(SERVICES[kind].map(lookup))).flat())),
  );
  return { imap: imap ?? [], smtp: smtp ?? [] };
}

/**
 * RFC 2782 order: lowest priority first; within a priority, heavier weight first. RFC 2782 asks
 * for a weighted random pick, but discover proposes a single setting to a person, who should see
 * the same proposal twice. A sole target of "." means the service is decidedly not offered
 * (RFC 2782, RFC 6186 section 3.4); other "." records and non-DNS names are dropped.
 */
export function ordered(records: readonly SrvRecord[]): SrvRecord[] {
  const offered = records.filter((r) => r.name !== '' && r.name !== '.' && isDnsName(r.name.toLowerCase()) && r.port > 0);
  return offered.sort((a, b) => a.priority - b.priority || b.weight - a.weight);
}

async function resolveBefore(resolver: SrvResolver, name: string, deadline: number): Promise<SrvRecord[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptFailure('timeout', `no DNS answer for ${name} in time`)), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([resolver.resolveSrv(name), timeout]);
  } catch (e) {
    if (e instanceof AttemptFailure) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (NOT_FOUND.has(code)) return [];
    throw new AttemptFailure('network', `the DNS lookup of ${name} failed: ${code || (e as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
