// Key algorithms as users know them, not openpgp.js's internal names.
import { describe, expect, it } from 'vitest';
import { algorithmWords } from '../../../app/services/views.js';

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
