// What the services send as codes reads in the user's language: key provenance, why compose cannot encrypt, the send
// outcome, a discovery step and the server check; a code this UI does not know shows the service's English words.
import { beforeAll, describe, expect, it } from 'vitest';
import type { KeyView, RecipientPolicy, SendOutcome, ServerReviewView } from '../../app/contract/index.js';
import { translator } from '../../renderer/i18n/translate.js';
import { attemptWords, policyReasonWords, sendOutcomeWords } from '../../renderer/service-words.js';
import { loadHarness, textOf, type Harness } from './markup.js';
import { keyView } from './view-fixtures.js';

let harness: Harness;
beforeAll(async () => {
  harness = await loadHarness();
});

const en = translator('en');
const ja = translator('ja');

const key: KeyView = keyView({ provenance: 'imported by hand from /home/alice/bob.asc', provenanceFrom: '/home/alice/bob.asc' });

describe('key provenance in the key manager', () => {
  it('says in Japanese where the key came from, keeping the file path as it is', () => {
    expect(textOf(harness.keyDetails(key, 'ja'), 'key-provenance')).toBe('/home/alice/bob.asc から手動でインポート');
    expect(textOf(harness.keyDetails(key, 'en'), 'key-provenance')).toBe('Imported by hand from /home/alice/bob.asc');
    const generated: KeyView = { ...key, secret: true, acceptance: 'own', provenance: 'generated here', provenanceKind: 'generated', provenanceFrom: null };
    expect(textOf(harness.keyDetails(generated, 'ja'), 'key-provenance')).toBe('Sealmail で生成');
    const pasted: KeyView = { ...key, provenance: 'imported by hand (pasted or opened in the key manager)', provenanceFrom: null };
    expect(textOf(harness.keyDetails(pasted, 'ja'), 'key-provenance')).toBe('手動でインポート');
  });

  it('shows the service’s words for a source it has no name for', () => {
    const other: KeyView = { ...key, provenance: 'imported by hand (autocrypt header)', provenanceKind: 'other', provenanceFrom: 'autocrypt header' };
    expect(textOf(harness.keyDetails(other, 'ja'), 'key-provenance')).toBe('imported by hand (autocrypt header)');
  });
});

const policy = (reasonCode: RecipientPolicy['reasonCode'], keyless: string[] = []): RecipientPolicy => ({
  recipients: [],
  scheme: 'pgp',
  canEncrypt: false,
  reason: 'the service’s English reason',
  reasonCode,
  keyless,
  canSign: reasonCode !== 'no-own-key',
});

describe('why compose cannot encrypt', () => {
  it('names the recipients without a key, listed the way each language lists them', () => {
    const keyless = policy('no-key', ['carol@example.org', 'dave@example.org']);
    expect(policyReasonWords(keyless, 'alice@example.org', en)).toBe('no key for carol@example.org, dave@example.org');
    expect(policyReasonWords(keyless, 'alice@example.org', ja)).toBe('carol@example.org、dave@example.org に使える鍵がありません');
  });

  it('says when the sender has no key of their own, or there is no recipient yet', () => {
    expect(policyReasonWords(policy('no-own-key'), 'alice@example.org', ja)).toBe('alice@example.org の自分の鍵がありません。「鍵」で作成するかインポートしてください');
    expect(policyReasonWords(policy('no-own-key'), 'alice@example.org', en)).toBe('you have no key for alice@example.org; create or import one in the key manager');
    expect(policyReasonWords(policy('no-recipient'), 'alice@example.org', ja)).toBe('宛先を追加してください');
  });

  it('falls back to the service’s words for an unknown code', () => {
    expect(policyReasonWords(policy('no-network' as RecipientPolicy['reasonCode']), 'alice@example.org', ja)).toBe('the service’s English reason');
  });
});

const outcome = (extra: Partial<SendOutcome>): SendOutcome => ({
  state: 'sent',
  sealed: 'signed and encrypted',
  detail: 'sent to bob@example.org',
  recipients: ['bob@example.org', 'carol@example.org'],
  copyPending: false,
  reasonCode: null,
  reasonDetail: null,
  ...extra,
});

