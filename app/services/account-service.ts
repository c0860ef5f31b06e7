// Accounts for the UI: the same lookup, server check and vault-only passwords as `sealmail account`.
import { rootCertificates } from 'node:tls';
import { SealmailError } from '../../crypto/errors.js';
import { findAccount, removeAccount, saveAccount } from '../accounts/account-book.js';
import { reviewServers } from '../accounts/server-review.js';
import { discover } from '../autoconfig/index.js';
import type { AccountService } from '../contract/services.js';
import type { ServiceRuntime } from './runtime.js';
import { accountView } from './views.js';

export interface AccountServiceOptions {
  /** What discover() is given besides the address: tests point it at their own HTTPS server and resolver. */
  discovery?: Omit<Parameters<typeof discover>[0], 'email'>;
  /** The longest wait for a server during the check. */
  checkTimeoutMs?: number;
}

export function accountService(runtime: ServiceRuntime, options: AccountServiceOptions = {}): AccountService {
  const timeout = options.checkTimeoutMs === undefined ? {} : { timeoutMs: options.checkTimeoutMs };
  return {
    async list() {
      return runtime.need().mail.store.accounts.list().map(accountView);
    },
    async discover({ address, caPem }) {
      const extra = options.discovery ?? {};
      const https = caPem === undefined ? extra.https : { ...extra.https, ca: [...rootCertificates, caPem] };
      const found = await discover({ ...extra, email: address, ...(https === undefined ? {} : { https }) });
      const s = found.settings;
      const server = (x: { host: string; port: number; security: 'tls' | 'starttls' }) => ({ host: x.host, port: x.port, security: x.security });
      return {
        found: s === null ? null : { imap: server(s.imap), smtp: server(s.smtp), username: s.imap.username, source: s.source },
        attempts: found.attempts.map((a) => ({ source: a.source, where: a.where, code: a.code, message: a.message })),
      };
    },
    async check({ imap, smtp, caPem }) {
      return reviewServers({ imap, smtp, ...(caPem === undefined ? {} : { ca: caPem }), ...timeout });
    },
    async save(input) {
      const { mail } = runtime.need();
      await saveAccount(
        mail,
        {
          address: input.address,
          displayName: input.name,
          username: input.user,
          imap: input.imap,
          smtp: input.smtp,
          caPem: input.caPem ?? null,
          pinnedPem: input.pinnedPem ?? null,
          password: input.password,
        },
        { replace: input.replace === true },
      );
      return accountView(findAccount(mail, input.address));
    },
    async remove({ address, discardOutbox }) {
      const removed = await removeAccount(runtime.need().mail, address, { discardOutbox: discardOutbox === true });
      if (!removed) throw new SealmailError('bad-option', `there is no account ${address}`);
    },
  };
}
