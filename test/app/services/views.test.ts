// Key views: algorithms as users know them, not openpgp.js's internal names; where a key came from, in words and as data.
import { describe, expect, it } from 'vitest';
import { generateKey } from 'openpgp';
import type { SecurityReport } from '../../../crypto/report.js';
import { algorithmWords, keyView, remoteContentAllowed } from '../../../app/services/views.js';
import type { KeyringEntry } from '../../../app/keyring.js';

describe('algorithmWords', () => {
  it('names the usual algorithms the way other OpenPGP programs do', () => {
    expect(algorithmWords('eddsaLegacy/ed25519Legacy')).toBe('Ed25519');
    expect(algorithmWords('ed25519')).toBe('Ed25519');
    expect(algorithmWords('rsaEncryptSign/4096')).toBe('RSA 4096');
    expect(algorithmWords('ecdsa/nistP256')).toBe('ECDSA NIST P-256');
    expect(algorithmWords('ecdh/curve25519Legacy')).toBe('ECDH Curve25519');
    expect(algorithmWords('somethingNew')).toBe('somethingNew');
  });
});

describe('keyView provenance', () => {
  it('says where a key came from in English and as a kind the UI can put in its own words', async () => {
    const { publicKey: key } = await generateKey({ userIDs: [{ email: 'bob@example.test' }], format: 'object' });
    const view = (source: string) => keyView({ fingerprint: key.getFingerprint(), key, meta: { acceptance: 'imported', source, addedAt: '2026-01-01T00:00:00Z' } } satisfies KeyringEntry);
    expect(await view('generated')).toMatchObject({ provenance: 'generated here', provenanceKind: 'generated', provenanceFrom: null });
    expect(await view('/home/alice/bob.asc')).toMatchObject({ provenance: 'imported by hand from /home/alice/bob.asc', provenanceKind: 'imported', provenanceFrom: '/home/alice/bob.asc' });
    expect(await view('pasted or opened in the key manager')).toMatchObject({ provenanceKind: 'imported', provenanceFrom: null });
    expect(await view('revoked')).toMatchObject({ provenanceKind: 'revoked', provenanceFrom: null });
    expect(await view('a future source')).toMatchObject({ provenance: 'imported by hand (a future source)', provenanceKind: 'other', provenanceFrom: 'a future source' });
  });
});

describe('remoteContentAllowed', () => {
  const report = (encryption: Partial<SecurityReport['encryption']>, html: string | null = '<img src="https://x.example/p.png">'): SecurityReport => ({
    from: null, fromName: null, subject: null, protectedHeaders: false,
    encryption: { state: 'encrypted', scheme: 'smime', error: null, integrity: 'authenticated', ...encryption },
    signature: { state: 'none', scheme: null, signer: null, acceptance: null, signedAt: null },
    text: null, html, attachments: [], autocrypt: null, warnings: [],
  });
  it('is offered for plain and integrity-protected HTML mail only', () => {
    expect(remoteContentAllowed(report({ state: 'none', scheme: null, integrity: null }))).toBe(true);
    expect(remoteContentAllowed(report({}))).toBe(true);
    expect(remoteContentAllowed(report({ integrity: 'none' }))).toBe(false);
    expect(remoteContentAllowed(report({ state: 'failed', integrity: null, error: 'x' }))).toBe(false);
    expect(remoteContentAllowed(report({}, null))).toBe(false);
  });
});
