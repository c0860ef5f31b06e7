// open() of S/MIME encrypted mail: decrypted with the caller's identities, integrity said plainly, signed-then-enveloped verified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../../crypto/index.js';
import { smimeEncrypt, smimeSign } from '../../../crypto/smime/index.js';
import { plainMessage } from '../../helpers/message.js';
import { smimePki, type SmimePki } from '../../helpers/smime-pki.js';
import { smimeRecipients, type SmimeRecipient, type SmimeRecipients } from '../../helpers/smime-recipients.js';

let pki: SmimePki;
let people: SmimeRecipients;
beforeAll(async () => {
  [pki, people] = await Promise.all([smimePki(), smimeRecipients()]);
});
afterAll(() => pki.dispose());

const identity = (r: SmimeRecipient) => ({ certificate: r.certificate, privateKey: r.privateKey });
const BODY = 'The vault code is 7141.';
const draft = () => plainMessage({ from: 'Alice <alice@example.org>', to: 'bob@example.org', body: `${BODY}\n` });

async function envelope(gcm: boolean, inner = draft()): Promise<Uint8Array> {
  const { mime } = await smimeEncrypt({ message: inner, recipients: [people.bob.certificate], sender: people.alice.certificate, gcm });
  // The outer header a mail client sends around the enveloped entity.
  return new Uint8Array([...new TextEncoder().encode('From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: sealed\r\nMIME-Version: 1.0\r\n'), ...mime]);
}

describe('open() of S/MIME encrypted mail', () => {
  it('decrypts CBC EnvelopedData, says it has no integrity protection, and warns', async () => {
    const report = await open({ message: await envelope(false), smime: { trustAnchors: [], identities: async () => [identity(people.mallory), identity(people.bob)] } });
    expect(report.encryption).toEqual({ state: 'encrypted', scheme: 'smime', error: null, integrity: 'none' });
    expect(report.text).toContain(BODY);
    expect(report.warnings.join('\n')).toMatch(/without integrity protection/);
  });

  it('decrypts GCM AuthEnvelopedData as authenticated, and shows nothing when one ciphertext byte changed', async () => {
    const sealed = await envelope(true);
    const report = await open({ message: sealed, smime: { trustAnchors: [], identities: async () => [identity(people.bob)] } });
    expect(report.encryption).toMatchObject({ state: 'encrypted', integrity: 'authenticated' });
    expect(report.text).toContain(BODY);

    const text = new TextDecoder().decode(sealed);
    const at = text.length - 200;
    const flipped = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const tampered = await open({ message: new TextEncoder().encode(flipped), smime: { trustAnchors: [], identities: async () => [identity(people.bob)] } });
    expect(tampered.encryption).toMatchObject({ state: 'failed', scheme: 'smime', integrity: null });
    expect(tampered.text).toBeNull();
    expect(JSON.stringify(tampered)).not.toContain('7141');
  });

  it('is a failure, not plain mail, without an identity it was encrypted to', async () => {
    const report = await open({ message: await envelope(false), smime: { trustAnchors: [], identities: async () => [identity(people.mallory)] } });
    expect(report.encryption).toMatchObject({ state: 'failed', scheme: 'smime' });
    expect(report.text).toBeNull();
    expect((await open({ message: await envelope(false) })).encryption.error).toMatch(/no S\/MIME certificate/);
  });

  it('verifies a signed-then-enveloped message after decrypting it', async () => {
    const signed = await smimeSign({ message: draft(), signer: { certificate: pki.rsa.certificate, chain: pki.rsa.chain, privateKey: pki.rsa.privateKey } });
    const report = await open({ message: await envelope(true, signed), smime: { trustAnchors: [pki.root.certificate], identities: async () => [identity(people.bob)] } });
    expect(report.encryption).toMatchObject({ state: 'encrypted', scheme: 'smime', integrity: 'authenticated' });
    expect(report.signature).toMatchObject({ state: 'valid', scheme: 'smime', signer: { address: 'alice@example.org' } });
    expect(report.text).toContain(BODY);
  });
});
