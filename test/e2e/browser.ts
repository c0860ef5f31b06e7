// Launches Debian's Chromium through playwright-core for the UI tests: `npx playwright install` cannot download a browser here.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SEALMAIL_CHROMIUM ?? '/usr/bin/chromium';

/**
 * A headless Chromium with a throwaway profile (playwright's launch makes a fresh temporary
 * user-data-dir per browser, so parallel tests share nothing) and no traffic of its own
 * (no sync, updates or background fetches), so a network log shows only what the page did.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      // The tests run as root in a container, where Chromium's sandbox cannot start.
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs `use` with a page of a fresh browser context, closing the context whatever happens. */
export async function withPage<T>(browser: Browser, use: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}
