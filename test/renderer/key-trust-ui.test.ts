// The key manager's trust facts (level, expiry, provenance, key change, QR, refresh) and compose's "Find key", in Chromium
// against the stand-in services, in English and Japanese, with screenshots in test-results/e2e/{en,ja}/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { create } from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateView, KeyLookupView, KeyView, RecipientPolicy, SendOutcome } from '../../app/contract/index.js';
import { callsOf, startStandInUi, type StandInUi } from './stand-in-ui.js';
import { certificateView } from './view-fixtures.js';

const SHOTS = join('test-results', 'e2e');
const OLD = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';
const NEW = 'f0e1d2c3b4a5968778695a4b3c2d1e0f98765432';
const ERIN = 'e1e2e3e4e5e6e7e8e9e0a1a2a3a4a5a6a7a8a9a0';
const DAY = 24 * 60 * 60 * 1000;

const danaOld: KeyView = {
  fingerprint: OLD,
  keyId: OLD.slice(-16),
  algorithm: 'Ed25519',
  userIds: [{ uid: 'Dana <dana@example.org>', address: 'dana@example.org', revoked: false }],
  created: '2025-01-01T00:00:00Z',
  expires: null,
  expired: false,
  revoked: false,
  secret: false,
  acceptance: 'accepted',
  provenance: 'imported by hand (pasted or opened in the key manager)',
  provenanceKind: 'imported',
  provenanceFrom: null,
  level: 'unverified',
  provenances: [{ kind: 'hand', detail: 'pasted or opened in the key manager', firstSeenAt: '2025-01-02T00:00:00Z', lastSeenAt: '2025-01-02T00:00:00Z' }],
  keyChange: null,
  qrPayload: `OPENPGP4FPR:${OLD.toUpperCase()}`,
  canEncrypt: true,
  canSign: true,
};
const danaNew: KeyView = {
  ...danaOld,
  fingerprint: NEW,
  keyId: NEW.slice(-16),
  created: '2026-11-01T00:00:00Z',
  // Nine and a half days from now: "expires in 10 days".
  expires: new Date(Date.now() + 9.5 * DAY).toISOString(),
  acceptance: 'imported',
  provenance: 'imported by hand (vks:https://keys.openpgp.org/vks/v1/by-email/dana%40example.org)',
  provenanceKind: 'other',
  level: 'undecided',
  provenances: [
    { kind: 'vks', detail: 'https://keys.openpgp.org/vks/v1/by-email/dana%40example.org', firstSeenAt: '2026-11-20T10:00:00Z', lastSeenAt: '2026-11-21T10:00:00Z' },
    { kind: 'autocrypt', detail: 'dana@example.org', firstSeenAt: '2026-11-22T10:00:00Z', lastSeenAt: '2026-11-22T10:00:00Z' },
  ],
  keyChange: { addresses: ['dana@example.org'], replaces: [OLD], seenAt: '2026-11-20T10:00:00Z' },
  qrPayload: `OPENPGP4FPR:${NEW.toUpperCase()}`,
};
const erinKey: KeyView = { ...danaOld, fingerprint: ERIN, keyId: ERIN.slice(-16), userIds: [{ uid: 'Erin <erin@example.org>', address: 'erin@example.org', revoked: false }], acceptance: 'imported', level: 'undecided', qrPayload: `OPENPGP4FPR:${ERIN.toUpperCase()}` };
const REFRESH_LINE = "refreshed dana@example.org's key from keys.openpgp.org: now expires 2028-01-31";

