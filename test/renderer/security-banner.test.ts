// The security-status area as React renders it, in English and Japanese: what the user reads for each report,
// and that no failure ever draws anything that reads as good or verified.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../app/contract/index.js';
import type { Language } from '../../renderer/i18n/translate.js';
import { elements, loadHarness, text, textOf, type Harness } from './markup.js';

let harness: Harness;
beforeAll(async () => {
  harness = await loadHarness();
});

const FPR = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const GROUPED = 'A1B2 C3D4 E5F6 0718 293A  4B5C 6D7E 8F90 1234 5678';
const ALICE = { address: 'alice@example.org', fingerprint: FPR };

type Over = { encryption?: Partial<SecurityReport['encryption']>; signature?: Partial<SecurityReport['signature']> };

function report(over: Over): SecurityReport {
  return {
    from: 'alice@example.org',
    fromName: 'Alice',
    subject: 'hi',
    protectedHeaders: true,
    encryption: { state: 'encrypted', scheme: 'pgp-mime', error: null, integrity: 'authenticated', ...over.encryption } as SecurityReport['encryption'],
    signature: { state: 'valid', scheme: 'pgp-mime', signer: ALICE, acceptance: 'verified', signedAt: null, ...over.signature },
    text: 'hello',
    html: null,
    attachments: [],
    autocrypt: null,
    warnings: [],
  };
}

const PLAIN_ENC = { state: 'none', scheme: null } as const;
const NO_SIG = { state: 'none', scheme: null, signer: null, acceptance: null } as const;

interface Seen {
  level: string | undefined;
  headline: string;
  encryption: string;
  signature: string;
  /** Everything visible without opening the details. */
  visible: string;
  html: string;
}

function show(r: SecurityReport, language: Language): Seen {
  const html = harness.securityBanner(r, language);
  const banner = elements(html, 'security-status')[0] ?? '';
  const details = elements(html, 'security-details')[0] ?? '';
  return {
    level: /data-level="([a-z]+)"/.exec(banner)?.[1],
    headline: textOf(html, 'security-headline'),
    encryption: textOf(html, 'security-encryption'),
    signature: textOf(html, 'security-signature'),
    visible: text(banner.replace(details, '')),
    html,
  };
}

/** Words and marks that tell a user the message is fine. */
const GOOD: Record<Language, RegExp> = {
  en: /🔒|Encrypted and signed by|Not encrypted, signed by|\bverified\b|\bvalid\b|Encrypted with/,
  ja: /🔒|の署名あり|検証済み|有効(?!期限)|で暗号化されています/,
};

const FAILURES: { name: string; over: Over; en: RegExp; ja: RegExp }[] = [
  {
    name: 'a signer who is not the sender',
    over: { signature: { state: 'mismatch', acceptance: 'verified' } },
    en: /Signed by alice@example\.org \(key A1B2 .*\), which is not the sender shown in From\./,
    ja: /差出人（From）に表示された送信者ではありません/,
  },
  {
    name: 'an unknown signer',
    over: { signature: { state: 'unknown-signer', acceptance: null } },
    en: /Signed with a key you do not have \(A1B2 .*\): who signed it is unknown\./,
    ja: /手元にない鍵で署名されています（A1B2 .*）。誰が署名したかは分かりません。/,
  },
  {
    name: 'an invalid signature',
    over: { signature: { state: 'invalid', acceptance: 'verified' } },
    en: /^The signature does not verify: the message was changed after signing, or the signature is forged\.$/,
    ja: /^署名を検証できません。署名後にメールが改変されたか、署名が偽造されています。$/,
  },
  {
    name: 'an expired signing key',
    over: { signature: { state: 'expired', acceptance: 'accepted' } },
    en: /with a key that had expired when it signed\./,
    ja: /署名した時点で鍵の有効期限が切れていました/,
  },
  {
    name: 'a revoked signing key',
    over: { signature: { state: 'revoked', acceptance: 'accepted' } },
    en: /with a key that is revoked\./,
    ja: /その鍵は失効しています/,
  },
  {
    name: 'a partial signature',
    over: { signature: { state: 'partial', acceptance: 'verified' } },
    en: /Only part of this message is signed/,
    ja: /このメールの一部だけが署名されています/,
  },
];

