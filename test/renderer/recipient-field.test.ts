// The compose recipient chips as React renders them: each chip says in words whether mail to it can be encrypted,
// in English and Japanese, and a key with a problem (expired, revoked) never reads as "key".
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecipientPolicy } from '../../app/contract/index.js';
import type { Language } from '../../renderer/i18n/translate.js';
import { elements, loadHarness, text, type Harness } from './markup.js';

let harness: Harness;
beforeAll(async () => {
  harness = await loadHarness();
});

const policy: RecipientPolicy = {
  recipients: [
    { address: 'bob@example.org', fingerprint: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', problem: null, problemCode: null, scheme: 'pgp' },
    // No fingerprint and no stated problem: still no key.
    { address: 'carol@example.org', fingerprint: null, problem: null, problemCode: null, scheme: null },
    { address: 'dave@example.org', fingerprint: 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678', problem: 'the key for this address has expired', problemCode: 'expired', scheme: null },
    { address: 'erin@example.org', fingerprint: 'c1b2c3d4e5f60718293a4b5c6d7e8f9012345678', problem: 'the key for this address is revoked', problemCode: 'revoked', scheme: null },
  ],
  canEncrypt: false,
  reason: 'no key for carol@example.org, dave@example.org, erin@example.org',
  reasonCode: 'no-key',
  keyless: ['carol@example.org', 'dave@example.org', 'erin@example.org'],
  canSign: true,
  scheme: 'pgp',
};

interface Chip {
  state: string | undefined;
  label: string;
  /** The explanation a screen reader reads (and the tooltip). */
  detail: string;
  title: string | undefined;
  remove: string | undefined;
}

function chips(addresses: string[], language: Language, answer: RecipientPolicy | null = policy): Record<string, Chip> {
  const html = harness.recipientField('to', addresses, answer, language);
  const out: Record<string, Chip> = {};
  for (const chip of elements(html, 'recipient-chip')) {
    const address = /data-address="([^"]*)"/.exec(chip)?.[1] ?? '';
    out[address] = {
      state: /data-state="([^"]*)"/.exec(chip)?.[1],
      label: text(/<span class="chip-state">(.*?)<\/span>/.exec(chip)?.[1] ?? ''),
      detail: text(/<span class="sr-only">(.*?)<\/span>/.exec(chip)?.[1] ?? ''),
      title: /title="([^"]*)"/.exec(chip)?.[1],
      remove: /aria-label="([^"]*)"/.exec(chip)?.[1],
    };
  }
  return out;
}

const ALL = ['bob@example.org', 'carol@example.org', 'dave@example.org', 'erin@example.org'];

describe('compose recipient chips, rendered', () => {
  it('a recipient with a usable key: "key", and the key that will be used', () => {
    expect(chips(ALL, 'en')['bob@example.org']).toMatchObject({
      state: 'key',
      label: 'key',
      detail: 'Mail to bob@example.org can be encrypted with key A1B2C3D4E5F60718293A4B5C6D7E8F9012345678.',
      remove: 'Remove bob@example.org',
    });
    expect(chips(ALL, 'ja')['bob@example.org']).toMatchObject({
      state: 'key',
      label: '鍵あり',
      detail: 'bob@example.org 宛てのメールは鍵 A1B2C3D4E5F60718293A4B5C6D7E8F9012345678 で暗号化できます。',
      remove: 'bob@example.org を削除',
    });
  });

  it('a recipient without a key: "no key", saying so', () => {
    expect(chips(ALL, 'en')['carol@example.org']).toMatchObject({ state: 'no-key', label: 'no key', detail: 'There is no usable key for carol@example.org.' });
    expect(chips(ALL, 'ja')['carol@example.org']).toMatchObject({ state: 'no-key', label: '鍵なし', detail: 'carol@example.org に使える鍵がありません。' });
  });

  it.each([
    ['en', 'no key', 'The key for dave@example.org has expired.', 'The key for erin@example.org is revoked.'],
    ['ja', '鍵なし', 'dave@example.org の鍵は有効期限が切れています。', 'erin@example.org の鍵は失効しています。'],
  ] as const)('in %s, an expired or revoked key is "no key", with the service’s reason in that language', (language, noKey, expired, revoked) => {
    const seen = chips(ALL, language);
    expect(seen['dave@example.org']).toMatchObject({ state: 'no-key', label: noKey, detail: expired, title: expired });
    expect(seen['erin@example.org']).toMatchObject({ state: 'no-key', label: noKey, detail: revoked });
    for (const address of ['carol@example.org', 'dave@example.org', 'erin@example.org']) {
      expect(seen[address]?.label).not.toBe(language === 'en' ? 'key' : '鍵あり');
      expect(seen[address]?.detail).not.toMatch(/can be encrypted|で暗号化できます/);
    }
  });

  it('while the policy is being asked, every chip says checking, never key', () => {
    for (const [language, words] of [['en', 'checking…'], ['ja', '確認中…']] as const) {
      for (const chip of Object.values(chips(ALL, language, null))) expect(chip).toMatchObject({ state: 'checking', label: words });
    }
  });

  it('text that is not an address is marked, and the field names its recipients list', () => {
    const html = harness.recipientField('cc', ['bob'], policy, 'ja');
    expect(html).toContain('aria-label="Cc の宛先"');
    expect(chips(['bob'], 'en')['bob']).toMatchObject({ state: 'invalid', label: 'not an address', detail: '“bob” is not a mail address.' });
    expect(chips(['bob'], 'ja')['bob']).toMatchObject({ state: 'invalid', label: 'アドレスではありません' });
  });
});
