// Alice and bob with S/MIME only, in the real UI over the real rig: .p12 identities, the CA as a trust anchor and bob's certificate imported in the key manager; mail sealed with AES-256-CBC by default and AES-256-GCM when ticked, read by bob.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificateFixtures, P12_PASSWORD, type CertificateFixtures } from '../app/certificates/fixtures.js';
import { maildirFile, otherClient } from '../app/imap/imap-fixture.js';
import { openssl } from '../helpers/smime-pki.js';
import { startRig, type Rig } from '../rig/rig.js';
import { launchChromium } from './browser.js';
import { closeUser, onboard, openUser, poll, row, shot, SHOTS, text, type User } from './ui-users.js';

let rig: Rig;
let dir: string;
let ui: string;
let browser: Browser;
let fx: CertificateFixtures;
let alice: User;
let bob: User;

beforeAll(async () => {
  [rig, dir, ui, browser] = await Promise.all([
    startRig(),
    mkdtemp(join(tmpdir(), 'sealmail-ui-smime-')),
    mkdtemp(join(tmpdir(), 'sealmail-ui-build-')),
    launchChromium(),
  ]);
  // Certificates for the rig's own addresses, under the fixtures' "Sealmail Test CA".
  fx = makeCertificateFixtures({ domain: rig.domain });
  await build({ configFile: 'renderer/vite.config.ts', logLevel: 'silent', build: { outDir: ui, emptyOutDir: true } });
  [alice, bob] = await Promise.all([
    openUser({ name: 'Alice', rigUser: rig.users.alice, dir, ui, browser }),
    openUser({ name: 'Bob', rigUser: rig.users.bob, dir, ui, browser }),
  ]);
  await mkdir(join(SHOTS, 'en'), { recursive: true });
}, 90_000);

afterAll(async () => {
  for (const u of [alice, bob]) await closeUser(u);
  await browser?.close();
  await rig?.stop();
  fx?.cleanup();
  await Promise.all([dir, ui].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })));
});

/** Opens the key manager's Certificates tab. */
async function certificatesTab(u: User): Promise<void> {
  await u.page.getByTestId('nav-keys').click();
  await u.page.getByTestId('keys-tab-smime').click();
  await u.page.getByTestId('cert-list').waitFor({ state: 'attached' });
}

/** Opens the folded panel that holds the test id's control. */
const unfold = (u: User, testId: string) => u.page.locator('details', { has: u.page.getByTestId(testId) }).locator('summary').click();

/** In the Certificates tab: the user's .p12 with its password, then the CA as a trust anchor from its file. */
async function importIdentity(u: User, p12: string): Promise<void> {
  const { page } = u;
  await certificatesTab(u);
  await unfold(u, 'cert-p12-file');
  await page.getByTestId('cert-p12-file').setInputFiles(fx.path(p12));
  await page.getByTestId('cert-p12-password').fill(P12_PASSWORD);
  await page.getByTestId('cert-p12-submit').click();
  await poll(() => text(u, 'cert-notice')).toMatch(/^Imported \d+ certificates?\.$/);
  expect(await text(u, 'cert-owner')).toMatch(/^Yours: its private key is stored here/);
  expect(await text(u, 'cert-emails')).toBe(u.rig.address);

  await page.getByTestId('anchor-add-file').setInputFiles(fx.path('ca.pem'));
  await poll(() => text(u, 'cert-notice')).toMatch(/^Added 1 trust anchor\.$/);
  await poll(() => page.locator('[data-testid="anchor-row"]', { hasText: 'Sealmail Test CA' }).count()).toBe(1);
}

/**
 * An HTML mail with a remote image, signed by alice and encrypted to bob by `openssl cms` (the compose screen
 * writes plain text only), with CBC or GCM: what makes the "load remote content" offer possible at all.
 */
