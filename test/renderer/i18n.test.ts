// The UI text: both languages have every key with the same placeholders, t() fills them without re-reading what it
// filled in, and every error code the services send gets an actionable heading above the service's own words.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SealmailErrorCode } from '../../crypto/errors.js';
import { en } from '../../renderer/i18n/en.js';
import { errorHeadingKey } from '../../renderer/i18n/errors.js';
import { ja } from '../../renderer/i18n/ja.js';
import { languageFrom, translator } from '../../renderer/i18n/translate.js';
import { elements, loadHarness, textOf, type Harness } from './markup.js';

let harness: Harness;
beforeAll(async () => {
  harness = await loadHarness();
});

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every code a Result can carry; the Record makes a new SealmailErrorCode without a heading fail to type-check. */
const CODES: Record<SealmailErrorCode | 'bad-request' | 'internal' | 'forbidden' | 'services', true> = {
  'bad-message': true, 'bad-key': true, 'bad-option': true, 'no-key': true, 'no-recipient-key': true, 'no-signing-key': true,
  'wrong-passphrase': true, 'passphrase-required': true, 'decrypt-failed': true, integrity: true, 'too-large': true, profile: true,
  io: true, 'auth-failed': true, 'auth-unavailable': true, 'tls-unavailable': true, 'tls-failed': true, certificate: true,
  'recipient-rejected': true, 'message-too-large': true, 'connection-refused': true, timeout: true, network: true, smtp: true,
  imap: true, 'bad-request': true, internal: true, forbidden: true, services: true,
};

describe('UI text', () => {
  it('Japanese has every English key, each with the same placeholders, and no text left empty or in English', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(ja[key]), key).toEqual(placeholders(en[key]));
      expect(ja[key].trim(), key).not.toBe('');
    }
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => ja[k] === en[k] && /[a-z]{4,} [a-z]{3,}/.test(en[k]));
    expect(same).toEqual([]);
  });

  it('fills placeholders once: a value that looks like a placeholder stays as typed', () => {
    const t = translator('en');
    expect(t('chip.remove', { address: '{address}@example.org' })).toBe('Remove {address}@example.org');
    expect(translator('ja')('settings.removeTitle', { address: 'bob@example.org' })).toBe('bob@example.org を削除しますか？');
  });

  it('starts in the browser’s language until the settings say otherwise', () => {
    expect(languageFrom(['ja-JP', 'en-US'])).toBe('ja');
    expect(languageFrom(['de-DE', 'en-GB'])).toBe('en');
    expect(languageFrom(['fr'])).toBe('en');
  });
});

describe('error headings', () => {
  it('every service error code has its own heading in both languages; an unknown code a neutral one', () => {
    for (const code of Object.keys(CODES)) {
      const key = errorHeadingKey(code);
      expect(key, code).toBe(`error.${code}`);
      expect(en[key].length).toBeGreaterThan(10);
      expect(ja[key].length).toBeGreaterThan(5);
    }
    expect(errorHeadingKey('something-new')).toBe('error.unknown');
    expect(errorHeadingKey('unlockAgain')).toBe('error.unknown');
  });

  it('auth-failed: what to do, above the service’s one line, which stays as it came', () => {
    const problem = { code: 'auth-failed', detail: 'imap.example.org refused the login: check the password in Settings.' };
    const en = harness.errorLine(problem, 'en', true);
    expect(textOf(en, 'error-heading')).toBe('The server refused the user name or password. Check them in Settings → Accounts.');
    expect(textOf(en, 'error')).toBe('imap.example.org refused the login: check the password in Settings.');
    expect(en).toContain('role="alert"');
    const ja = harness.errorLine(problem, 'ja', true);
    expect(textOf(ja, 'error-heading')).toBe('サーバーがユーザー名またはパスワードを拒否しました。「設定」→「アカウント」で確認してください。');
    expect(textOf(ja, 'error')).toBe('imap.example.org refused the login: check the password in Settings.');
    expect(elements(en, 'error-unlock')).toEqual([]);
  });

  it('passphrase-required: asks to unlock, with a button that does it', () => {
    const problem = { code: 'passphrase-required', detail: 'the passphrase is no longer cached; lock and unlock Sealmail again' };
    const en = harness.errorLine(problem, 'en', true);
    expect(textOf(en, 'error-heading')).toContain('Unlock Sealmail with your passphrase');
    expect(textOf(en, 'error-unlock')).toBe('Unlock again');
    expect(textOf(harness.errorLine(problem, 'ja', true), 'error-unlock')).toBe('もう一度ロック解除');
  });

  it('a sentence the UI wrote itself is shown alone, without a heading', () => {
    const html = harness.errorLine({ text: 'The two passphrases differ. Type the same passphrase twice.' }, 'en', false);
    expect(textOf(html, 'error')).toBe('The two passphrases differ. Type the same passphrase twice.');
    expect(elements(html, 'error-heading')).toEqual([]);
  });
});
