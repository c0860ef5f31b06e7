// `sealmail account add|list|remove`: mail accounts with manual server settings; passwords go to the vault only.
import type { Command } from 'commander';
import { Resolver } from 'node:dns/promises';
import { rootCertificates } from 'node:tls';
import { SealmailError } from '../../crypto/errors.js';
import { removeAccount, saveAccount } from '../accounts/account-book.js';
import { needsConfirmation, reviewServers, type ServerReview } from '../accounts/server-review.js';
import { serverSetting, type ServerSetting } from '../accounts/server-setting.js';
import { discover, type DiscoveryAttempt, type DiscoverySource, type ServerSetting as DiscoveredSetting } from '../autoconfig/index.js';
import { serverCheckText } from './check-server.js';
import { confirmOnTerminal } from './confirm.js';
import { withMailProfile } from '../mail-profile.js';
import type { Account } from '../store/accounts.js';
import { readInputFile } from './input.js';
import { terminalLine, writeStdout } from './output.js';
import { mailSession } from './session.js';

interface AddOptions {
  email: string;
  name: string;
  imap?: string;
  smtp?: string;
  user?: string;
  passwordFile: string;
  ca?: string;
  pin?: string;
  imapSecurity?: string;
  smtpSecurity?: string;
  replace?: boolean;
  check: boolean;
  yes?: boolean;
  dnsServer?: string;
}

