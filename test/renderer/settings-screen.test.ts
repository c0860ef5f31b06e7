// The settings screen's Autocrypt choice: off unless the user chose mutual, explained in the user's language.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../app/contract/index.js';
import { translator } from '../../renderer/i18n/translate.js';
import { elements, loadHarness, text, type Harness } from './markup.js';

let harness: Harness;
beforeAll(async () => {
  harness = await loadHarness();
});

const settings = (autocryptPreferEncrypt: Settings['autocryptPreferEncrypt']): Settings => ({ defaultSign: true, defaultEncrypt: true, passphraseCacheMinutes: 30, language: 'en', autocryptPreferEncrypt });

describe('settings: Autocrypt prefer-encrypt', () => {
  it('the checkbox is ticked only for mutual, with its label and explanation in English and Japanese', () => {
    for (const language of ['en', 'ja'] as const) {
      const t = translator(language);
      for (const [value, ticked] of [['nopreference', false], ['mutual', true]] as const) {
        const html = harness.settingsScreen(settings(value), language);
        const [box] = elements(html, 'settings-prefer-encrypt');
        expect(box).toBeDefined();
        expect(/\bchecked=""/.test(box ?? '')).toBe(ticked);
        expect(text(html)).toContain(t('settings.preferEncrypt'));
        expect(text(html)).toContain(t('settings.preferEncryptHint'));
      }
    }
    expect(translator('en')('settings.preferEncrypt')).toContain('prefer-encrypt=mutual');
    expect(translator('ja')('settings.preferEncrypt')).toContain('prefer-encrypt=mutual');
  });
});
