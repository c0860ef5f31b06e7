// The SMTP server security check: one conversation that finds TLS, STARTTLS, credential exposure, enumeration, relay and SASL.
import { checkOptions } from '../../crypto/errors.js';
import { ConversationError, InjectedDataError } from './connection.js';
import { completeChecks, overallVerdict, type Check, type CheckId, type ServerCheckReport } from './report.js';
import { judgeCredentialExposure, judgeEnumeration, judgeRelay, judgeSasl, judgeStartTls, RELAY_PROBE } from './smtp-judgements.js';
import { authMechanisms, formatReply, SmtpSession } from './smtp-session.js';
import { judgeNoTls, verifiedTlsOptions, verifyTls } from './tls-findings.js';

export interface SmtpCheckOptions {
  host: string;
  port: number;
  /** TLS from the first byte (RFC 8314); the default is port 465 only, STARTTLS otherwise. */
  implicitTls?: boolean;
  /** A private CA (PEM) to trust besides the system's, e.g. a company's. */
  ca?: string;
  /** The longest wait for any one answer; 10 s unless a test needs less. */
  timeoutMs?: number;
}

const KNOWN = ['host', 'port', 'implicitTls', 'ca', 'timeoutMs'];

/**
 * Checks the SMTP server at host:port. Resolves with the findings whatever they are (a server that
 * stops answering gives "not checked" verdicts saying so); rejects only when no TCP connection can
 * be made, with a SealmailError. Credentials and DATA are never sent.
 */
export async function checkSmtpServer(options: SmtpCheckOptions): Promise<ServerCheckReport> {
  checkOptions('checkSmtpServer', options, KNOWN);
  const { host, port } = options;
  const implicit = options.implicitTls ?? port === 465;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const tls = verifiedTlsOptions(host, options.ca);
  const found = new Map<CheckId, Check>();
  const put = (check: Check): void => void found.set(check.id, check);
  let transport: ServerCheckReport['transport'] = 'plain';
  let stopped = '';


  /** The verified handshake; its TLS check is recorded either way. */
  const handshake = async (session: SmtpSession, how: string): Promise<boolean> => {
    const { check, verified } = await verifyTls(session.connection, tls, how);
    put(check);
    return verified;
  };

  let session = await SmtpSession.connect(host, port, timeoutMs);
  try {
    if (implicit) {
      put(judgeStartTls({ kind: 'implicit' }));
      put(judgeCredentialExposure('implicit-tls'));
      if (!(await handshake(session, 'implicit TLS'))) {
        stopped = 'the certificate could not be verified, so Sealmail went no further';
        return report();
      }
      transport = 'implicit-tls';
      await session.greeting();
      put(judgeSasl(authMechanisms(await session.ehlo()), true));
      await probe(session, put);
      return report();
    }

    await session.greeting();
    const clear = await session.ehlo();
    const clearMechanisms = authMechanisms(clear);
    put(judgeCredentialExposure(clearMechanisms));
    if (!clear.includes('STARTTLS')) {
      put(judgeStartTls({ kind: 'not-offered' }));
      put(judgeNoTls('The server does not offer STARTTLS'));
      put(judgeSasl(clearMechanisms, false));
      await probe(session, put);
      return report();
    }
    const reply = await session.command('STARTTLS');
    if (reply.code !== 220) {
      put(judgeStartTls({ kind: 'refused', answer: formatReply(reply) }));
      put(judgeNoTls('The server refused STARTTLS'));
      put(judgeSasl(clearMechanisms, false));
      await probe(session, put);
      return report();
    }
    try {
      if (await handshake(session, 'STARTTLS')) {
        put(judgeStartTls({ kind: 'handshake' }));
        transport = 'starttls';
        put(judgeSasl(authMechanisms(await session.ehlo()), true));
        await probe(session, put);
        return report();
      }
    } catch (e) {
      if (!(e instanceof InjectedDataError)) throw e;
      put(judgeStartTls({ kind: 'injected', why: e.message }));
      stopped = 'the server tampered with the STARTTLS upgrade, so Sealmail went no further';
      return report();
    }
    // STARTTLS works but the certificate does not verify: the probes need no TLS, so run them in the clear.
    put(judgeStartTls({ kind: 'handshake' }));
    stopped = 'the certificate could not be verified, so Sealmail did not look at what is offered over TLS';
    session.close();
    session = await SmtpSession.connect(host, port, timeoutMs).catch((e: Error) => {
      // The server was reached once, so this is a finding about the rest of the check, not "cannot connect".
      throw new ConversationError(`reconnecting for the relay probe failed: ${e.message}`);
    });
    await session.greeting();
    await session.ehlo();
    await probe(session, put);
    return report();
  } catch (e) {
    session.close();
    if (!(e instanceof ConversationError)) throw e;
    stopped = e.message;
    return report();
  } finally {
    await session.quit();
  }

  function report(): ServerCheckReport {
    const checks = completeChecks(found, stopped || 'the check stopped early');
    return { host, port, transport, checks, verdict: overallVerdict(checks) };
  }
}

/** VRFY/EXPN, then the relay probe; RSET afterwards so the session holds no transaction. */
async function probe(session: SmtpSession, put: (check: Check) => void): Promise<void> {
  const vrfy = await session.command('VRFY postmaster');
  const expn = await session.command('EXPN postmaster');
  put(judgeEnumeration(vrfy, expn));
  await session.command('RSET');
  const mail = await session.command(`MAIL FROM:<${RELAY_PROBE.from}>`);
  const rcpt = mail.code >= 200 && mail.code < 300 ? await session.command(`RCPT TO:<${RELAY_PROBE.to}>`) : undefined;
  put(judgeRelay(mail, rcpt));
  await session.command('RSET');
}