export function addAccountCommands(program: Command): void {
  const account = program.command('account').description('manage mail accounts (server settings in the encrypted store, passwords in the vault)');

  account
    .command('add')
    .description('add an account (servers found by autoconfig when --imap and --smtp are left out), or with --replace change the one for the same address')
    .requiredOption('--email <addr>', 'the account address')
    .requiredOption('--name <name>', 'your name as shown to recipients')
    .option('--imap <host:port>', 'IMAP server (993: TLS, 143: STARTTLS); leave out with --smtp to look the servers up')
    .option('--smtp <host:port>', 'submission server (465: TLS, 587: STARTTLS)')
    .option('--user <user>', 'login name (default: what autoconfig says, else the address)')
    .requiredOption('--password-file <file>', 'read the password from the first line of FILE')
    .option('--ca <file>', 'trust this private CA certificate (PEM) for this account')
    .option('--pin <file>', "trust exactly this self-signed server certificate (PEM) after you checked its fingerprint")
    .option('--imap-security <tls|starttls>', 'required on ports other than 993 and 143')
    .option('--smtp-security <tls|starttls>', 'required on ports other than 465 and 587')
    .option('--replace', 'change the existing account for this address')
    .option('--no-check', 'save without the server security check (e.g. while offline)')
    .option('--yes', 'accept servers found automatically, or servers the check found bad, without asking')
    .option('--dns-server <ip[:port]>', 'ask this DNS server for RFC 6186 SRV records (default: the system resolver)')
    .action(async (opts: AddOptions, command: Command) => {
      if (!/^[^\s@<>]+@[^\s@<>]+$/.test(opts.email)) throw new SealmailError('bad-option', `--email "${opts.email}" is not a mail address`);
      const text = async (file: string | undefined): Promise<string | null> => (file === undefined ? null : new TextDecoder().decode(await readInputFile(file)));
      const password = ((await text(opts.passwordFile)) ?? '').split(/\r?\n/, 1)[0] ?? '';
      const [caPem, pinnedPem] = [await text(opts.ca), await text(opts.pin)];
      const chosen = await chooseServers(opts, caPem);
      let review = chosen.text;
      let reviews: ServerReview[] = [];
      if (opts.check) {
        reviews = await reviewServers({ imap: chosen.imap, smtp: chosen.smtp, ...trustFor(caPem, pinnedPem) });
        refuseUnreachable(reviews);
        review += reviewText(reviews);
      }
      const reason = needsConfirmation(chosen.discovered, reviews);
      let shown = false;
      if (reason !== null && opts.yes !== true) {
        const answer = await confirmOnTerminal(review, 'Save the account with these servers?');
        if (answer === null) {
          const look = chosen.discovered ? `sealmail account discover ${opts.email}` : 'sealmail check-server HOST:PORT';
          throw new SealmailError('bad-option', `${reason}: nothing was saved; look at them with: ${look}, then add --yes, or give --imap and --smtp`);
        }
        if (!answer) throw new SealmailError('bad-option', 'nothing was saved');
        shown = true;
      }
      await withMailProfile(mailSession(command), async (mail) => {
        const username = opts.user ?? chosen.username ?? opts.email;
        const input = { address: opts.email, displayName: opts.name, username, imap: chosen.imap, smtp: chosen.smtp, caPem, pinnedPem, password };
        await saveAccount(mail, input, { replace: opts.replace === true });
      });
      await writeStdout(`${shown ? '' : review}${opts.replace ? 'updated' : 'added'} ${opts.email}\n`);
    });

  account
    .command('discover')
    .description('look up the servers for an address (autoconfig, .well-known, SRV) and check them; saves nothing')
    .argument('<addr>', 'the mail address')
    .option('--ca <file>', 'also trust this private CA certificate (PEM)')
    .option('--no-check', 'only look the servers up')
    .option('--dns-server <ip[:port]>', 'ask this DNS server for RFC 6186 SRV records (default: the system resolver)')
    .option('--json', 'print one JSON object')
    .action(async (address: string, opts: { ca?: string; check: boolean; dnsServer?: string; json?: boolean }) => {
      const caPem = opts.ca === undefined ? null : new TextDecoder().decode(await readInputFile(opts.ca));
      const chosen = await chooseServers({ email: address, ...(opts.dnsServer === undefined ? {} : { dnsServer: opts.dnsServer }) }, caPem);
      const reviews = opts.check ? await reviewServers({ imap: chosen.imap, smtp: chosen.smtp, ...trustFor(caPem, null) }) : [];
      if (opts.json) {
        const { imap, smtp, username, source, attempts } = chosen;
        return writeStdout(`${JSON.stringify({ imap, smtp, username, source, attempts, checks: reviews }, null, 2)}\n`);
      }
      return writeStdout(chosen.text + reviewText(reviews));
    });

  account
    .command('list')
    .description('show the accounts (never their passwords)')
    .option('--json', 'print a JSON array')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const accounts = await withMailProfile(mailSession(command), async (mail) => mail.store.accounts.list());
      await writeStdout(opts.json ? `${JSON.stringify(accounts.map(publicView), null, 2)}\n` : accountText(accounts));
    });

  account
    .command('remove')
    .description('remove an account with its password')
    .argument('<addr>', 'the account address')
    .option('--discard-outbox', 'also delete its messages that were not sent yet')
    .action(async (address: string, opts: { discardOutbox?: boolean }, command: Command) => {
      const discardOutbox = opts.discardOutbox === true;
      const removed = await withMailProfile(mailSession(command), (mail) => removeAccount(mail, address, { discardOutbox }));
      if (!removed) throw new SealmailError('bad-option', `there is no account ${address}; see: sealmail account list`);
      await writeStdout(`removed ${address}\n`);
    });
}

/** What list shows: settings and whether a CA or pin is set, not the PEMs themselves. */
function publicView(a: Account): object {
  return {
    address: a.address,
    name: a.displayName ?? '',
    user: a.username,
    imap: a.imap,
    smtp: a.smtp,
    privateCa: Boolean(a.caPem),
    pinnedSha256: a.pinnedSha256 ?? null,
  };
}

function accountText(accounts: Account[]): string {
  if (accounts.length === 0) return 'No accounts; add one with: sealmail account add\n';
  return accounts
    .map((a) => {
      const server = (s: Account['imap']): string => `${terminalLine(s.host)}:${s.port} (${s.security === 'tls' ? 'TLS' : 'STARTTLS'})`;
      const trust = [a.caPem ? 'private CA' : null, a.pinnedSha256 ? `pinned ${a.pinnedSha256}` : null].filter(Boolean).join(', ');
      return `${terminalLine(a.address)}  ${terminalLine(a.displayName ?? '')}\n  user ${terminalLine(a.username)}\n  imap ${server(a.imap)}\n  smtp ${server(a.smtp)}${trust ? `\n  trust ${trust}` : ''}\n`;
    })
    .join('');
}