const policy = (erinHasKey: boolean): { ok: true; value: RecipientPolicy } => ({
  ok: true,
  value: {
    recipients: [
      erinHasKey
        ? { address: 'erin@example.org', fingerprint: ERIN, problem: null, problemCode: null, scheme: 'pgp' }
        : { address: 'erin@example.org', fingerprint: null, problem: 'no key for this address in the keyring', problemCode: 'no-key', scheme: null },
      { address: 'dana@example.org', fingerprint: null, problem: 'a new key appeared', problemCode: 'key-changed', scheme: null },
    ],
    canEncrypt: false,
    reason: 'no usable key for dana@example.org',
    reasonCode: 'no-key',
    keyless: erinHasKey ? ['dana@example.org'] : ['erin@example.org', 'dana@example.org'],
    canSign: true,
    scheme: 'pgp',
  },
});
const found: KeyLookupView = {
  address: 'erin@example.org',
  found: [{ key: erinKey, userIds: ['Erin <erin@example.org>'], place: 'wkd-advanced', url: 'https://openpgpkey.example.org/.well-known/openpgpkey/example.org/hu/x?l=erin', fetchedAt: '2026-11-28T10:00:00Z', added: 'new' }],
  reasonCode: null,
  reason: null,
  cachedFrom: null,
};
const NOTHING = 'no key found for erin@example.org: WKD advanced https://openpgpkey.example.org/.well-known/openpgpkey/example.org/hu/x?l=erin: openpgpkey.example.org has no key for erin@example.org; VKS https://keys.openpgp.org/vks/v1/by-email/erin%40example.org: keys.openpgp.org has no key for erin@example.org';
const sent: SendOutcome = { state: 'sent', sealed: 'signed', detail: 'sent', recipients: ['erin@example.org', 'dana@example.org'], copyPending: false, reasonCode: null, reasonDetail: null, refreshed: [REFRESH_LINE] };

const fixtures = (language: 'en' | 'ja', lookup: KeyLookupView) => ({
  'session.state': { ok: true, value: { exists: true, unlocked: true } },
  'accounts.list': {
    ok: true,
    value: [{ id: 1, address: 'alice@example.org', name: 'Alice', user: 'alice', imap: { host: 'h', port: 993, security: 'tls' }, smtp: { host: 'h', port: 465, security: 'tls' }, privateCa: false, pinnedSha256: null }],
  },
  'settings.get': { ok: true, value: { defaultSign: true, defaultEncrypt: true, passphraseCacheMinutes: 10, language } },
  'mail.folders': { ok: true, value: [] },
  'mail.watch': { ok: true, value: { problems: [] } },
  'compose.drafts': { ok: true, value: [] },
  'keys.list': { ok: true, value: [danaOld, danaNew] },
  'keys.accept': { ok: true, value: { ...danaNew, keyChange: null } },
  'keys.refresh': { ok: true, value: [{ fingerprint: NEW, address: 'dana@example.org', outcome: 'new-expiry', line: REFRESH_LINE }] },
  'keys.lookup': { ok: true, value: lookup },
  'compose.policy': { afterCall: 'keys.lookup', before: policy(false), after: policy(lookup.found.length > 0) },
  'compose.send': { ok: true, value: sent },
});

let ui: StandInUi;
beforeAll(async () => {
  ui = await startStandInUi();
  await Promise.all(['en', 'ja'].map((lang) => mkdir(join(SHOTS, lang), { recursive: true })));
}, 120_000);
afterAll(() => ui?.close());

const byId = (page: Page, id: string) => page.getByTestId(id);
const chip = (page: Page, address: string) => page.locator(`[data-testid="recipient-chip"][data-address="${address}"]`);

