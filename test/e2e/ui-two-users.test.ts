// Alice and bob both in the real UI (two browser contexts, each on its own browser target and profile) over the real rig: onboarding, key exchange, an attachment sealed and saved, a tampered message refused.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherClient } from '../app/imap/imap-fixture.js';
import { startRig, type Rig } from '../rig/rig.js';
import { launchChromium } from './browser.js';
import { checkServers, closeUser, onboard, openUser, PASS, poll, row, shot, shotCheck, SHOTS, text, type User } from './ui-users.js';

let rig: Rig;
let dir: string;
let ui: string;
let browser: Browser;
let alice: User;
let bob: User;

beforeAll(async () => {
  [rig, dir, ui, browser] = await Promise.all([
    startRig(),
    mkdtemp(join(tmpdir(), 'sealmail-ui-two-')),
    mkdtemp(join(tmpdir(), 'sealmail-ui-build-')),
    launchChromium(),
  ]);
  await build({ configFile: 'renderer/vite.config.ts', logLevel: 'silent', build: { outDir: ui, emptyOutDir: true } });
  [alice, bob] = await Promise.all([
    openUser({ name: 'Alice', rigUser: rig.users.alice, dir, ui, browser }),
    openUser({ name: 'Bob', rigUser: rig.users.bob, dir, ui, browser }),
  ]);
  await Promise.all(['en', 'ja'].map((lang) => mkdir(join(SHOTS, lang), { recursive: true })));
}, 60_000);

afterAll(async () => {
  for (const u of [alice, bob]) await closeUser(u);
  await browser?.close();
  await rig?.stop();
  await Promise.all([dir, ui].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })));
});

