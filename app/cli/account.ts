// `sealmail account add|list|remove`: mail accounts with manual server settings; passwords go to the vault only.
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { removeAccount, saveAccount } from '../accounts/account-book.js';
import { serverSetting } from '../accounts/server-setting.js';
import { withMailProfile } from '../mail-profile.js';
import type { Account } from '../store/accounts.js';
import { readInputFile } from './input.js';
import { terminalLine, writeStdout } from './output.js';
import { mailSession } from './send.js';

interface AddOptions {
  email: string;
  name: string;
  imap: string;
  smtp: string;
  user?: string;
  passwordFile: string;
  ca?: string;
  pin?: string;
  imapSecurity?: string;
  smtpSecurity?: string;
  replace?: boolean;
}

export function addAccountCommands(program: Command): void {
  const account = program.command('account').description('manage mail accounts (server settings in the encrypted store, passwords in the vault)');

  account
    .command('add')
    .description('add an account, or with --replace change the one for the same address')
    .requiredOption('--email <addr>', 'the account address')
    .requiredOption('--name <name>', 'your name as shown to recipients')
    .requiredOption('--imap <host:port>', 'IMAP server (993: TLS, 143: STARTTLS)')
    .requiredOption('--smtp <host:port>', 'submission server (465: TLS, 587: STARTTLS)')
    .option('--user <user>', 'login name (default: the address)')
    .requiredOption('--password-file <file>', 'read the password from the first line of FILE')
    .option('--ca <file>', 'trust this private CA certificate (PEM) for this account')
    .option('--pin <file>', "trust exactly this self-signed server certificate (PEM) after you checked its fingerprint")
    .option('--imap-security <tls|starttls>', 'required on ports other than 993 and 143')
    .option('--smtp-security <tls|starttls>', 'required on ports other than 465 and 587')
    .option('--replace', 'change the existing account for this address')
    .action(async (opts: AddOptions, command: Command) => {
      const imap = serverSetting('imap', opts.imap, opts.imapSecurity);
      const smtp = serverSetting('smtp', opts.smtp, opts.smtpSecurity);
      if (!/^[^\s@<>]+@[^\s@<>]+$/.test(opts.email)) throw new SealmailError('bad-option', `--email "${opts.email}" is not a mail address`);
      const text = async (file: string | undefined): Promise<string | null> => (file === undefined ? null : new TextDecoder().decode(await readInputFile(file)));
      const password = ((await text(opts.passwordFile)) ?? '').split(/\r?\n/, 1)[0] ?? '';
      const [caPem, pinnedPem] = [await text(opts.ca), await text(opts.pin)];
      await withMailProfile(mailSession(command), async (mail) => {
        const input = { address: opts.email, displayName: opts.name, username: opts.user ?? opts.email, imap, smtp, caPem, pinnedPem, password };
        await saveAccount(mail, input, { replace: opts.replace === true });
      });
      await writeStdout(`${opts.replace ? 'updated' : 'added'} ${opts.email}\n`);
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