describe('the send outcome', () => {
  it('says how the message was sealed and to whom, in each language', () => {
    expect(sendOutcomeWords(outcome({}), en)).toEqual({ text: 'Sent, signed and encrypted. To: bob@example.org, carol@example.org.', detail: null });
    expect(sendOutcomeWords(outcome({}), ja)).toEqual({ text: '送信しました（署名と暗号化）。宛先: bob@example.org、carol@example.org。', detail: null });
    expect(sendOutcomeWords(outcome({ sealed: 'signed', copyPending: true }), ja).text).toBe(
      '送信しました（署名のみ）。宛先: bob@example.org、carol@example.org。 送信済みフォルダーへの控えはまだ保存されていません。保存できるまで送信トレイに残ります。',
    );
  });

  it('a queued message gives the reason from its error code, with the server’s own words as the detail', () => {
    const queued = outcome({ state: 'queued', reasonCode: 'auth-failed', reasonDetail: '535 5.7.8 authentication failed', detail: 'kept in the outbox: 535 5.7.8 authentication failed' });
    expect(sendOutcomeWords(queued, ja)).toEqual({
      text: '送信トレイに保管しました（署名と暗号化）。サーバーがユーザー名またはパスワードを拒否しました。「設定」→「アカウント」で確認してください。',
      detail: '535 5.7.8 authentication failed',
    });
    const busy = outcome({ state: 'queued', sealed: 'encrypted', reasonCode: 'busy' });
    expect(sendOutcomeWords(busy, en).text).toBe('Queued in the outbox, encrypted. It was not sent now: another Sealmail is sending from this profile, or it is not due yet.');
    const unknown = outcome({ state: 'queued', reasonCode: 'quota' as SendOutcome['reasonCode'], reasonDetail: 'over quota', detail: 'kept in the outbox: over quota' });
    expect(sendOutcomeWords(unknown, ja)).toEqual({ text: '送信トレイに保管しました（署名と暗号化）。kept in the outbox: over quota', detail: null });
  });
});

describe('a discovery step that found nothing', () => {
  it('says why in the user’s language, with the service’s detail after it', () => {
    const attempt = { source: 'well-known', where: 'https://example.org/.well-known/autoconfig/mail/config-v1.1.xml', code: 'not-found', message: 'example.org has no autoconfig document' } as const;
    expect(attemptWords(attempt, ja)).toBe('well-known — https://example.org/.well-known/autoconfig/mail/config-v1.1.xml: 公開されている設定はありません（example.org has no autoconfig document）');
    expect(attemptWords(attempt, en)).toBe('well-known — https://example.org/.well-known/autoconfig/mail/config-v1.1.xml: nothing published there (example.org has no autoconfig document)');
    expect(attemptWords({ ...attempt, code: 'gone' as typeof attempt.code }, ja)).toBe('well-known — https://example.org/.well-known/autoconfig/mail/config-v1.1.xml: example.org has no autoconfig document');
  });
});

describe('the server check', () => {
  const review: ServerReviewView = {
    kind: 'smtp',
    setting: { host: 'mail.example.org', port: 587, security: 'starttls' },
    report: {
      host: 'mail.example.org',
      port: 587,
      transport: 'starttls',
      checks: [
        { id: 'open-relay', verdict: 'bad', summary: 'open relay: mail for other domains accepted without AUTH', detail: 'The server accepted mail for example.net.' },
        { id: 'dane' as 'tls', verdict: 'warning', summary: 'no TLSA record', detail: 'DANE is not set up.' },
      ],
      verdict: 'bad',
    },
    unreachable: null,
  };

  it('titles each check and says what its verdict means in Japanese, with the check’s English words as the evidence', () => {
    const html = harness.serverReview(review, 'ja');
    expect(textOf(html, 'check-smtp-open-relay')).toBe(
      '第三者のメールの中継: 危険 — サーバーは誰のメールでも中継します。スパムに悪用され、ブロックリストに載るおそれがあります。技術的な詳細（英語）: open relay: mail for other domains accepted without AUTH — The server accepted mail for example.net.',
    );
    expect(textOf(html, 'review-smtp-verdict')).toBe('危険');
  });

  it('a check this UI does not know shows its id and the service’s summary', () => {
    expect(textOf(harness.serverReview(review, 'ja'), 'check-smtp-dane')).toMatch(/^dane: 注意 — no TLSA record技術的な詳細/);
    expect(textOf(harness.serverReview(review, 'en'), 'check-smtp-open-relay')).toMatch(/^Relaying mail for strangers: Bad — The server passes on anyone’s mail/);
  });
});
