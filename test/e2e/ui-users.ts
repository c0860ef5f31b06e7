// A person in the real UI for the e2e tests: own profile, browser target and browser context; onboarding through the UI against the mail rig.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { startServe, type RunningServe } from '../../app/serve/server.js';
import { createServices, type RunningServices } from '../../app/services/index.js';
import type { Rig, RigUser } from '../rig/rig.js';

export const SHOTS = join('test-results', 'e2e');
export const PASS = 'ui test passphrase';

export interface User {
  name: 'Alice' | 'Bob';
  rig: RigUser;
  services: RunningServices;
  serve: RunningServe;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page: a test ends by expecting none. */
  errors: string[];
}

/** Services on the profile `dir/<name>`, the browser target serving the built UI in `ui`, and a fresh browser context. */
export async function openUser(options: { name: User['name']; rigUser: RigUser; dir: string; ui: string; browser: Browser }): Promise<User> {
  const { name, rigUser, dir, ui, browser } = options;
  const services = createServices({ profile: join(dir, name.toLowerCase()) });
  const serve = await startServe({ services: services.services, onEvent: services.onEvent, root: ui });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { name, rig: rigUser, services, serve, context, page, errors };
}

export async function closeUser(u: User | undefined): Promise<void> {
  await u?.context.close();
  await u?.serve.close();
  u?.services.lock();
}

/** Polls long enough for the real services under load (the profile's key derivation, key generation, the rig). */
export const poll = <T>(value: () => Promise<T>) => expect.poll(value, { timeout: 20_000 });
export const text = async (u: User, id: string) => (await u.page.getByTestId(id).textContent()) ?? '';
export const shot = (u: User, lang: string, name: string) => u.page.screenshot({ path: join(SHOTS, lang, `${name}.png`), fullPage: true });
export const row = (u: User, subject: string) => u.page.locator('[data-testid="message-row"]', { hasText: subject });

/**
 * First run through the UI: profile, the account typed by hand with the rig's CA, the server check, then a new
 * OpenPGP key (`key: 'generate'`) or none (`key: 'skip'`, for S/MIME-only users).
 */
export async function onboard(u: User, rig: Rig, options: { key: 'generate' | 'skip'; screenshots?: boolean }): Promise<void> {
  const { page } = u;
  const id = (testId: string) => page.getByTestId(testId);
  await page.goto(u.serve.url);
  await poll(() => page.locator('h1').textContent()).toBe('Create your Sealmail profile');
  if (options.screenshots) await shot(u, 'en', '1-unlock-first-run');
  await id('passphrase').fill(PASS);
  await id('passphrase-repeat').fill(PASS);
  await id('unlock').click();

  await poll(() => page.locator('h1').textContent()).toBe('Add a mail account');
  await checkServers(u, rig);
  expect(await text(u, 'review-imap-verdict')).toBe('Good');
  expect(await text(u, 'review-smtp-verdict')).toBe('Good');
  if (options.screenshots) await shotCheck(u, 'en');
  await id('save-account').click();

  if (options.key === 'generate') {
    await id('key-generate').click();
    await poll(() => text(u, 'key-ready')).toMatch(new RegExp(`^Ready: ${u.name} <${u.rig.address.replace('.', '\\.')}> [0-9A-F]{4} `));
  } else {
    await id('key-generate').waitFor();
  }
  await id('onboarding-done').click();
  await id('folders').waitFor();
}

/** Types the account by hand, the rig's CA in the private-CA field, and runs the server check until both verdicts are in. */
export async function checkServers(u: User, rig: Rig): Promise<void> {
  const { page } = u;
  const id = (testId: string) => page.getByTestId(testId);
  await id('account-address').fill(u.rig.address);
  await id('account-name').fill(u.name);
  await id('account-password').fill(u.rig.password);
  await id('imap-host').fill(rig.imap.imaps.host);
  await id('imap-port').fill(String(rig.imap.imaps.port));
  await id('smtp-host').fill(rig.smtp.submissions.host);
  await id('smtp-port').fill(String(rig.smtp.submissions.port));
  await page.locator('details', { has: id('account-ca') }).locator('summary').click();
  await id('account-ca').fill(rig.caPem);
  await id('check-servers').click();
  await poll(() => text(u, 'review-imap-verdict')).not.toBe('');
  await poll(() => text(u, 'review-smtp-verdict')).not.toBe('');
}

/** The form, and the verdicts apart: the form scrolls inside the window, so a page shot cuts them off. */
export async function shotCheck(u: User, lang: string): Promise<void> {
  await shot(u, lang, '2-onboarding-check');
  await u.page.getByTestId('server-reviews').screenshot({ path: join(SHOTS, lang, '2-onboarding-verdicts.png') });
}