interface ChosenServers {
  imap: ServerSetting;
  smtp: ServerSetting;
  username: string | null;
  /** Where autoconfig found them; null when the user typed them. */
  source: DiscoverySource | null;
  discovered: boolean;
  attempts: DiscoveryAttempt[];
  /** What to show the user about the choice ('' for typed servers). */
  text: string;
}

const SOURCE_TEXT: Record<DiscoverySource, string> = {
  autoconfig: "the domain's autoconfig server",
  'well-known': "the domain's web server (.well-known autoconfig)",
  srv: 'DNS SRV records (RFC 6186)',
};

/** The typed servers, else what discover finds: both or neither may be typed, so one account never mixes a guess with a choice. */
async function chooseServers(opts: Pick<AddOptions, 'email' | 'imap' | 'smtp' | 'imapSecurity' | 'smtpSecurity' | 'dnsServer'>, caPem: string | null): Promise<ChosenServers> {
  if (opts.imap !== undefined && opts.smtp !== undefined) {
    const imap = serverSetting('imap', opts.imap, opts.imapSecurity);
    const smtp = serverSetting('smtp', opts.smtp, opts.smtpSecurity);
    return { imap, smtp, username: null, source: null, discovered: false, attempts: [], text: '' };
  }
  if (opts.imap !== undefined || opts.smtp !== undefined) {
    throw new SealmailError('bad-option', 'give both --imap and --smtp, or neither to look the servers up');
  }
  const resolver = new Resolver({ timeout: 5_000, tries: 2 });
  if (opts.dnsServer !== undefined) {
    try {
      resolver.setServers([opts.dnsServer]);
    } catch {
      throw new SealmailError('bad-option', `--dns-server "${opts.dnsServer}" is not an IP address with an optional :port`);
    }
  }
  // A private CA adds to the public roots here: a company's autoconfig site may use either.
  const https = caPem === null ? {} : { https: { ca: [...rootCertificates, caPem] } };
  const found = await discover({ email: opts.email, resolver, ...https });
  const tried = found.attempts.map((a) => `  tried ${terminalLine(a.where)}: ${terminalLine(a.message)}\n`).join('');
  if (found.settings === null) {
    const why = found.attempts.map((a) => `${a.source}: ${a.message}`).join('; ');
    throw new SealmailError('bad-option', `no servers found for ${opts.email} (${why}); give --imap and --smtp`);
  }
  const { imap, smtp, source } = found.settings;
  const line = (kind: string, s: DiscoveredSetting): string =>
    `  ${kind} ${terminalLine(s.host)}:${s.port} (${s.security === 'tls' ? 'TLS' : 'STARTTLS'}), user ${terminalLine(s.username)}\n`;
  return {
    imap: { host: imap.host, port: imap.port, security: imap.security },
    smtp: { host: smtp.host, port: smtp.port, security: smtp.security },
    username: imap.username,
    source,
    discovered: true,
    attempts: found.attempts,
    text: `Servers for ${terminalLine(opts.email)} found by ${SOURCE_TEXT[source]}:\n${line('imap', imap)}${line('smtp', smtp)}${tried}\n`,
  };
}

function trustFor(caPem: string | null, pinnedPem: string | null): { ca?: string } {
  const ca = [caPem, pinnedPem].filter((pem): pem is string => pem !== null).join('\n');
  return ca === '' ? {} : { ca };
}

function refuseUnreachable(reviews: readonly ServerReview[]): void {
  const down = reviews.find((r) => r.unreachable !== null);
  if (down === undefined) return;
  const what = `${down.kind === 'imap' ? 'IMAP' : 'submission'} server ${down.setting.host}:${down.setting.port}`;
  throw new SealmailError('network', `cannot reach the ${what} (${down.unreachable ?? ''}); nothing was saved; check the address, or add --no-check to save it anyway`);
}

function reviewText(reviews: readonly ServerReview[]): string {
  return reviews
    .map((r) => (r.report === null ? `${r.kind === 'imap' ? 'IMAP' : 'Submission'} server ${terminalLine(r.setting.host)}:${r.setting.port}: cannot reach it (${terminalLine(r.unreachable ?? '')})\n\n` : `${serverCheckText(r.report)}\n`))
    .join('');
}