/** The dark modules the SVG path draws, as "row,col" without the quiet zone, against what the QR encoder makes of `payload`. */
async function qrModules(page: Page, payload: string): Promise<{ drawn: string[]; expected: string[] }> {
  const d = (await page.locator('[data-testid="key-qr-svg"] path').getAttribute('d')) ?? '';
  const drawn = [...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${Number(m[2]) - 4},${Number(m[1]) - 4}`).sort();
  const { modules } = create(payload, { errorCorrectionLevel: 'M' });
  const expected: string[] = [];
  for (let r = 0; r < modules.size; r++) for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) expected.push(`${r},${c}`);
  return { drawn, expected: expected.sort() };
}

describe('key trust in the UI', { timeout: 60_000 }, () => {
  it('shows a key change with level, expiry warning, provenance, QR and refresh; its actions set the right level', async () => {
    await ui.open(fixtures('en', found), async (page, errors) => {
      await byId(page, 'nav-keys').click();
      await expect.poll(() => byId(page, 'key-row').count()).toBe(2);
      expect(await byId(page, 'key-row').nth(1).textContent()).toContain('KEY CHANGE');
      await byId(page, 'key-row').nth(1).click();

      expect(await byId(page, 'key-level').textContent()).toBe('Undecided');
      expect(await byId(page, 'key-level-undecided').isDisabled()).toBe(true);
      expect(await byId(page, 'key-expiry-warning').textContent()).toMatch(/^This key expires in 10 days\. Refresh it/);
      const banner = byId(page, 'key-change-banner');
      expect(await banner.textContent()).toContain('A new key appeared for dana@example.org');
      expect(await banner.textContent()).toContain('The key you accepted: 0A1B 2C3D 4E5F 6071 8293  A4B5 C6D7 E8F9 0123 4567');
      const items = byId(page, 'key-provenance-item');
      expect(await items.evaluateAll((li) => li.map((e) => e.getAttribute('data-kind')))).toEqual(['vks', 'autocrypt']);
      expect(await byId(page, 'key-provenance').count()).toBe(0);
      expect(await items.first().textContent()).toMatch(/^Keyserver \(VKS\) https:\/\/keys\.openpgp\.org\/vks\/v1\/by-email\/dana%40example\.org \(first seen .+, last seen .+\)$/);

      const payload = `OPENPGP4FPR:${NEW.toUpperCase()}`;
      expect(await byId(page, 'key-qr-payload').textContent()).toBe(payload);
      const { drawn, expected } = await qrModules(page, payload);
      expect(drawn.length).toBeGreaterThan(100);
      expect(drawn).toEqual(expected);

      await byId(page, 'key-refresh').click();
      await expect.poll(() => byId(page, 'key-refresh-line').textContent()).toBe(REFRESH_LINE);
      expect(await byId(page, 'key-refresh-outcome').textContent()).toContain('technical detail, in English');
      // Tall enough for the whole detail pane, which scrolls on its own.
      await page.setViewportSize({ width: 1280, height: 1500 });
      await page.screenshot({ path: join(SHOTS, 'en', '10-key-manager-trust.png'), fullPage: true });

      await byId(page, 'key-change-accept').click();
      await expect.poll(() => byId(page, 'key-notice').textContent()).toBe('The key is accepted (unverified).');
      await byId(page, 'key-change-reject').click();
      await byId(page, 'key-level-rejected').click();
      const accepts = (await callsOf(page)).filter((c) => c.method === 'keys.accept').map((c) => c.input);
      expect(accepts).toEqual([
        { fingerprint: NEW, level: 'unverified' },
        { fingerprint: NEW, level: 'rejected' },
        { fingerprint: NEW, level: 'rejected' },
      ]);
      // Verified still needs the fingerprint: the button stays off until it matches.
      expect(await byId(page, 'key-verify-accept').isDisabled()).toBe(true);
      expect(errors).toEqual([]);
    });
  });

  it('compose: "Find key" looks the address up, the chip turns to key, a key change opens the key manager, and the send shows refreshed keys', async () => {
    await ui.open(fixtures('en', found), async (page, errors) => {
      await byId(page, 'nav-compose').click();
      await byId(page, 'recipients-to-input').fill('erin@example.org, dana@example.org,');
      await expect.poll(() => chip(page, 'erin@example.org').getAttribute('data-state')).toBe('no-key');
      const find = chip(page, 'erin@example.org').getByTestId('chip-find-key');
      expect(await find.getAttribute('title')).toMatch(/This tells example\.org \(and maybe the keyserver\) that you are writing to this address/);
      expect(await chip(page, 'dana@example.org').getByTestId('chip-find-key').count()).toBe(0);
      await find.click();
      await expect.poll(() => chip(page, 'erin@example.org').getAttribute('data-state')).toBe('key');
      const line = page.locator('[data-testid="key-lookup"][data-address="erin@example.org"]');
      expect(await line.getAttribute('data-state')).toBe('found');
      expect(await line.textContent()).toContain('Found a key for erin@example.org; it was added as undecided.');
      expect(await line.textContent()).toContain('Undecided, from the Web Key Directory:');
      const calls = await callsOf(page);
      expect(calls.filter((c) => c.method === 'keys.lookup').map((c) => c.input)).toEqual([{ address: 'erin@example.org' }]);
      const lookupAt = calls.findIndex((c) => c.method === 'keys.lookup');
      expect(calls.slice(lookupAt).some((c) => c.method === 'compose.policy')).toBe(true);

      await byId(page, 'compose-subject').fill('Plans');
      await byId(page, 'compose-send').click();
      await expect.poll(() => byId(page, 'send-refreshed').textContent()).toContain(REFRESH_LINE);
      expect(await byId(page, 'send-refreshed').textContent()).toMatch(/^Recipient keys refreshed before sending \(technical detail, in English\)/);
      await page.screenshot({ path: join(SHOTS, 'en', '11-compose-find-key.png'), fullPage: true });

      await chip(page, 'dana@example.org').getByTestId('chip-open-keys').click();
      await expect.poll(() => byId(page, 'key-filter').inputValue()).toBe('dana@example.org');
      await expect.poll(() => byId(page, 'key-change-banner').count()).toBe(1);
      await byId(page, 'back-to-compose').click();
      expect(await byId(page, 'compose-subject').inputValue()).toBe('Plans');
      expect(errors).toEqual([]);
    });
  });

  it('filtered to an address, shows its S/MIME certificates under its OpenPGP keys (one view per address), and opens them on their tab', async () => {
    const danaCert: CertificateView = certificateView({
      fingerprint: 'd4'.repeat(32),
      subject: 'CN=Dana Example, emailAddress=dana@example.org',
      issuer: 'CN=Some CA',
      emails: ['dana@example.org'],
      notAfter: '2027-06-01T00:00:00.000Z',
      own: false,
      provenance: 'mail',
      provenanceFrom: 'dana@example.org',
    });
    const otherCert: CertificateView = { ...danaCert, fingerprint: 'e5'.repeat(32), subject: 'CN=Erin', emails: ['erin@example.org'] };
    const withCerts = { ...fixtures('en', found), 'certs.list': { ok: true, value: [danaCert, otherCert] }, 'certs.anchors': { ok: true, value: [] } };
    await ui.open(withCerts, async (page, errors) => {
      await byId(page, 'nav-keys').click();
      await expect.poll(() => byId(page, 'key-row').count()).toBe(2);
      expect(await byId(page, 'address-certificates').count()).toBe(0);
      await byId(page, 'key-filter').fill('Dana@example.org');
      await expect.poll(() => byId(page, 'address-certificate').count()).toBe(1);
      expect(await byId(page, 'address-certificate').getAttribute('data-fingerprint')).toBe(danaCert.fingerprint);
      expect(await byId(page, 'address-certificates').textContent()).toContain('S/MIME certificates for dana@example.org');
      await byId(page, 'address-certificates-open').click();
      expect(await byId(page, 'keys-tab-smime').getAttribute('aria-pressed')).toBe('true');
      expect(errors).toEqual([]);
    });
  });

  it('says it all in Japanese: the key manager’s trust facts and a look-up that found nothing', async () => {
    const nothing: KeyLookupView = { address: 'erin@example.org', found: [], reasonCode: 'not-found', reason: NOTHING, cachedFrom: null };
    await ui.open(fixtures('ja', nothing), async (page, errors) => {
      await byId(page, 'nav-keys').click();
      await expect.poll(() => byId(page, 'key-row').count()).toBe(2);
      await byId(page, 'key-row').nth(1).click();
      expect(await byId(page, 'key-level').textContent()).toBe('未決定');
      expect(await byId(page, 'key-expiry-warning').textContent()).toMatch(/^この鍵はあと 10 日で期限切れになります。/);
      expect(await byId(page, 'key-change-banner').textContent()).toContain('dana@example.org に新しい鍵が現れました。');
      expect(await byId(page, 'key-change-accept').textContent()).toBe('この新しい鍵を受け入れる');
      expect(await byId(page, 'key-provenance-item').first().textContent()).toMatch(/^鍵サーバー（VKS）/);
      expect(await page.locator('[data-testid="key-qr-svg"]').getAttribute('aria-label')).toBe('指紋の QR コード');
      await page.setViewportSize({ width: 1280, height: 1500 });
      await page.screenshot({ path: join(SHOTS, 'ja', '10-key-manager-trust.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });

      await byId(page, 'nav-compose').click();
      await byId(page, 'recipients-to-input').fill('erin@example.org,');
      const find = chip(page, 'erin@example.org').getByTestId('chip-find-key');
      await expect.poll(() => find.textContent()).toBe('鍵を探す');
      await find.click();
      const line = page.locator('[data-testid="key-lookup"][data-address="erin@example.org"]');
      await expect.poll(() => line.getAttribute('data-state')).toBe('not-found');
      expect(await line.textContent()).toBe(`erin@example.org の鍵は見つかりませんでした。 技術的な詳細（英語）: ${NOTHING}`);
      expect(await chip(page, 'erin@example.org').getAttribute('data-state')).toBe('no-key');
      await page.screenshot({ path: join(SHOTS, 'ja', '11-compose-find-key.png'), fullPage: true });
      expect(errors).toEqual([]);
    });
  });
});