describe('the security-status area, rendered', () => {
  it('encrypted and validly signed: good, naming the signer, the grouped fingerprint and the acceptance', () => {
    const en = show(report({}), 'en');
    expect(en.level).toBe('good');
    expect(en.headline).toBe('Encrypted and signed by alice@example.org');
    expect(en.encryption).toBe('Encrypted with OpenPGP (PGP/MIME).');
    expect(en.signature).toBe(`Signed by alice@example.org (key ${GROUPED}); key verified by you (fingerprint compared).`);
    const ja = show(report({}), 'ja');
    expect(ja.level).toBe('good');
    expect(ja.headline).toBe('暗号化済み、alice@example.org の署名あり');
    expect(ja.encryption).toBe('OpenPGP（PGP/MIME）で暗号化されています。');
    expect(ja.signature).toBe(`alice@example.org（鍵 ${GROUPED}）の署名あり。あなたが検証済みの鍵（指紋を照合済み）。`);
  });

  it('S/MIME encrypted without integrity protection (AES-CBC): a warning, never good, even with a valid signature', () => {
    const r = report({ encryption: { scheme: 'smime', integrity: 'none' }, signature: { scheme: 'smime' } });
    const en = show(r, 'en');
    expect(en.level).toBe('warning');
    expect(en.headline).toBe('Encrypted without integrity protection');
    expect(en.encryption).toMatch(/^Encrypted with S\/MIME, but without integrity protection: it could have been altered on the way\./);
    const ja = show(r, 'ja');
    expect(ja.level).toBe('warning');
    expect(ja.headline).toBe('暗号化（改ざん検知なし）');
    expect(ja.encryption).toMatch(/改ざん検知がありません/);
  });

  it('signed but not encrypted: never good, and it says the content was readable on the way', () => {
    const r = report({ encryption: PLAIN_ENC, signature: { acceptance: 'imported' } });
    const en = show(r, 'en');
    expect(en.level).toBe('plain');
    expect(en.headline).toBe('Not encrypted, signed by alice@example.org');
    expect(en.encryption).toBe('Not encrypted: anyone who handled it on the way could read it.');
    expect(en.signature).toBe(`Signed by alice@example.org (key ${GROUPED}); key imported, not verified.`);
    const ja = show(r, 'ja');
    expect(ja.level).toBe('plain');
    expect(ja.headline).toBe('暗号化なし、alice@example.org の署名あり');
    expect(ja.encryption).toBe('暗号化されていません。途中で扱った誰もが読めた可能性があります。');
    expect(ja.signature).toContain('インポートした鍵（未検証）');
  });

  it('plain: says nothing is sealed, in both languages', () => {
    const r = report({ encryption: PLAIN_ENC, signature: NO_SIG });
    expect(show(r, 'en')).toMatchObject({
      level: 'plain',
      headline: 'Not encrypted, not signed',
      signature: 'Not signed: the sender is not proven.',
    });
    expect(show(r, 'ja')).toMatchObject({ level: 'plain', headline: '暗号化なし、署名なし', signature: '署名されていません。送信者は証明されていません。' });
    for (const language of ['en', 'ja'] as const) expect(show(r, language).visible).not.toMatch(GOOD[language]);
  });

  it('failed decryption: bad, says why (the service reason as it came) and that nothing is shown', () => {
    const r = report({ encryption: { state: 'failed', error: 'the integrity check failed' }, signature: NO_SIG });
    const en = show(r, 'en');
    expect(en.level).toBe('bad');
    expect(en.headline).toBe('Decryption failed');
    expect(en.encryption).toBe('Decryption failed: the integrity check failed. Nothing of its content is shown.');
    const ja = show(r, 'ja');
    expect(ja.level).toBe('bad');
    expect(ja.headline).toBe('復号できませんでした');
    expect(ja.encryption).toBe('復号できませんでした（理由: the integrity check failed）。本文は一切表示していません。');
    for (const seen of [en, ja]) expect(seen.visible).not.toMatch(seen === en ? GOOD.en : GOOD.ja);
  });

  describe.each(FAILURES)('$name', ({ over, en: enWords, ja: jaWords }) => {
    it.each(['en', 'ja'] as const)('in %s: says what is wrong and nothing reads as good or verified', (language) => {
      const plainSeen = show(report({ ...over, encryption: PLAIN_ENC }), language);
      const sealedSeen = show(report(over), language);
      for (const seen of [plainSeen, sealedSeen]) {
        expect(seen.signature).toMatch(language === 'en' ? enWords : jaWords);
        expect(['warning', 'bad']).toContain(seen.level);
        // The headline and the lines: even an encrypted message whose signer key you verified does not read as good.
        expect(seen.headline).not.toMatch(GOOD[language]);
        expect(seen.signature).not.toMatch(GOOD[language]);
        expect(seen.html).not.toContain('level-good" data-testid="security-signature"');
        expect(seen.html).not.toContain('data-level="good"');
      }
      // The details name the signature state as it is, never as valid.
      const details = textOf(sealedSeen.html, 'security-details');
      expect(details).toContain(language === 'en' ? 'Signature' : '署名');
      expect(details).not.toMatch(language === 'en' ? /\bvalid\b/ : /有効,|有効、/);
    });
  });

  it('shows the report’s warnings as they came, and a warning is never good', () => {
    const r = { ...report({}), warnings: ['The Subject was changed in transit.'] };
    for (const language of ['en', 'ja'] as const) {
      const seen = show(r, language);
      expect(seen.level).toBe('warning');
      expect(textOf(seen.html, 'security-warning')).toBe('The Subject was changed in transit.');
    }
  });

  it('the details are translated too, with the fingerprint of the signer', () => {
    const ja = show(report({}), 'ja');
    const details = textOf(ja.html, 'security-details');
    expect(details).toContain('有効、方式 OpenPGP（PGP/MIME）');
    expect(details).toContain('封をしたメールの内側のもの（保護あり）');
    expect(textOf(ja.html, 'signer-fingerprint')).toBe(GROUPED);
    expect(textOf(show(report({}), 'en').html, 'security-details')).toContain('valid, scheme OpenPGP (PGP/MIME)');
  });
});
