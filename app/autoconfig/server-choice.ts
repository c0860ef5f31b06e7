// Turns what a provider offers into the one IMAP and one SMTP setting Sealmail accepts: TLS only, implicit TLS first.
import { isDnsName, type MailAddressParts } from './mail-domain.js';
import type { ConfigServer } from './config-xml.js';
import type { Security, ServerSetting } from './server-settings.js';

const SOCKET_TYPES: Record<string, Security> = { ssl: 'tls', starttls: 'starttls' };

// A login Sealmail performs over TLS. "none" is refused: Sealmail submits only with SMTP AUTH, and an
// IMAP server without login is not a mailbox. An empty list means the spec's default, a password.
const USABLE_AUTHENTICATION = new Set(['password-cleartext', 'plain', 'oauth2']);

/** Thunderbird substitutes these in host names and user names alike. */
export function substitutePlaceholders(text: string, address: MailAddressParts): string {
  return text
    .replaceAll('%EMAILADDRESS%', address.address)
    .replaceAll('%EMAILLOCALPART%', address.localPart)
    .replaceAll('%EMAILDOMAIN%', address.domain);
}

/**
 * Drops every server Sealmail would refuse to use: socketType "plain" (credentials in clear
 * text), unknown socket types, no usable login, a host that is not a DNS name or a bad port.
 * Implicit TLS sorts first (RFC 8314 section 3), otherwise the provider's order is kept.
 */
export function tlsServers(servers: readonly ConfigServer[], type: string, address: MailAddressParts): ServerSetting[] {
  const usable: ServerSetting[] = [];
  for (const server of servers) {
    const security = SOCKET_TYPES[server.socketType.toLowerCase()];
    const host = substitutePlaceholders(server.hostname, address).toLowerCase();
    const port = /^[0-9]{1,5}$/.test(server.port) ? Number(server.port) : 0;
    const loginOk = server.authentication.length === 0 || server.authentication.some((a) => USABLE_AUTHENTICATION.has(a.toLowerCase()));
    if (server.type !== type || security === undefined || !loginOk || !isDnsName(host) || port < 1 || port > 65535) continue;
    usable.push({ host, port, security, username: substitutePlaceholders(server.username, address) || address.address });
  }
  return preferImplicitTls(usable);
}

export function preferImplicitTls(settings: readonly ServerSetting[]): ServerSetting[] {
  return [...settings.filter((s) => s.security === 'tls'), ...settings.filter((s) => s.security === 'starttls')];
}
