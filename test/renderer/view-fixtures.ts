// The key and certificate views the renderer tests hand the UI: one base each, changed per test by overrides.
import type { CertificateView, KeyView } from '../../app/contract/index.js';

/** Alice's own S/MIME certificate from a .p12, valid through 2026. */
export function certificateView(overrides: Partial<CertificateView> = {}): CertificateView {
  return {
    fingerprint: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    subject: 'CN=Alice Example, emailAddress=alice@example.org',
    issuer: 'O=Sealmail Tests, CN=Sealmail Test CA',
    emails: ['alice@example.org'],
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    expired: false,
    own: true,
    ca: false,
    canSign: true,
    canEncrypt: true,
    provenance: 'pkcs12',
    provenanceFrom: null,
    addedAt: '2026-11-01T00:00:00.000Z',
    anchor: false,
    distrusted: false,
    ...overrides,
  };
}

/** Bob's OpenPGP key, imported by hand and undecided. */
export function keyView(overrides: Partial<KeyView> = {}): KeyView {
  const fingerprint = overrides.fingerprint ?? 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
  return {
    fingerprint,
    keyId: fingerprint.slice(-16),
    algorithm: 'Ed25519',
    userIds: [{ uid: 'Bob <bob@example.org>', address: 'bob@example.org', revoked: false }],
    created: '2026-01-01T00:00:00Z',
    expires: null,
    expired: false,
    revoked: false,
    secret: false,
    acceptance: 'imported',
    provenance: 'imported by hand (pasted or opened in the key manager)',
    provenanceKind: 'imported',
    provenanceFrom: null,
    canEncrypt: true,
    canSign: true,
    ...overrides,
  };
}
