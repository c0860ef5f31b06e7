// The words in the chrome above a message: a failure or a doubtful signature must never read as good.
import { describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../app/contract/index.js';
import { translator } from '../../renderer/i18n/translate.js';
import { securityStatus } from '../../renderer/security-status.js';

const t = translator('en');

const FPR = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

function report(over: { encryption?: Partial<SecurityReport['encryption']>; signature?: Partial<SecurityReport['signature']>; warnings?: string[] }): SecurityReport {
  return {
    from: 'alice@example.org',
    fromName: 'Alice',
    subject: 'hi',
    protectedHeaders: true,
    encryption: { state: 'encrypted', scheme: 'pgp-mime', error: null, integrity: 'authenticated', ...over.encryption } as SecurityReport['encryption'],
    signature: { state: 'valid', scheme: 'pgp-mime', signer: { address: 'alice@example.org', fingerprint: FPR }, acceptance: 'verified', signedAt: null, ...over.signature },
    text: 'hello',
    html: null,
    attachments: [],
    autocrypt: null,
    warnings: over.warnings ?? [],
  };
}

describe('security status', () => {
  it('is good only for an encrypted message with a valid signature, naming the signer and the grouped fingerprint', () => {
    const s = securityStatus(report({}), t);
    expect(s.level).toBe('good');
    expect(s.headline).toBe('Encrypted and signed by alice@example.org');
    expect(s.lines[1]?.text).toContain('A1B2 C3D4 E5F6 0718 293A  4B5C 6D7E 8F90 1234 5678');
    expect(s.lines[1]?.text).toContain('verified by you');
  });

  it('is bad for a failed decryption, and says why', () => {
    const s = securityStatus(report({ encryption: { state: 'failed', error: 'the integrity check failed' }, signature: { state: 'none', signer: null, acceptance: null } }), t);
    expect(s.level).toBe('bad');
    expect(s.headline).toBe('Decryption failed');
    expect(s.lines[0]?.text).toContain('the integrity check failed');
  });

  it.each(['invalid', 'mismatch', 'expired', 'revoked'] as const)('is bad for a %s signature, even when encrypted', (state) => {
    const s = securityStatus(report({ signature: { state } }), t);
    expect(s.level).toBe('bad');
    expect(s.headline).toBe('Signature problem');
  });

  it('is a warning, not good, for a partial or unknown signer, or any warning', () => {
    expect(securityStatus(report({ signature: { state: 'partial' } }), t).level).toBe('warning');
    expect(securityStatus(report({ signature: { state: 'unknown-signer', acceptance: null } }), t).level).toBe('warning');
    expect(securityStatus(report({ warnings: ['The Subject was changed in transit.'] }), t).level).toBe('warning');
  });

  it('says plainly when nothing is sealed', () => {
    const s = securityStatus(report({ encryption: { state: 'none', scheme: null }, signature: { state: 'none', scheme: null, signer: null, acceptance: null } }), t);
    expect(s.level).toBe('plain');
    expect(s.headline).toBe('Not encrypted, not signed');
  });
});
