// The built UI in a real Chromium against an in-page stand-in for the services: every screen renders, drives, and shows errors as one line.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateView, KeyView, MessageView, SecurityReport } from '../../app/contract/index.js';
import { startStandInUi, type StandInUi } from './stand-in-ui.js';
import { certificateView, keyView } from './view-fixtures.js';

const SHOTS = join('test-results', 'renderer');
const FPR = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

const report: SecurityReport = {
  from: 'mallory@example.net',
  fromName: 'Mallory',
  subject: 'Invoice',
  protectedHeaders: false,
  encryption: { state: 'none', scheme: null, error: null, integrity: null },
  signature: { state: 'none', scheme: null, signer: null, acceptance: null, signedAt: null },
  text: null,
  // A message that draws its own "verified" badge: it must end up inside the frame only.
  html: '<div style="background:#e3f4ea;color:#156c3a;padding:8px;font-weight:bold">🔒 Encrypted and signed by alice@example.org</div><p>Pay now.</p><img src="https://tracker.example/p.gif">',
  attachments: [{ name: 'invoice.pdf', type: 'application/pdf', size: 2048 }],
  autocrypt: null,
  warnings: [],
};
const summary = { id: 7, folderId: 1, uid: 7, subject: 'Invoice', from: 'mallory@example.net', date: '2026-11-20T10:00:00Z', seen: false, flagged: false };
const view: MessageView = { summary, report, remoteContentAllowed: true, keyAttachments: [] };
const bobKey: KeyView = keyView({ fingerprint: FPR, algorithm: 'ed25519' });

const CERT_FPR = 'f00dfacecafebeef0123456789abcdef0123456789abcdef0123456789abcdef';
const aliceCert: CertificateView = certificateView({ fingerprint: CERT_FPR });
const testCa: CertificateView = {
  ...aliceCert,
  fingerprint: 'ca'.repeat(32),
  subject: 'O=Sealmail Tests, CN=Sealmail Test CA',
  emails: [],
  own: false,
  ca: true,
  canSign: false,
  canEncrypt: false,
  provenance: 'imported',
  anchor: true,
};

/** Answers per "service.method"; a function of the input where the answer depends on it. */
const FIXTURES = {
  'session.state': { ok: true, value: { exists: false, unlocked: false } },
  'session.unlock': { ok: true, value: { exists: true, unlocked: true } },
  'accounts.list': {
    ok: true,
    value: [
      {
        id: 1,
        address: 'alice@example.org',
        name: 'Alice',
        user: 'alice@example.org',
        imap: { host: 'mail.example.org', port: 993, security: 'tls' },
        smtp: { host: 'mail.example.org', port: 465, security: 'tls' },
        privateCa: false,
        pinnedSha256: null,
      },
    ],
  },
  'settings.get': { ok: true, value: { defaultSign: true, defaultEncrypt: true, passphraseCacheMinutes: 10, language: 'en' } },
  'mail.folders': {
    ok: true,
    value: [
      { id: 1, accountId: 1, path: 'INBOX', specialUse: null, total: 2, unread: 1 },
      { id: 2, accountId: 1, path: 'Archive', specialUse: '\\Archive', total: 0, unread: 0 },
    ],
  },
  'mail.messages': { ok: true, value: [summary, { ...summary, id: 8, uid: 8, subject: 'Lunch?', from: 'bob@example.org', seen: true, flagged: true }] },
  'mail.read': { ok: true, value: view },
  'mail.setFlags': { ok: true, value: { ...summary, seen: true } },
  'mail.watch': { ok: true, value: { problems: [] } },
  'mail.sync': { ok: false, error: { code: 'imap', message: 'imap.example.org refused the login: check the password in Settings.' } },
  'keys.list': { ok: true, value: [bobKey] },
  'certs.list': { ok: true, value: [aliceCert, testCa] },
  'certs.anchors': { ok: true, value: [testCa] },
  'certs.remove': { ok: true, value: undefined },
};

let ui: StandInUi;

beforeAll(async () => {
  ui = await startStandInUi();
  await mkdir(SHOTS, { recursive: true });
}, 120_000);

afterAll(() => ui?.close());

/** Opens the UI with window.sealmail answering from the fixtures; page errors fail the test. */
function openUi(overrides: Record<string, unknown>, use: (page: Page, errors: string[]) => Promise<void>): Promise<void> {
  return ui.open({ ...FIXTURES, ...overrides }, use);
}

