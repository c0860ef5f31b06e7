// Adds, edits and removes mail accounts: settings in the encrypted store, the password in the vault only.
import { X509Certificate } from 'node:crypto';
import { SealmailError } from '../../crypto/errors.js';
import type { MailProfile } from '../mail-profile.js';
import { type Account, type AccountSettings, accountPasswordEntry } from '../store/accounts.js';
import type { ImapAccount } from '../imap/connection.js';
import type { SubmissionAccount, SubmissionAuth } from '../transport/submit-raw.js';

export interface AccountInput extends Omit<AccountSettings, 'pinnedSha256' | 'pinnedPem'> {
  password: string;
  /** PEM of the self-signed server certificate the user confirmed; stored with its SHA-256 fingerprint. */
  pinnedPem?: string | null;
}

/** Adds an account, or with `replace` edits the one for the same address; returns its id. */
export async function saveAccount(mail: MailProfile, input: AccountInput, options: { replace?: boolean } = {}): Promise<number> {
  const { password, ...rest } = input;
  if (password === '') throw new SealmailError('bad-option', 'the password file is empty; put the account password on its first line');
  if (rest.caPem) certificate(rest.caPem, 'the --ca file');
  const settings: AccountSettings = { ...rest, pinnedSha256: rest.pinnedPem ? certificate(rest.pinnedPem, 'the --pin file').fingerprint256 : null };
  const existing = mail.store.accounts.find(input.address);
  if (existing && !options.replace) {
    throw new SealmailError('bad-option', `an account for ${input.address} exists already; add --replace to change it, or remove it first`);
  }
  if (existing) {
    mail.store.accounts.update(existing.id, settings);
    await mail.vault.set(accountPasswordEntry(existing.id), password);
    return existing.id;
  }
  const id = mail.store.accounts.add(settings);
  try {
    await mail.vault.set(accountPasswordEntry(id), password);
  } catch (e) {
    // An account whose password was never saved could only fail later, further from the cause.
    mail.store.accounts.remove(id);
    throw e;
  }
  return id;
}

/**
 * Removes the account and its password; false when there was none. Its unsent mail would go with it
 * (the outbox rows belong to the account), so that needs `discardOutbox`: nothing is lost by accident.
 */
export async function removeAccount(mail: MailProfile, address: string, options: { discardOutbox?: boolean } = {}): Promise<boolean> {
  const account = mail.store.accounts.find(address);
  if (!account) return false;
  const waiting = mail.store.outbox.list().filter((item) => item.accountId === account.id).length;
  if (waiting > 0 && !options.discardOutbox) {
    throw new SealmailError(
      'bad-option',
      `${waiting} unsent message(s) of ${account.address} wait in the outbox; send them (sealmail outbox flush) or add --discard-outbox`,
    );
  }
  // The secret goes first: a crash in between leaves settings without a password, never a stray password.
  await mail.vault.delete(accountPasswordEntry(account.id));
  mail.store.accounts.remove(account.id);
  return true;
}

/** The account named `address`, or a one-line error listing what there is. */
export function findAccount(mail: MailProfile, address: string): Account {
  const account = mail.store.accounts.find(address);
  if (account) return account;
  const known = mail.store.accounts.list().map((a) => a.address);
  const hint = known.length === 0 ? 'add one with: sealmail account add' : `accounts: ${known.join(', ')}`;
  throw new SealmailError('bad-option', `there is no account ${address}; ${hint}`);
}

/** What submitRaw needs for `account`, the password read from the vault at the last moment. */
export function submissionSettings(mail: MailProfile, account: Account): { account: SubmissionAccount; auth: SubmissionAuth } {
  const password = mail.vault.getText(accountPasswordEntry(account.id));
  if (password === undefined) {
    throw new SealmailError('profile', `the vault has no password for ${account.address}; set it with: sealmail account add --replace ...`);
  }
  return {
    account: {
      host: account.smtp.host,
      port: account.smtp.port,
      security: account.smtp.security,
      user: account.username,
      ...(account.caPem ? { ca: account.caPem } : {}),
      ...(account.pinnedPem ? { pinnedCertificate: account.pinnedPem } : {}),
    },
    auth: { password },
  };
}

/** What openImap needs for `account`, the password read from the vault at the last moment. */
export function imapSettings(mail: MailProfile, account: Account): { account: ImapAccount; password: string } {
  const password = mail.vault.getText(accountPasswordEntry(account.id));
  if (password === undefined) {
    throw new SealmailError('profile', `the vault has no password for ${account.address}; set it with: sealmail account add --replace ...`);
  }
  return {
    account: {
      host: account.imap.host,
      port: account.imap.port,
      security: account.imap.security,
      user: account.username,
      ...(account.caPem ? { ca: account.caPem } : {}),
      ...(account.pinnedPem ? { pinnedCertificate: account.pinnedPem } : {}),
    },
    password,
  };
}

function certificate(pem: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new SealmailError('bad-option', `${what} holds no PEM certificate`);
  }
}

/** The account to send `from`'s message with: `--account`, else the account for the From address. */
export function sendingAccount(mail: MailProfile, from: string, flag?: string): Account {
  if (flag !== undefined) return findAccount(mail, flag);
  return findAccount(mail, from);
}