async function opensslHtmlMail(cipher: '-aes-256-cbc' | '-aes-256-gcm', subject: string): Promise<Buffer> {
  const run = async (args: string[], input: string | Uint8Array): Promise<Uint8Array> => {
    const result = await openssl(args, { cwd: fx.dir, input });
    if (result.exitCode !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const html = `Content-Type: text/html; charset=utf-8\r\n\r\n<p>${subject}</p><img src="http://127.0.0.1:9/${subject.replace(/\W/g, '')}.png">\r\n`;
  const signed = await run(['cms', '-sign', '-signer', 'alice.pem', '-inkey', 'alice.key', '-md', 'sha256'], html);
  const enveloped = await run(['cms', '-encrypt', cipher, 'bob.pem'], signed);
  const header = [`From: Alice <${rig.users.alice.address}>`, `To: <${rig.users.bob.address}>`, `Subject: ${subject}`, `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@example.test>`].join('\r\n');
  return Buffer.concat([Buffer.from(`${header}\r\n`), Buffer.from(enveloped)]);
}

describe('S/MIME only, in the real UI over the real rig', { timeout: 90_000 }, () => {
  const tag = randomUUID().slice(0, 8);
  const cbc = { subject: `Tender CBC ${tag}`, body: `The tender closes Friday, ${tag}-cbc.` };
  const gcm = { subject: `Tender GCM ${tag}`, body: `The tender closes Monday, ${tag}-gcm.` };

  it('onboards alice and bob through the UI without OpenPGP keys', async () => {
    await Promise.all([onboard(alice, rig, { key: 'skip' }), onboard(bob, rig, { key: 'skip' })]);
    for (const u of [alice, bob]) {
      await u.page.getByTestId('nav-keys').click();
      await u.page.getByText('No keys yet.').waitFor();
      // The key manager's list starts empty before it loads: the keyring itself says there is no key.
      expect(await u.services.services.keys.list({})).toEqual([]);
    }
  });

  it('each imports an S/MIME identity (.p12) and adds the test CA as a trust anchor; alice imports bob\'s certificate', async () => {
    await Promise.all([importIdentity(alice, 'modern.p12'), importIdentity(bob, 'bob.p12')]);
    await unfold(alice, 'cert-import-file');
    await alice.page.getByTestId('cert-import-file').setInputFiles(fx.path('bob.pem'));
    await poll(() => text(alice, 'cert-notice')).toBe('Imported 1 certificate.');
    expect(await text(alice, 'cert-emails')).toBe(bob.rig.address);
    expect(await text(alice, 'cert-owner')).toMatch(/^Someone else’s/);
    await shot(alice, 'en', '9-certificates');
  });

  it('alice\'s compose says S/MIME and offers GCM, unticked, with what it costs; she sends with the default CBC', async () => {
    const { page } = alice;
    await page.getByTestId('nav-compose').click();
    await page.getByTestId('recipients-to-input').fill(`${bob.rig.address},`);
    await poll(() => page.locator(`[data-testid="recipient-chip"][data-address="${bob.rig.address}"]`).getAttribute('data-state')).toBe('key');
    expect(await text(alice, 'sealing-scheme')).toBe('Sealed with S/MIME: your certificate, and the recipients\' certificates.');
    expect(await page.getByTestId('compose-encrypt').isChecked()).toBe(true);
    expect(await page.getByTestId('compose-gcm').isChecked()).toBe(false);
    const label = await text(alice, 'compose-gcm-label');
    expect(label).toContain('AES-256-GCM');
    expect(label).toContain('Thunderbird 115 or later and OpenSSL 3, not Outlook or Apple Mail');
    expect(label).toContain('has no integrity protection');
    await shot(alice, 'en', '6-compose-smime');

    // Unticking encryption hides the cipher choice: it only matters for encrypted S/MIME.
    await page.getByTestId('compose-encrypt').uncheck();
    expect(await page.getByTestId('compose-gcm').count()).toBe(0);
    await page.getByTestId('compose-encrypt').check();

    await page.getByTestId('compose-subject').fill(cbc.subject);
    await page.getByTestId('compose-body').fill(cbc.body);
    await page.getByTestId('compose-send').click();
    await poll(() => text(alice, 'send-outcome')).toMatch(/^Sent, signed and encrypted\./);
    await page.getByTestId('compose-close').click();
  });

  it('alice ticks GCM, saves a draft, reopens it with GCM still ticked and sends it', async () => {
    const { page } = alice;
    await page.getByTestId('nav-compose').click();
    await page.getByTestId('recipients-to-input').fill(`${bob.rig.address},`);
    await page.getByTestId('compose-subject').fill(gcm.subject);
    await page.getByTestId('compose-body').fill(gcm.body);
    await page.getByTestId('compose-gcm').check();
    await page.getByTestId('compose-save-draft').click();
    await poll(() => text(alice, 'send-outcome')).toBe('Draft saved, encrypted to your own key.');
    await page.getByTestId('compose-close').click();

    await page.getByTestId('nav-compose').click();
    await unfold(alice, 'draft-open');
    await page.getByRole('button', { name: `Open draft “${gcm.subject}”` }).click();
    await poll(() => page.getByTestId('compose-subject').inputValue()).toBe(gcm.subject);
    await poll(() => page.getByTestId('compose-gcm').isChecked()).toBe(true);
    await page.getByTestId('compose-send').click();
    await poll(() => text(alice, 'send-outcome')).toMatch(/^Sent, signed and encrypted\./);
  });

  it('bob\'s maildir holds both as S/MIME enveloped-data and authEnveloped-data, neither with its text in the clear', async () => {
    const [cbcRaw, gcmRaw] = await Promise.all([maildirFile(bob.rig.maildir, cbc.subject), maildirFile(bob.rig.maildir, gcm.subject)]);
    expect(cbcRaw.toString('latin1')).toMatch(/^Content-Type: application\/pkcs7-mime; *smime-type=enveloped-data/im);
    expect(gcmRaw.toString('latin1')).toMatch(/^Content-Type: application\/pkcs7-mime; *smime-type=authEnveloped-data/im);
    expect(cbcRaw.includes(cbc.body)).toBe(false);
    expect(gcmRaw.includes(gcm.body)).toBe(false);
  });

  it('bob reads the CBC one: encrypted with S/MIME but without integrity protection, signed by alice, no remote content offered', async () => {
    const { page } = bob;
    await page.getByTestId('nav-mail').click();
    await page.getByTestId('sync').click();
    await row(bob, cbc.subject).waitFor({ timeout: 20_000 });
    await row(bob, cbc.subject).click();
    await poll(async () => (await text(bob, 'security-headline')).trim()).toBe('Encrypted without integrity protection');
    expect(await page.getByTestId('security-status').getAttribute('data-level')).toBe('warning');
    expect(await page.getByTestId('security-encryption').getAttribute('class')).toBe('level-warning');
    expect(await text(bob, 'security-encryption')).toBe(
      'Encrypted with S/MIME, but without integrity protection: it could have been altered on the way. Remote content is never loaded for it.',
    );
    expect(await text(bob, 'security-signature')).toMatch(new RegExp(`^Signed by ${alice.rig.address.replace('.', '\\.')} `));
    expect(await text(bob, 'mail-text')).toContain(cbc.body);
    expect(await page.getByTestId('load-remote').count()).toBe(0);
    await shot(bob, 'en', '4-message-smime-cbc');
  });

  it('bob reads the GCM one: encrypted with S/MIME and signed by alice, with no integrity warning', async () => {
    const { page } = bob;
    await row(bob, gcm.subject).waitFor({ timeout: 20_000 });
    await row(bob, gcm.subject).click();
    await poll(async () => (await text(bob, 'security-headline')).trim()).toBe(`Encrypted and signed by ${alice.rig.address}`);
    // The banner as a whole stays a warning for S/MIME: the report says revocation was not checked.
    expect(await text(bob, 'security-encryption')).toBe('Encrypted with S/MIME.');
    expect(await page.getByTestId('security-encryption').getAttribute('class')).toBe('level-good');
    expect(await text(bob, 'security-signature')).toMatch(new RegExp(`^Signed by ${alice.rig.address.replace('.', '\\.')} `));
    expect(await text(bob, 'security-status')).not.toContain('without integrity protection');
    expect(await text(bob, 'mail-text')).toContain(gcm.body);
    await shot(bob, 'en', '4-message-smime-gcm');
  });

  it('an HTML mail with remote content is offered to load when sealed with GCM, never when sealed with CBC', async () => {
    const html = { cbc: `Remote CBC ${tag}`, gcm: `Remote GCM ${tag}` };
    const imap = await otherClient(rig, bob.rig);
    try {
      await imap.append('INBOX', await opensslHtmlMail('-aes-256-cbc', html.cbc));
      await imap.append('INBOX', await opensslHtmlMail('-aes-256-gcm', html.gcm));
    } finally {
      await imap.logout();
    }
    const { page } = bob;
    await page.getByTestId('sync').click();
    await row(bob, html.gcm).waitFor({ timeout: 20_000 });
    await row(bob, html.gcm).click();
    await poll(async () => (await text(bob, 'security-headline')).trim()).toBe(`Encrypted and signed by ${alice.rig.address}`);
    await page.getByTestId('load-remote').waitFor();

    await row(bob, html.cbc).click();
    await poll(async () => (await text(bob, 'security-headline')).trim()).toBe('Encrypted without integrity protection');
    await page.getByTestId('mail-html').waitFor({ state: 'attached' });
    expect(await page.getByTestId('load-remote').count()).toBe(0);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});