/** Saves the user's own public key to a file through the key manager; returns its text. */
async function exportOwnKey(u: User): Promise<{ path: string; armored: string }> {
  await u.page.getByTestId('nav-keys').click();
  await u.page.locator('[data-testid="key-row"]', { hasText: u.name }).click();
  expect(await text(u, 'key-acceptance')).toBe('your own key');
  const [download] = await Promise.all([u.page.waitForEvent('download'), u.page.getByTestId('key-export-file').click()]);
  expect(download.suggestedFilename()).toBe(`${u.rig.address}.asc`);
  const path = await download.path();
  const armored = await readFile(path, 'utf8');
  expect(armored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  expect(armored).not.toContain('PRIVATE');
  return { path, armored };
}

/**
 * Changes one byte of the ciphertext inside the armored PGP message of a PGP/MIME mail, keeping the
 * armor well-formed (fresh base64, no stale checksum line), so only the cryptography can notice.
 */
function tamper(raw: string, subject: string): string {
  const armor = /(-----BEGIN PGP MESSAGE-----\r?\n)((?:[^\r\n]+\r?\n)*?)\r?\n([\s\S]*?)(-----END PGP MESSAGE-----)/.exec(raw);
  if (!armor) throw new Error('no armored PGP message in the source');
  const [whole, begin = '', headers = '', body = '', end = ''] = armor;
  const lines = body.split(/\r?\n/).filter((l) => l && !/^=[A-Za-z0-9+/]{4}$/.test(l));
  const bytes = Buffer.from(lines.join(''), 'base64');
  // Well inside the last packet (the encrypted data), before its integrity tag: a ciphertext change, not an armor one.
  const at = bytes.length - 40;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  const base64 = bytes.toString('base64').match(/.{1,64}/g) ?? [];
  const tampered = `${begin}${headers}\r\n${base64.join('\r\n')}\r\n${end}`;
  return raw
    .replace(whole, tampered)
    .replace(/^Subject: .*$/m, `Subject: ${subject}`)
    .replace(/^Message-ID: .*$/im, `Message-ID: <${randomUUID()}@sealmail.test>`);
}

describe('alice and bob, each in the real UI with their own profile, over the real rig', { timeout: 60_000 }, () => {
  const tag = randomUUID().slice(0, 8);
  const subject = `Contract draft ${tag}`;
  const body = `The contract is attached, ${tag}.`;
  const attachment = Buffer.concat([Buffer.from(`%PDF-1.4 ${tag}\n`), randomBytes(3000)]);

  it('onboards alice and bob through the UI, each with a hand-typed account, the private CA, a server check and a new key', async () => {
    await Promise.all([onboard(alice, rig, { key: 'generate' }), onboard(bob, rig, { key: 'generate', screenshots: true })]);
    await shot(bob, 'en', '3-mailbox-empty');
  });

  it('exchanges public keys in the key managers: alice\'s file imported by bob from a file, bob\'s pasted by alice', async () => {
    const [fromAlice, fromBob] = await Promise.all([exportOwnKey(alice), exportOwnKey(bob)]);

    await bob.page.getByText('Import keys').click();
    await bob.page.getByTestId('import-file').setInputFiles(fromAlice.path);
    await poll(() => text(bob, 'key-notice')).toBe('Imported 1 key.');
    await poll(() => bob.page.locator('[data-testid="key-row"]', { hasText: 'Alice' }).count()).toBe(1);

    await alice.page.getByText('Import keys').click();
    await alice.page.getByTestId('import-text').fill(fromBob.armored);
    await alice.page.getByTestId('import-submit').click();
    await poll(() => text(alice, 'key-notice')).toBe('Imported 1 key.');
    await poll(() => alice.page.locator('[data-testid="key-row"]', { hasText: 'Bob' }).count()).toBe(1);
  });

  it('alice composes a signed, encrypted mail with an attachment; the outcome says sent, signed and encrypted', async () => {
    const { page } = alice;
    await page.getByTestId('nav-compose').click();
    await page.getByTestId('recipients-to-input').fill(`${bob.rig.address},`);
    await poll(() => page.locator(`[data-testid="recipient-chip"][data-address="${bob.rig.address}"]`).getAttribute('data-state')).toBe('key');
    await page.getByTestId('compose-subject').fill(subject);
    await page.getByTestId('compose-body').fill(body);
    await page.getByTestId('compose-attach').setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: attachment });
    await poll(() => text(alice, 'compose-attachments')).toContain('contract.pdf');
    expect(await page.getByTestId('compose-sign').isChecked()).toBe(true);
    expect(await page.getByTestId('compose-encrypt').isChecked()).toBe(true);
    expect(await text(alice, 'encrypt-reason')).toBe('Every recipient has a usable key.');
    await page.getByTestId('compose-send').click();
    await poll(() => text(alice, 'send-outcome')).toMatch(/^Sent, signed and encrypted\./);
  });

  it('bob\'s mailbox gets it; opened, the chrome says encrypted and signed by alice; the saved attachment is what alice attached', async () => {
    const { page } = bob;
    await page.getByTestId('nav-mail').click();
    await page.getByTestId('sync').click();
    await row(bob, subject).waitFor({ timeout: 20_000 });
    await shot(bob, 'en', '3-mailbox-new-mail');
    await row(bob, subject).click();
    await poll(() => page.getByTestId('security-status').getAttribute('data-level')).toBe('good');
    expect(await text(bob, 'security-headline')).toContain(`Encrypted and signed by ${alice.rig.address}`);
    expect(await text(bob, 'security-encryption')).toBe('Encrypted with OpenPGP (PGP/MIME).');
    expect(await text(bob, 'security-signature')).toMatch(new RegExp(`^Signed by ${alice.rig.address.replace('.', '\\.')} \\(key [0-9A-F ]+\\); key imported, not verified\\.$`));
    expect(await text(bob, 'mail-text')).toContain(body);
    expect(await text(bob, 'attachments')).toContain('contract.pdf');
    await shot(bob, 'en', '4-message-status');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-attachment-0').click()]);
    expect(download.suggestedFilename()).toBe('contract.pdf');
    expect(Buffer.compare(await readFile(await download.path()), attachment)).toBe(0);
  });

  it('a tampered copy shows a failure in the chrome, no content, no remote content, and no reply quoting it', async () => {
    const tamperedSubject = `Tampered ${tag}`;
    const imap = await otherClient(rig, bob.rig);
    try {
      await imap.mailboxOpen('INBOX');
      let source: string | null = null;
      for await (const m of imap.fetch('1:*', { source: true })) {
        const s = m.source?.toString('latin1') ?? '';
        if (s.includes('multipart/encrypted') && s.includes(alice.rig.address)) source = s;
      }
      if (!source) throw new Error('alice\'s sealed mail is not in bob\'s INBOX');
      await imap.append('INBOX', Buffer.from(tamper(source, tamperedSubject), 'latin1'));
    } finally {
      await imap.logout();
    }

    const { page } = bob;
    await page.getByTestId('sync').click();
    await row(bob, tamperedSubject).waitFor({ timeout: 20_000 });
    await row(bob, tamperedSubject).click();
    await poll(() => page.getByTestId('security-status').getAttribute('data-level')).toBe('bad');
    const headline = await text(bob, 'security-headline');
    expect(headline).toContain('Decryption failed');
    expect(headline).not.toMatch(/Encrypted|signed by/);
    expect(await text(bob, 'security-encryption')).toMatch(/^Decryption failed: .+\. Nothing of its content is shown\.$/);
    expect(await text(bob, 'security-signature')).not.toContain('Signed by');
    expect(await page.getByTestId('mail-text').count()).toBe(0);
    expect(await page.getByTestId('mail-html').count()).toBe(0);
    expect(await page.getByTestId('mail-empty').isVisible()).toBe(true);
    expect(await page.getByTestId('load-remote').count()).toBe(0);
    expect(await page.getByTestId('attachments').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(body);
    await shot(bob, 'en', '5-tampered-status');

    for (const action of ['reply', 'reply-all', 'forward']) {
      expect(await page.getByTestId(action).isDisabled(), action).toBe(true);
      expect(await page.getByTestId(action).getAttribute('title')).toMatch(/could not be decrypted cannot be replied to or forwarded/);
    }
    expect(await page.getByTestId('compose-body').count()).toBe(0);
  });

  it('screenshots of compose with chips, the key manager, settings and the unlock screen', async () => {
    await screens(bob, 'en');
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('in Japanese: bob switches the language in Settings and the same screens are shot', async () => {
    const { page } = bob;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-language').selectOption('ja');
    // The choice applies at once: the navigation says メール, and the page's lang follows.
    await poll(() => page.getByTestId('nav-mail').textContent()).toBe('メール');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await page.getByTestId('nav-mail').click();
    await row(bob, subject).click();
    await poll(() => page.getByTestId('security-status').getAttribute('data-level')).toBe('good');
    await shot(bob, 'ja', '4-message-status');
    await row(bob, `Tampered ${tag}`).click();
    await poll(() => page.getByTestId('security-status').getAttribute('data-level')).toBe('bad');
    await shot(bob, 'ja', '5-tampered-status');
    await screens(bob, 'ja');
  });
});

/** The mailbox, compose with a chip per recipient state, the key manager, settings, the account form after its server check (left unsaved), then lock and the unlock screen. */
async function screens(u: User, lang: string): Promise<void> {
  const { page } = u;
  await page.getByTestId('nav-mail').click();
  await page.getByTestId('message-list').waitFor();
  await shot(u, lang, '3-mailbox');
  await page.getByTestId('nav-compose').click();
  await page.getByTestId('recipients-to-input').fill(`${alice.rig.address},`);
  await page.getByTestId('recipients-to-input').fill('carol@example.test,');
  await poll(() => page.locator('[data-testid="recipient-chip"][data-address="carol@example.test"]').getAttribute('data-state')).toBe('no-key');
  await shot(u, lang, '6-compose-chips');
  await page.getByTestId('compose-close').click();

  await page.getByTestId('nav-keys').click();
  await page.locator('[data-testid="key-row"]', { hasText: 'Alice' }).click();
  await page.getByTestId('key-fingerprint').waitFor();
  await shot(u, lang, '7-key-manager');

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-language').waitFor();
  await shot(u, lang, '8-settings');
  await page.getByTestId('account-add').click();
  await checkServers(u, rig);
  await shotCheck(u, lang);
  await page.getByTestId('nav-mail').click();

  await page.getByTestId('lock').click();
  await page.getByTestId('passphrase').waitFor();
  await shot(u, lang, '1-unlock');
  await page.getByTestId('passphrase').fill(PASS);
  await page.getByTestId('unlock').click();
  await page.getByTestId('nav-mail').waitFor();
}
