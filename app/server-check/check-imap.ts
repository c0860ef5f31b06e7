// The IMAP server security check: TLS, STARTTLS, login before TLS and the login mechanisms; enumeration and relaying are SMTP's.
import { checkOptions } from '../../crypto/errors.js';
import { ConversationError, InjectedDataError } from './connection.js';
import { completeChecks, overallVerdict, type Check, type CheckId, type ServerCheckReport } from './report.js';
import { ImapSession, imapLogins } from './imap-session.js';
import { judgeCredentialExposure, judgeSasl, judgeStartTls } from './smtp-judgements.js';
import { judgeNoTls, verifiedTlsOptions, verifyTls } from './tls-findings.js';
import type { SmtpCheckOptions } from './check-smtp.js';

export type ImapCheckOptions = SmtpCheckOptions;

const KNOWN = ['host', 'port', 'implicitTls', 'ca', 'timeoutMs'];
const IMAP_CHECKS: readonly CheckId[] = ['tls', 'starttls', 'credential-exposure', 'sasl'];

/**
 * Checks the IMAP server at host:port (implicit TLS on 993 or with `implicitTls`, STARTTLS
 * otherwise). Like checkSmtpServer it rejects only when no TCP connection can be made, and it
 * never sends a password.
 */
export async function checkImapServer(options: ImapCheckOptions): Promise<ServerCheckReport> {
  checkOptions('checkImapServer', options, KNOWN);
  const { host, port } = options;
  const implicit = options.implicitTls ?? port === 993;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const tls = verifiedTlsOptions(host, options.ca);
  const found = new Map<CheckId, Check>();
  const put = (check: Check): void => void found.set(check.id, check);
  let transport: ServerCheckReport['transport'] = 'plain';
  let stopped = '';

  const handshake = async (session: ImapSession, how: string): Promise<boolean> => {
    const { check, verified } = await verifyTls(session.connection, tls, how);
    put(check);
    return verified;
  };

  const session = await ImapSession.connect(host, port, timeoutMs);
  try {
    if (implicit) {
      put(judgeStartTls({ kind: 'implicit' }));
      put(judgeCredentialExposure('implicit-tls'));
      if (await handshake(session, 'implicit TLS')) {
        transport = 'implicit-tls';
        await session.greeting();
        put(judgeSasl(imapLogins(await session.capabilities()), true));
      } else stopped = 'the certificate could not be verified, so Sealmail went no further';
      return report();
    }
    await session.greeting();
    const clear = await session.capabilities();
    const clearLogins = imapLogins(clear);
    put(judgeCredentialExposure(clearLogins));
    if (!clear.includes('STARTTLS')) {
      put(judgeStartTls({ kind: 'not-offered' }));
      put(judgeNoTls('The server does not offer STARTTLS'));
      put(judgeSasl(clearLogins, false));
      return report();
    }
    const reply = await session.command('STARTTLS');
    if (reply.status !== 'OK') {
      put(judgeStartTls({ kind: 'refused', answer: reply.status }));
      put(judgeNoTls('The server refused STARTTLS'));
      return report();
    }
    try {
      const verified = await handshake(session, 'STARTTLS');
      put(judgeStartTls({ kind: 'handshake' }));
      if (!verified) {
        stopped = 'the certificate could not be verified, so Sealmail did not look at what is offered over TLS';
        return report();
      }
    } catch (e) {
      if (!(e instanceof InjectedDataError)) throw e;
      put(judgeStartTls({ kind: 'injected', why: e.message }));
      stopped = 'the server tampered with the STARTTLS upgrade, so Sealmail went no further';
      return report();
    }
    transport = 'starttls';
    put(judgeSasl(imapLogins(await session.capabilities()), true));
    return report();
  } catch (e) {
    session.close();
    if (!(e instanceof ConversationError)) throw e;
    stopped = e.message;
    return report();
  } finally {
    await session.logout();
  }

  function report(): ServerCheckReport {
    const checks = completeChecks(found, stopped || 'the check stopped early', IMAP_CHECKS);
    return { host, port, transport, checks, verdict: overallVerdict(checks) };
  }
}
