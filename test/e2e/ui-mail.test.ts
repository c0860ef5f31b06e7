// The real UI in Chromium, through the browser target, on the real services and the real Postfix + Dovecot rig: what alice sees from first run to a verified key.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../app/contract/dispatch.js';
import type { AccountView, Draft, FolderView, KeyView, MessageSummary, MessageView } from '../../app/contract/views.js';
import { startServe, type RunningServe } from '../../app/serve/server.js';
import { createServices, type RunningServices } from '../../app/services/index.js';
import { otherClient } from '../app/imap/imap-fixture.js';
import { startRig, type Rig } from '../rig/rig.js';
import { launchChromium } from './browser.js';

const SHOTS = join('test-results', 'e2e');
const PASS = 'ui mail test passphrase';

let rig: Rig;
let dir: string;
let ui: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let serve: RunningServe;
let alice: RunningServices;
let bob: { running: RunningServices; call<T>(method: string, input?: unknown): Promise<T>; account: AccountView; key: KeyView };
/** Stands in for every remote host a mail names: any request reaching it is a leak. */
let remote: Server;
let remoteOrigin: string;
const remoteHits: string[] = [];
const finished: string[] = [];
const pageErrors: string[] = [];

async function bobServices(): Promise<typeof bob> {
  const running = createServices({ profile: join(dir, 'bob') });
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const r = await dispatch(running.services, method, input);
    if (!r.ok) throw new Error(`bob ${method}: ${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  await call('session.unlock', { passphrase: PASS });
  const { imaps } = rig.imap;
  const { submissions } = rig.smtp;
  const user = rig.users.bob;
  const account = await call<AccountView>('accounts.save', {
    address: user.address,
    name: 'Bob',
    user: user.address,
    password: user.password,
    imap: { host: imaps.host, port: imaps.port, security: 'tls' },
    smtp: { host: submissions.host, port: submissions.port, security: 'tls' },
    caPem: rig.caPem,
  });
  const key = await call<KeyView>('keys.generate', { name: 'Bob', address: user.address });
  return { running, call, account, key };
}

beforeAll(async () => {
  [rig, dir, ui] = await Promise.all([startRig(), mkdtemp(join(tmpdir(), 'sealmail-ui-mail-')), mkdtemp(join(tmpdir(), 'sealmail-ui-build-'))]);
  remote = createServer((req, res) => {
    remoteHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/gif' }).end();
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  remoteOrigin = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
  alice = createServices({ profile: join(dir, 'alice') });
  // A private output folder per run: parallel runs never rebuild each other's UI under its feet.
  const built = build({ configFile: 'renderer/vite.config.ts', logLevel: 'silent', build: { outDir: ui, emptyOutDir: true } });
  [bob, browser] = await Promise.all([bobServices(), launchChromium(), built]);
  serve = await startServe({ services: alice.services, onEvent: alice.onEvent, root: ui });
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Chromium may report a request its CSP then blocks; only one that finished went out on the network.
  page.on('requestfinished', (r) => finished.push(r.url()));
  await mkdir(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await serve?.close();
  alice?.lock();
  bob?.running.lock();
  remote?.close();
  await rig?.stop();
  await Promise.all([dir, ui].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })));
});

/** Polls long enough for the real services under load (the profile's key derivation, key generation, the rig). */
const poll = <T>(value: () => Promise<T>) => expect.poll(value, { timeout: 20_000 });
const byTestId = (id: string) => page.getByTestId(id);
const text = async (id: string) => (await byTestId(id).textContent()) ?? '';
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const row = (subject: string) => page.locator('[data-testid="message-row"]', { hasText: subject });
const chip = (address: string) => page.locator(`[data-testid="recipient-chip"][data-address="${address}"]`);

/** Waits until bob's services have synced a message with this subject into his INBOX. */
async function bobReceives(subject: string): Promise<MessageSummary> {
  for (let i = 0; i < 60; i++) {
    await bob.call('mail.sync');
    const inbox = (await bob.call<FolderView[]>('mail.folders')).find((f) => f.path === 'INBOX');
    const found = inbox && (await bob.call<MessageSummary[]>('mail.messages', { folderId: inbox.id })).find((m) => m.subject === subject);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`bob never received "${subject}"`);
}

describe('alice in the real UI, bob through his own services, over the real rig', { timeout: 60_000 }, () => {
  const tag = randomUUID().slice(0, 8);
  const first = `Plans for Tuesday ${tag}`;

  it('first run: creates the profile, adds the account typed by hand with the private CA, shows the server check in words, creates a key', async () => {
    await page.goto(serve.url);
    await poll(() => page.locator('h1').textContent()).toBe('Create your Sealmail profile');
    await byTestId('passphrase').fill(PASS);
    await byTestId('passphrase-repeat').fill(PASS);
    await byTestId('unlock').click();

    const { alice: user } = rig.users;
    await poll(() => page.locator('h1').textContent()).toBe('Add a mail account');
    await byTestId('account-address').fill(user.address);
    await byTestId('account-name').fill('Alice');
    await byTestId('account-password').fill(user.password);
    await byTestId('imap-host').fill(rig.imap.imaps.host);
    await byTestId('imap-port').fill(String(rig.imap.imaps.port));
    await byTestId('smtp-host').fill(rig.smtp.submissions.host);
    await byTestId('smtp-port').fill(String(rig.smtp.submissions.port));
    await page.getByText('My servers use a private certificate authority').click();
    await byTestId('account-ca').fill(rig.caPem);
    await byTestId('check-servers').click();

    await poll(() => text('review-imap-verdict')).toBe('Good');
    expect(await text('review-smtp-verdict')).toBe('Good');
    expect(await text('review-imap')).toContain('encrypted from the first byte (TLS)');
    expect(await text('check-imap-tls')).toMatch(/^TLS: Good — /);
    expect(await text('review-smtp')).toContain('Relaying mail for strangers: Good');
    // Typed by hand and all good: nothing to confirm, Save is open.
    expect(await byTestId('confirm-servers').count()).toBe(0);
    await shot('1-onboarding-check');
    await byTestId('server-reviews').screenshot({ path: join(SHOTS, '1-onboarding-verdicts.png') });
    await byTestId('save-account').click();

    await byTestId('key-generate').click();
    await poll(() => text('key-ready')).toMatch(/Ready: Alice <alice@example\.test> [0-9A-F]{4} /);
    await shot('1-key-ready');
    await byTestId('onboarding-done').click();
    await byTestId('folders').waitFor();

    const accounts = await dispatch(alice.services, 'accounts.list', {});
    expect(accounts).toMatchObject({ ok: true, value: [{ address: user.address, privateCa: true }] });
  });

  it('exchanges public keys: bob\'s pasted into the key manager, alice\'s saved to a file that bob imports', async () => {
    const { armored } = await bob.call<{ armored: string }>('keys.export', { fingerprint: bob.key.fingerprint });
    await byTestId('nav-keys').click();
    await page.getByText('Import keys').click();
    await byTestId('import-text').fill(armored);
    await byTestId('import-submit').click();
    await poll(() => text('key-notice')).toBe('Imported 1 key.');
    expect(await text('key-fingerprint')).toBe(groupedUpper(bob.key.fingerprint));

    await page.locator('[data-testid="key-row"]', { hasText: 'Alice' }).click();
    expect(await text('key-acceptance')).toBe('your own key');
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId('key-export-file').click()]);
    expect(download.suggestedFilename()).toBe('alice@example.test.asc');
    const exported = await readFile(await download.path(), 'utf8');
    expect(exported).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(exported).not.toContain('PRIVATE');
    const imported = await bob.call<KeyView[]>('keys.import', { armored: exported });
    expect(imported.map((k) => k.userIds[0]?.address)).toEqual(['alice@example.test']);
  });

  it('compose: bob\'s chip shows a key and Encrypt is on; a stranger has no key and Encrypt is off with the reason; sending says sent', async () => {
    await byTestId('nav-compose').click();
    await byTestId('recipients-to-input').fill(`${rig.users.bob.address},`);
    await poll(() => chip(rig.users.bob.address).getAttribute('data-state')).toBe('key');
    expect(await byTestId('compose-encrypt').isChecked()).toBe(true);
    expect(await byTestId('compose-encrypt').isDisabled()).toBe(false);
    expect(await text('encrypt-reason')).toBe('Every recipient has a usable key.');

    await byTestId('recipients-to-input').fill('carol@example.test,');
    await poll(() => chip('carol@example.test').getAttribute('data-state')).toBe('no-key');
    expect(await chip('carol@example.test').textContent()).toContain('no key');
    expect(await byTestId('compose-encrypt').isDisabled()).toBe(true);
    expect(await byTestId('compose-encrypt').isChecked()).toBe(false);
    expect(await text('encrypt-reason')).toBe('Cannot encrypt: no key for carol@example.test');
    await shot('3-compose-no-key');

    await page.getByRole('button', { name: 'Remove carol@example.test' }).click();
    await poll(() => byTestId('compose-encrypt').isChecked()).toBe(true);
    await byTestId('compose-subject').fill(first);
    await byTestId('compose-body').fill(`Tuesday at the harbour, ${tag}.`);
    await byTestId('compose-send').click();
    await poll(() => text('send-outcome')).toMatch(/^Sent, signed and encrypted\./);
    await shot('3-compose-sent');

    const received = await bobReceives(first);
    const read = await bob.call<MessageView>('mail.read', { messageId: received.id });
    expect(read.report).toMatchObject({ encryption: { state: 'encrypted' }, signature: { state: 'valid', signer: { address: 'alice@example.test' } } });
    expect(read.report.text).toContain(`Tuesday at the harbour, ${tag}.`);
  });

  it('an HTML mail with a fake badge, a remote image and a script arrives live and shows as not encrypted, not signed, with nothing loaded', async () => {
    const subject = `Your account is verified ${tag}`;
    const html = [
      '<div style="background:#e3f4ea;color:#156c3a;padding:8px;font-weight:bold">🔒 Signature verified: bob@example.test</div>',
      '<p>Please confirm your password.</p>',
      `<img src="${remoteOrigin}/pixel.gif" alt="">`,
      `<div style="background:url(${remoteOrigin}/bg.gif)">x</div>`,
      `<script>fetch('${remoteOrigin}/script')</script>`,
    ].join('');
    const raw = [
      `From: Bob <${rig.users.bob.address}>`,
      `To: Alice <${rig.users.alice.address}>`,
      `Subject: ${subject}`,
      'Date: Sat, 28 Nov 2026 12:00:00 +0000',
      `Message-ID: <${randomUUID()}@sealmail.test>`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '',
    ].join('\r\n');
    const other = await otherClient(rig, rig.users.alice);
    try {
      await other.append('INBOX', Buffer.from(raw));
    } finally {
      await other.logout();
    }

    await byTestId('nav-mail').click();
    // No Sync click: the mailbox watches the INBOX (IDLE) and the list refreshes on its own.
    await row(subject).waitFor({ timeout: 20_000 });
    await row(subject).click();
    await poll(() => byTestId('security-status').getAttribute('data-level')).toBe('plain');
    expect(await text('security-headline')).toContain('Not encrypted, not signed');
    expect(await text('security-encryption')).toBe('Not encrypted: anyone who handled it on the way could read it.');
    expect(await text('security-signature')).toBe('Not signed: the sender is not proven.');

    const frame = byTestId('mail-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.getAttribute('srcdoc')).toContain('Signature verified');
    // The status is the app's own element, not inside the frame; the badge's words are only inside the frame.
    expect(await byTestId('security-status').evaluate((el) => el.ownerDocument === (globalThis as unknown as { document: unknown }).document && el.closest('iframe') === null)).toBe(true);
    expect(await page.locator('body').innerText()).not.toContain('Signature verified');
    expect(await page.frameLocator('[data-testid="mail-html"]').locator('body').innerText()).toContain('Signature verified');

    await page.waitForTimeout(1000);
    await shot('4-html-mail');
    expect(remoteHits).toEqual([]);
    // The browser's network log: no request to the remote host finished (one CSP blocked may still be announced).
    expect(finished.filter((u) => u.startsWith(remoteOrigin))).toEqual([]);
  });

  it('bob\'s encrypted, signed reply shows as such in the chrome, and replying quotes only the displayed text', async () => {
    const received = await bobReceives(first);
    const draft = await bob.call<Draft>('compose.reply', { messageId: received.id, mode: 'reply' });
    const secret = `attached-only-${tag}`;
    const answer = `Tuesday suits me, ${tag}.`;
    await bob.call('compose.send', {
      draft: {
        ...draft,
        body: `${answer}\n${draft.body}`,
        attachments: [{ name: 'notes.txt', type: 'text/plain', base64: Buffer.from(secret).toString('base64') }],
      },
    });

    await row(`Re: ${first}`).waitFor({ timeout: 20_000 });
    await row(`Re: ${first}`).click();
    await poll(() => byTestId('security-status').getAttribute('data-level')).toBe('good');
    expect(await text('security-headline')).toContain(`Encrypted and signed by ${rig.users.bob.address}`);
    expect(await text('security-encryption')).toBe('Encrypted with OpenPGP (PGP/MIME).');
    expect(await text('security-signature')).toBe(`Signed by ${rig.users.bob.address} (key ${groupedUpper(bob.key.fingerprint)}); key imported, not verified.`);
    await page.getByText('Details').click();
    expect(await text('security-details')).toContain('valid, scheme OpenPGP (PGP/MIME)');
    expect(await text('mail-text')).toContain(answer);
    expect(await text('attachments')).toContain('notes.txt');
    await shot('5-encrypted-reply');

    await byTestId('reply').click();
    const body = await byTestId('compose-body').inputValue();
    expect(body).toContain(`> ${answer}`);
    expect(body).not.toContain(secret);
    expect(await byTestId('compose-subject').inputValue()).toBe(`Re: ${first}`);
    await poll(() => chip(rig.users.bob.address).getAttribute('data-state')).toBe('key');
    await byTestId('compose-close').click();
  });

  it('key manager: bob\'s fingerprint in blocks of four; typing it marks the key verified', async () => {
    await byTestId('nav-keys').click();
    await page.locator(`[data-testid="key-row"][data-fingerprint="${bob.key.fingerprint}"]`).click();
    const shown = await text('key-fingerprint');
    expect(shown).toMatch(/^([0-9A-F]{4} ){4}[0-9A-F]{4} {2}([0-9A-F]{4} ){4}[0-9A-F]{4}$/);
    expect(shown.replace(/\s/g, '').toLowerCase()).toBe(bob.key.fingerprint.toLowerCase());
    expect(await byTestId('key-verify-accept').isDisabled()).toBe(true);

    await byTestId('key-verify-input').fill(bob.key.fingerprint.slice(0, 20));
    expect(await text('key-verify-result')).toContain('do not match');
    expect(await byTestId('key-verify-accept').isDisabled()).toBe(true);
    await byTestId('key-verify-input').fill(shown.toLowerCase());
    expect(await text('key-verify-result')).toBe('The fingerprints match.');
    await byTestId('key-verify-accept').click();
    await poll(() => text('key-acceptance')).toBe('key verified by you (fingerprint compared)');
    await shot('6-key-verified');

    const keys = await dispatch(alice.services, 'keys.list', { filter: rig.users.bob.address });
    expect(keys).toMatchObject({ ok: true, value: [{ fingerprint: bob.key.fingerprint, acceptance: 'verified' }] });
    expect(pageErrors).toEqual([]);
  });
});

function groupedUpper(fingerprint: string): string {
  const blocks = fingerprint.toUpperCase().match(/.{4}/g) ?? [];
  return `${blocks.slice(0, 5).join(' ')}  ${blocks.slice(5).join(' ')}`;
}