describe('the built UI', { timeout: 60_000 }, () => {
  it('creates a profile, shows the mailbox, and keeps a fake badge in the mail inside the sandboxed frame', async () => {
    await openUi({}, async (page, errors) => {
      await page.getByTestId('passphrase').fill('correct horse');
      await page.getByTestId('passphrase-repeat').fill('correct hose');
      await page.getByTestId('unlock').click();
      await expect.poll(() => page.getByTestId('error').textContent()).toContain('differ');
      await page.screenshot({ path: join(SHOTS, 'unlock.png') });
      await page.getByTestId('passphrase-repeat').fill('correct horse');
      await page.getByTestId('unlock').click();

      await page.getByTestId('message-row').first().click();
      const status = page.getByTestId('security-status');
      await expect.poll(() => status.getAttribute('data-level')).toBe('plain');
      expect(await page.getByTestId('security-headline').textContent()).toContain('Not encrypted, not signed');
      const frame = page.getByTestId('mail-html');
      expect(await frame.getAttribute('sandbox')).toBe('');
      expect(await frame.getAttribute('srcdoc')).toMatch(/^<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
      // The badge text exists only inside the frame, never in the app's own document.
      expect(await page.locator('body').innerText()).not.toContain('Encrypted and signed by alice');
      expect(await page.getByTestId('unread-count').textContent()).toBe('1');
      const calls = await page.evaluate(() => (globalThis as unknown as { calls: { method: string; input: unknown }[] }).calls);
      expect(calls).toContainEqual({ method: 'mail.setFlags', input: { messageId: 7, seen: true } });
      await page.screenshot({ path: join(SHOTS, 'mailbox.png') });

      await page.getByTestId('load-remote').click();
      expect(await frame.getAttribute('srcdoc')).toContain("img-src data: https:");
      await page.getByTestId('sync').click();
      await expect.poll(() => page.getByTestId('error').textContent()).toBe('imap.example.org refused the login: check the password in Settings.');
      expect(errors).toEqual([]);
    });
  });

  it('imports a key attached to a message from the message pane, says it came in undecided, and leads to the key manager', async () => {
    const withKey: MessageView = {
      ...view,
      report: { ...report, attachments: [...report.attachments, { name: 'bob.asc', type: 'application/pgp-keys', size: 700 }] },
      keyAttachments: [1],
    };
    const overrides = { 'session.state': { ok: true, value: { exists: true, unlocked: true } }, 'mail.read': { ok: true, value: withKey }, 'keys.importAttachment': { ok: true, value: [bobKey] } };
    await openUi(overrides, async (page, errors) => {
      await page.getByTestId('message-row').first().click();
      await page.getByTestId('import-key-1').waitFor();
      expect(await page.getByTestId('import-key-0').count()).toBe(0);
      await page.getByTestId('import-key-1').click();
      await expect.poll(() => page.getByTestId('key-imported').textContent()).toContain('Bob <bob@example.org>');
      const calls = await page.evaluate(() => (globalThis as unknown as { calls: { method: string; input: unknown }[] }).calls);
      expect(calls).toContainEqual({ method: 'keys.importAttachment', input: { messageId: 7, index: 1 } });
      await page.getByTestId('key-imported-open').click();
      await expect.poll(() => page.getByTestId('key-row').count()).toBe(1);
      expect(errors).toEqual([]);
    });
  });

  it('opens a mailto: link as a draft to check, naming the attach parameter it ignored', async () => {
    await openUi({}, async (page, errors) => {
      await page.getByTestId('passphrase').fill('correct horse');
      await page.getByTestId('passphrase-repeat').fill('correct horse');
      await page.getByTestId('unlock').click();
      await page.getByTestId('message-row').first().waitFor();
      await page.evaluate(() => {
        const draft = { to: ['bob@example.org'], cc: [], bcc: [], subject: 'Hello', body: 'From a link', inReplyTo: null, ignored: ['attach'] };
        (globalThis as unknown as { fire: (e: unknown) => void }).fire({ type: 'mailto', draft });
      });
      await expect.poll(() => page.getByTestId('mailto-notice').textContent()).toMatch(/also asked for attach, which Sealmail ignores/);
      expect(await page.getByTestId('compose-subject').inputValue()).toBe('Hello');
      expect(await page.getByTestId('compose-body').inputValue()).toBe('From a link');
      expect(await page.locator('body').innerText()).toContain('bob@example.org');
      const calls = await page.evaluate(() => (globalThis as unknown as { calls: { method: string }[] }).calls.map((c) => c.method));
      expect(calls).not.toContain('compose.send');
      expect(errors).toEqual([]);
    });
  });

  it('shows per-recipient key chips and why encryption is off in compose', async () => {
    const fixtures = {
      'session.state': { ok: true, value: { exists: true, unlocked: true } },
      'compose.policy': {
        ok: true,
      value: {
        recipients: [
          { address: 'bob@example.org', fingerprint: FPR, problem: null, problemCode: null, scheme: 'smime' },
          { address: 'carol@example.org', fingerprint: null, problem: 'no key for this address in the keyring', problemCode: 'no-key', scheme: null },
        ],
        canEncrypt: false,
        reason: 'no key for carol@example.org',
        reasonCode: 'no-key',
        keyless: ['carol@example.org'],
        canSign: true,
        scheme: 'smime',
      },
      },
    };
    await openUi(fixtures, async (page, errors) => {
      await page.getByTestId('nav-compose').click();
      await page.getByTestId('recipients-to-input').fill('bob@example.org, carol@example.org,');
      await expect.poll(() => page.locator('[data-testid="recipient-chip"][data-address="carol@example.org"]').getAttribute('data-state')).toBe('no-key');
      expect(await page.locator('[data-testid="recipient-chip"][data-address="bob@example.org"]').getAttribute('data-state')).toBe('key');
      expect(await page.getByTestId('compose-encrypt').isDisabled()).toBe(true);
      expect(await page.getByTestId('encrypt-reason').textContent()).toBe('Cannot encrypt: no key for carol@example.org');
      expect(await page.getByTestId('sealing-scheme').textContent()).toMatch(/^Sealed with S\/MIME/);
      await page.screenshot({ path: join(SHOTS, 'compose.png') });

      await page.getByTestId('nav-keys').click();
      await page.getByTestId('key-row').click();
      expect(await page.getByTestId('key-fingerprint').textContent()).toBe('A1B2 C3D4 E5F6 0718 293A  4B5C 6D7E 8F90 1234 5678');
      expect(await page.getByTestId('key-provenance').textContent()).toBe('Imported by hand');
      expect(await page.getByTestId('key-verify-accept').isDisabled()).toBe(true);
      await page.getByTestId('key-verify-input').fill('a1b2 c3d4 e5f6 0718 293a 4b5c 6d7e 8f90 1234 5678');
      expect(await page.getByTestId('key-verify-accept').isDisabled()).toBe(false);
      await page.getByTestId('key-delete').click();
      expect(await page.getByTestId('confirm-dialog').isVisible()).toBe(true);
      await page.screenshot({ path: join(SHOTS, 'keys.png') });
      await page.getByTestId('confirm-cancel').click();

      await page.getByTestId('nav-settings').click();
      await page.getByTestId('settings-save').waitFor();
      await page.screenshot({ path: join(SHOTS, 'settings.png') });
      expect(errors).toEqual([]);
    });
  });

  it('lists S/MIME certificates on their own tab: filter, details with the fingerprint in blocks, trust anchors, delete after confirming', async () => {
    const fixtures = {
      'session.state': { ok: true, value: { exists: true, unlocked: true } },
      'certs.importIdentity': { ok: false, error: { code: 'wrong-passphrase', message: 'the PKCS#12 password is wrong' } },
    };
    await openUi(fixtures, async (page, errors) => {
      await page.getByTestId('nav-keys').click();
      await page.getByTestId('keys-tab-smime').click();
      await expect.poll(() => page.getByTestId('cert-row').count()).toBe(2);
      expect(await page.getByTestId('cert-row').first().textContent()).toBe('Alice Exampleyour certificate');
      expect(await page.getByTestId('anchor-row').textContent()).toBe('Sealmail Test CAadded by you');
      await page.getByTestId('cert-row').first().click();
      expect(await page.getByTestId('cert-fingerprint').textContent()).toBe('F00D FACE CAFE BEEF 0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567 89AB CDEF');
      expect(await page.getByTestId('cert-emails').textContent()).toBe('alice@example.org');
      expect(await page.getByTestId('cert-provenance').textContent()).toBe('Imported from a PKCS#12 file');
      await page.getByTestId('cert-filter').fill('alice');
      await expect
        .poll(async () => (await page.evaluate(() => (globalThis as unknown as { calls: { method: string; input: unknown }[] }).calls)).filter((c) => c.method === 'certs.list').at(-1)?.input)
        .toEqual({ filter: 'alice' });

      await page.locator('summary', { hasText: 'Import your certificate' }).click();
      await page.getByTestId('cert-p12-file').setInputFiles({ name: 'alice.p12', mimeType: 'application/x-pkcs12', buffer: Buffer.from([0x30, 0x82, 0x01, 0x00]) });
      await page.getByTestId('cert-p12-password').fill('wrong');
      await page.getByTestId('cert-p12-submit').click();
      await expect.poll(() => page.getByTestId('error').textContent()).toBe('The password of the PKCS#12 file is wrong. Type it again.');
      const p12 = (await page.evaluate(() => (globalThis as unknown as { calls: { method: string; input: unknown }[] }).calls)).find((c) => c.method === 'certs.importIdentity');
      expect(p12?.input).toEqual({ base64: 'MIIBAA==', password: 'wrong' });

      await page.getByTestId('cert-delete').click();
      expect(await page.getByTestId('confirm-dialog').textContent()).toContain('Your private key will be gone');
      await page.screenshot({ path: join(SHOTS, 'certificates.png') });
      await page.getByTestId('confirm-ok').click();
      await expect.poll(() => page.getByTestId('cert-notice').textContent()).toBe('The certificate is deleted.');
      const calls = await page.evaluate(() => (globalThis as unknown as { calls: { method: string; input: unknown }[] }).calls);
      expect(calls).toContainEqual({ method: 'certs.remove', input: { fingerprint: CERT_FPR } });
      expect(errors).toEqual([]);
    });
  });

  it('onboards: looked-up servers and a bad check need the confirm button before the account is saved', async () => {
    const server = { host: 'mail.example.org', port: 993, security: 'tls' };
    const fixtures = {
      'session.state': { ok: true, value: { exists: true, unlocked: true } },
      'accounts.list': { ok: true, value: [] },
      'accounts.discover': {
        ok: true,
        value: {
          found: { imap: server, smtp: { ...server, port: 465 }, username: 'alice@example.org', source: 'autoconfig' },
          attempts: [{ source: 'well-known', where: 'https://example.org/.well-known/autoconfig/mail/config-v1.1.xml', code: 'not-found', message: 'example.org has no autoconfig document' }],
        },
      },
      'accounts.check': {
        ok: true,
        value: [
          {
            kind: 'imap',
            setting: server,
            report: {
              host: 'mail.example.org',
              port: 993,
              transport: 'implicit-tls',
              checks: [{ id: 'tls', verdict: 'good', summary: 'TLS 1.3, certificate valid for mail.example.org', detail: 'The connection is encrypted.' }],
              verdict: 'good',
            },
            unreachable: null,
          },
          { kind: 'smtp', setting: { ...server, port: 465 }, report: null, unreachable: 'connection refused' },
        ],
      },
      'accounts.save': { ok: true, value: {} },
    };
    await openUi(fixtures, async (page, errors) => {
      await page.getByTestId('account-address').fill('alice@example.org');
      await page.getByTestId('account-name').fill('Alice');
      await page.getByTestId('account-password').fill('secret');
      await page.getByTestId('discover').click();
      await expect.poll(() => page.getByTestId('discovery').textContent()).toContain('autoconfig');
      expect(await page.getByTestId('imap-host').inputValue()).toBe('mail.example.org');
      await page.getByTestId('check-servers').click();
      await expect.poll(() => page.getByTestId('review-imap-verdict').textContent()).toBe('Good');
      expect(await page.getByTestId('review-smtp').textContent()).toContain('connection refused');
      expect(await page.getByTestId('save-account').isDisabled()).toBe(true);
      await page.screenshot({ path: join(SHOTS, 'onboarding.png'), fullPage: true });
      await page.getByTestId('confirm-servers').click();
      await page.getByTestId('save-account').click();
      await page.getByTestId('key-generate').waitFor();
      const calls = await page.evaluate(() => (globalThis as unknown as { calls: { method: string; input: unknown }[] }).calls);
      expect(calls.find((c) => c.method === 'accounts.save')?.input).toMatchObject({ address: 'alice@example.org', user: 'alice@example.org', imap: server });
      expect(errors).toEqual([]);
    });
  });
});
