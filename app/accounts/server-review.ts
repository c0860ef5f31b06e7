// Before an account is saved: the security check of both its servers, and whether the user must confirm what was found.
import { isSealmailError } from '../../crypto/errors.js';
import { checkImapServer } from '../server-check/check-imap.js';
import { checkSmtpServer } from '../server-check/check-smtp.js';
import type { ServerCheckReport } from '../server-check/report.js';
import type { ServerSetting } from './server-setting.js';

export interface ServerReview {
  kind: 'imap' | 'smtp';
  setting: ServerSetting;
  /** The findings; null when no TCP connection could be made. */
  report: ServerCheckReport | null;
  /** Why the server could not be reached, in one line; null when it was. */
  unreachable: string | null;
}

export interface ReviewOptions {
  imap: ServerSetting;
  smtp: ServerSetting;
  /**
   * The account's private CA, or its pinned certificate: the check trusts what the account will trust.
   * A pinned certificate issued for another name still shows as "issued for another name" here.
   */
  ca?: string;
  timeoutMs?: number;
}

/** Both servers are checked at once; neither check sends a password or a message. */
export function reviewServers(options: ReviewOptions): Promise<ServerReview[]> {
  const review = async (kind: 'imap' | 'smtp', setting: ServerSetting): Promise<ServerReview> => {
    const check = kind === 'imap' ? checkImapServer : checkSmtpServer;
    try {
      const report = await check({
        host: setting.host,
        port: setting.port,
        implicitTls: setting.security === 'tls',
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      return { kind, setting, report, unreachable: null };
    } catch (e) {
      if (!isSealmailError(e)) throw e;
      return { kind, setting, report: null, unreachable: e.message };
    }
  };
  return Promise.all([review('imap', options.imap), review('smtp', options.smtp)]);
}

/**
 * Settings that came from DNS or a web server must be confirmed (either can be forged to name any
 * server), and so must a server the check found bad: the user decides knowingly, never by default.
 */
export function needsConfirmation(discovered: boolean, reviews: readonly ServerReview[]): string | null {
  if (discovered) return 'the servers were found automatically';
  const bad = reviews.filter((r) => r.report?.verdict === 'bad').map((r) => `${r.setting.host}:${r.setting.port}`);
  return bad.length === 0 ? null : `the server check found problems with ${bad.join(' and ')}`;
}
