// open() reads S/MIME signed mail into the one security report: the same states and rules as OpenPGP, trust from the caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../../crypto/index.js';
import { smimeSign } from '../../../crypto/smime/index.js';
import { plainMessage } from '../../helpers/message.js';
import { smimePki, type Identity, type SmimePki } from '../../helpers/smime-pki.js';

let pki: SmimePki;
beforeAll(async () => {
  pki = await smimePki();
});
afterAll(() => pki.dispose());

const signer = (id: Identity) => ({ certificate: id.certificate, chain: id.chain, privateKey: id.privateKey });
const draft = (from = 'Alice <alice@example.org>') => plainMessage({ from, to: 'bob@example.org', body: 'Signed with a certificate.\n' });

describe('open() of S/MIME signed mail', () => {
  it('reports a valid S/MIME signature for the whole message, shows its text, and says revocation was not checked', async () => {
    const message = await smimeSign({ message: draft(), signer: signer(pki.rsa) });
    const report = await open({ message, smime: { trustAnchors: [pki.root.certificate] } });
    expect(report.encryption.state).toBe('none');
    expect(report.signature).toMatchObject({ state: 'valid', scheme: 'smime', signer: { address: 'alice@example.org' } });
    expect(report.text).toContain('Signed with a certificate.');
    expect(report.warnings.join('\n')).toMatch(/not checked for revocation/);
  });

  it('is an unknown signer when the caller trusts no anchor it chains to, and invalid when a byte of the signed part changed', async () => {
    const message = await smimeSign({ message: draft(), signer: signer(pki.ecdsa) });
    expect((await open({ message })).signature.state).toBe('unknown-signer');
    const text = new TextDecoder().decode(message).replace('Signed with a certificate.', 'Signed with a certificatE.');
    const tampered = await open({ message: new TextEncoder().encode(text), smime: { trustAnchors: [pki.root.certificate] } });
    expect(tampered.signature.state).toBe('invalid');
  });

  it('is a mismatch when the certificate is for another address than the From shown', async () => {
    const message = await smimeSign({ message: draft(), signer: signer(pki.rsa) });
    const text = new TextDecoder().decode(message).replace('From: Alice <alice@example.org>', 'From: Alice <ceo@example.org>');
    const report = await open({ message: new TextEncoder().encode(text), smime: { trustAnchors: [pki.root.certificate] } });
    expect(report.signature.state).toBe('mismatch');
  });
});

describe('S/MIME certificates read from Node Buffers', () => {
  it('verifies with an anchor that is a Buffer from the shared pool (a view, not a whole ArrayBuffer)', async () => {
    const message = await smimeSign({ message: draft(), signer: signer(pki.rsa) });
    // Small Buffers share Node's pool: the view's .buffer holds other bytes around the certificate.
    const pooled = Buffer.from(pki.root.certificate);
    expect(pooled.byteOffset > 0 || pooled.buffer.byteLength !== pooled.byteLength).toBe(true);
    const report = await open({ message, smime: { trustAnchors: [pooled] } });
    expect(report.signature.state).toBe('valid');
  });
});
