// Account storage rules: the password only in the vault, a pinned certificate kept whole, and no silent loss of queued mail.
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AccountInput, findAccount, removeAccount, saveAccount, submissionSettings } from '../../../app/accounts/account-book.js';
import { openMailProfile, type MailProfile } from '../../../app/mail-profile.js';
import { accountPasswordEntry } from '../../../app/store/accounts.js';
import { makeTestCertificates, type TestCertificates } from '../transport/test-certificates.js';

let certs: TestCertificates;
let dir: string;
let mail: MailProfile;

beforeAll(async () => {
  certs = await makeTestCertificates();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealmail-accounts-'));
  mail = await openMailProfile({ profile: join(dir, 'profile'), passphrase: { get: async () => 'account book passphrase' } });
});
afterEach(async () => {
  mail.close();
  await rm(dir, { recursive: true, force: true });
});

const input = (extra: Partial<AccountInput> = {}): AccountInput => ({
  address: 'alice@example.org',
  username: 'alice',
  password: 'the-password',
  imap: { host: '127.0.0.1', port: 993, security: 'tls' },
  smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
  ...extra,
});

describe('the account book', () => {
  it('keeps a pinned self-signed certificate whole, with its fingerprint, and hands both trust anchors to submission', async () => {
    await saveAccount(mail, input({ caPem: certs.caPem, pinnedPem: certs.selfSigned.cert }));
    const account = findAccount(mail, 'ALICE@example.org');
    expect(account.pinnedSha256).toBe(new X509Certificate(certs.selfSigned.cert).fingerprint256);
    expect(submissionSettings(mail, account)).toEqual({
      account: { host: '127.0.0.1', port: 465, security: 'tls', user: 'alice', ca: certs.caPem, pinnedCertificate: certs.selfSigned.cert },
      auth: { password: 'the-password' },
    });
  });

  it('refuses a --ca or --pin file that holds no certificate, and an empty password', async () => {
    await expect(saveAccount(mail, input({ pinnedPem: 'not a certificate' }))).rejects.toThrow(/the --pin file holds no PEM certificate/);
    await expect(saveAccount(mail, input({ caPem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n' }))).rejects.toThrow(/--ca file/);
    await expect(saveAccount(mail, input({ password: '' }))).rejects.toThrow(/password file is empty/);
    expect(mail.store.accounts.list()).toEqual([]);
  });

  it('removes the password from the vault with the account, but not while its mail waits unless asked', async () => {
    const id = await saveAccount(mail, input());
    mail.store.outbox.enqueue({ accountId: id, raw: Buffer.from('x\r\n'), recipients: ['bob@example.org'] });
    await expect(removeAccount(mail, 'alice@example.org')).rejects.toThrow(/1 unsent message\(s\) of alice@example\.org wait in the outbox/);
    expect(mail.vault.getText(accountPasswordEntry(id))).toBe('the-password');

    expect(await removeAccount(mail, 'alice@example.org', { discardOutbox: true })).toBe(true);
    expect(mail.vault.get(accountPasswordEntry(id))).toBeUndefined();
    expect(mail.store.outbox.list()).toEqual([]);
    expect(await removeAccount(mail, 'alice@example.org')).toBe(false);
  });
});
