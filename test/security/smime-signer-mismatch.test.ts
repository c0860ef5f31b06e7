// S/MIME signer/From mismatch: a good signature by a certificate that is not the one From never reads as "valid".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../crypto/index.js';
import { smimeSign } from '../../crypto/smime/index.js';
import { plainMessage, text } from '../helpers/message.js';
import { smimePki, type Identity, type SmimePki } from '../helpers/smime-pki.js';
import { encode } from './craft.js';

let pki: SmimePki;
beforeAll(async () => {
  pki = await smimePki();
});
afterAll(() => pki.dispose());

const BODY = 'Please wire the deposit today.';

/** An OpenSSL-signed S/MIME message with exactly `headerLines` above it, so From can be forged freely. */
async function signedBy(signer: Identity, headerLines: string[]): Promise<Uint8Array> {
  const signed = text(await pki.sign(`Content-Type: text/plain; charset=us-ascii\r\n\r\n${BODY}\r\n`, [signer]));
  return encode(headerLines.map((l) => `${l}\r\n`).join('') + signed);
}

const openAsBob = (message: Uint8Array) => open({ message, smime: { trustAnchors: [pki.root.certificate] } });

describe('S/MIME signer and From', () => {
  it('is valid when the certificate is for the single From (the control for every case below)', async () => {
    const report = await openAsBob(await signedBy(pki.rsa, ['From: Alice <alice@example.org>', 'To: bob@example.org']));
    expect(report.signature).toMatchObject({ state: 'valid', scheme: 'smime', signer: { address: 'alice@example.org' } });
  });

  it('is a mismatch when a good certificate for another address signs mail from Alice', async () => {
    const report = await openAsBob(await signedBy(pki.wrongEmail, ['From: Alice <alice@example.org>', 'To: bob@example.org']));
    expect(report.signature).toMatchObject({ state: 'mismatch', signer: { address: 'mallory@example.net' } });
    expect(report.warnings).toContain('the signer (mallory@example.net) is not the From address alice@example.org');
    expect(report.text).toContain(BODY);
  });

  it('is a mismatch when the From lists several addresses, the signer\'s among them', async () => {
    const report = await openAsBob(await signedBy(pki.rsa, ['From: Alice <alice@example.org>, Mallory <mallory@example.net>', 'To: bob@example.org']));
    expect(report.signature.state).toBe('mismatch');
    expect(report.from).toBeNull();
    expect(report.warnings.join('\n')).toMatch(/claims 2 From addresses/);
  });

  it('is not valid with two From header fields, whichever one a client would show', async () => {
    for (const order of [['alice@example.org', 'mallory@example.net'], ['mallory@example.net', 'alice@example.org']]) {
      const report = await openAsBob(await signedBy(pki.rsa, order.map((a) => `From: ${a}`)));
      expect(report.signature.state, order.join(' then ')).not.toBe('valid');
    }
  });

  it('is a mismatch when Mallory\'s own certificate signs but the display name shows Alice\'s address', async () => {
    const report = await openAsBob(await signedBy(pki.wrongEmail, ['From: "alice@example.org" <mallory@example.net>', 'To: bob@example.org']));
    expect(report.signature.state).toBe('mismatch');
    expect(report.warnings.join('\n')).toMatch(/display name shows the address alice@example\.org, but the message is from mallory@example\.net/);
  });

  it('is a mismatch when the From was changed after signing, the signature itself still good', async () => {
    const signed = await smimeSign({ message: plainMessage({ from: 'Alice <alice@example.org>', to: 'bob@example.org', body: `${BODY}\n` }), signer: { certificate: pki.rsa.certificate, chain: pki.rsa.chain, privateKey: pki.rsa.privateKey } });
    const forged = text(signed).replace('From: Alice <alice@example.org>', 'From: Alice <ceo@example.org>');
    const report = await openAsBob(encode(forged));
    expect(report.signature).toMatchObject({ state: 'mismatch', signer: { address: 'alice@example.org' } });
    expect(report.from).toBe('ceo@example.org');
  });

  it('is a mismatch when there is no From at all', async () => {
    const report = await openAsBob(await signedBy(pki.rsa, ['To: bob@example.org']));
    expect(report.signature.state).toBe('mismatch');
    expect(report.warnings).toContain('the message has no From address');
  });

  it('is a mismatch for a look-alike address the certificate does not name', async () => {
    const report = await openAsBob(await signedBy(pki.rsa, ['From: Alice <alice@example.org.evil.example>', 'To: bob@example.org']));
    expect(report.signature.state).toBe('mismatch');
  });

  it('is never valid for a wrong-address signer whose chain is also broken or untrusted', async () => {
    expect((await openAsBob(await signedBy(pki.untrusted, ['From: ceo@example.org']))).signature.state).toBe('unknown-signer');
    expect((await openAsBob(await signedBy(pki.underNotCa, ['From: ceo@example.org']))).signature.state).toBe('invalid');
  });
});
