// The key manager's S/MIME certificate details, in both languages: what a user reads to decide whether to trust one.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificateView } from '../../app/contract/index.js';
import { translator } from '../../renderer/i18n/translate.js';
import { certificateName, certificateProvenanceWords } from '../../renderer/service-words.js';
import { elements, loadHarness, textOf, type Harness } from './markup.js';
import { certificateView } from './view-fixtures.js';

let harness: Harness;
beforeAll(async () => {
  harness = await loadHarness();
});

const FPR = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const aliceCert: CertificateView = certificateView({ fingerprint: FPR });

describe('certificate details', () => {
  it('shows the SHA-256 fingerprint in blocks of four to read aloud, and who holds the private key', () => {
    const html = harness.certificateDetails(aliceCert, 'en');
    expect(textOf(html, 'cert-fingerprint')).toBe('0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567 89AB CDEF');
    expect(textOf(html, 'cert-emails')).toBe('alice@example.org');
    expect(textOf(html, 'cert-issuer')).toBe('O=Sealmail Tests, CN=Sealmail Test CA');
    expect(textOf(html, 'cert-owner')).toMatch(/^Yours: its private key is stored here/);
    expect(textOf(html, 'cert-provenance')).toBe('Imported from a PKCS#12 file');
    expect(textOf(html, 'cert-usage')).toBe('can encrypt, can sign');
    expect(elements(html, 'cert-distrust')).toHaveLength(1);
    expect(elements(html, 'cert-delete')).toHaveLength(1);
  });

  it('says in Japanese that an expired, distrusted CA certificate is someone else’s', () => {
    const ca: CertificateView = { ...aliceCert, own: false, ca: true, expired: true, canSign: false, canEncrypt: false, distrusted: true, provenance: 'file', provenanceFrom: '/home/alice/ca.pem' };
    const html = harness.certificateDetails(ca, 'ja');
    expect(textOf(html, 'cert-owner')).toBe('他の人の証明書（秘密鍵はありません）、認証局（CA）');
    expect(textOf(html, 'cert-validity')).toContain('（期限切れ、またはまだ有効期間前）');
    expect(textOf(html, 'cert-trust')).toBe('信頼しない：この証明書を経由する署名は信頼されません');
    expect(textOf(html, 'cert-provenance')).toBe('/home/alice/ca.pem からインポート');
    expect(textOf(html, 'cert-usage')).toBe('暗号化に使えない、署名に使えない');
    // Already distrusted: no second distrust; a built-in root cannot be deleted.
    expect(elements(harness.certificateDetails(ca, 'ja', false), 'cert-distrust')).toHaveLength(0);
    expect(elements(harness.certificateDetails(ca, 'ja', false), 'cert-delete')).toHaveLength(0);
  });

  it('names a certificate by its common name, else its address; names the sender it came from in mail', () => {
    expect(certificateName(aliceCert)).toBe('Alice Example');
    expect(certificateName({ ...aliceCert, subject: 'O=Nobody' })).toBe('alice@example.org');
    const harvested: CertificateView = { ...aliceCert, provenance: 'mail', provenanceFrom: 'bob@example.org' };
    expect(certificateProvenanceWords(harvested, translator('en'))).toBe('Taken from a validly signed message from bob@example.org');
    expect(certificateProvenanceWords({ ...aliceCert, provenance: 'other', provenanceFrom: 'some tool' }, translator('ja'))).toBe('some tool');
  });
});
