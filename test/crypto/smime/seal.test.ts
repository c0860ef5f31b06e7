// smimeSeal: signed, encrypted and signed-then-enveloped mail that open() reads back, with the header a user sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../../crypto/index.js';
import { smimeSeal } from '../../../crypto/smime/index.js';
import { plainMessage } from '../../helpers/message.js';
import { smimePki, type SmimePki } from '../../helpers/smime-pki.js';
import { smimeRecipients, type SmimeRecipient, type SmimeRecipients } from '../../helpers/smime-recipients.js';

let pki: SmimePki;
let people: SmimeRecipients;
beforeAll(async () => {
  [pki, people] = await Promise.all([smimePki(), smimeRecipients()]);
});
afterAll(() => pki.dispose());

const BODY = 'The vault code is 7141, grüße.';
const draft = () =>
  plainMessage({
    from: 'Alice <alice@example.org>',
    to: 'bob@example.org',
    subject: 'Vault',
    body: `${BODY}\n`,
    extraHeaders: ['Bcc: secret@example.org', 'In-Reply-To: <earlier@example.org>', 'References: <earlier@example.org>'],
  });
const signer = () => ({ certificate: pki.rsa.certificate, chain: pki.rsa.chain, privateKey: pki.rsa.privateKey });
const identity = (r: SmimeRecipient) => ({ certificate: r.certificate, privateKey: r.privateKey });
const withoutBcc = () =>
  plainMessage({ from: 'Alice <alice@example.org>', to: 'bob@example.org', subject: 'Vault', body: `${BODY}\n`, extraHeaders: ['In-Reply-To: <earlier@example.org>'] });

function header(message: Uint8Array): string {
  const text = new TextDecoder().decode(message);
  return text.slice(0, text.indexOf('\r\n\r\n'));
}

describe('smimeSeal', () => {
  it('signs: multipart/signed under the draft header without Bcc, valid with the test CA as anchor', async () => {
    const sealed = await smimeSeal({ message: draft(), sign: true, encrypt: false, signer: signer() });
    const head = header(sealed);
    expect(head).toMatch(/^Subject: Vault$/m);
    expect(head).toMatch(/^Message-ID: <test-1@example.org>$/m);
    expect(head).toMatch(/^References: <earlier@example.org>$/m);
    expect(head).not.toMatch(/^Bcc:/im);
    expect(head).toMatch(/^Content-Type: multipart\/signed; protocol="application\/pkcs7-signature";/m);
    const report = await open({ message: sealed, smime: { trustAnchors: [pki.root.certificate] } });
    expect(report.signature).toMatchObject({ state: 'valid', scheme: 'smime', signer: { address: 'alice@example.org' } });
    expect(report.encryption.state).toBe('none');
    expect(report.text).toContain(BODY);
  });

  it('encrypts with CBC by default: the Subject stays visible, the body does not, integrity none; the sender can read it too', async () => {
    const sealed = await smimeSeal({ message: withoutBcc(), sign: false, encrypt: true, recipients: [people.bob.certificate], sender: people.alice.certificate });
    const head = header(sealed);
    expect(head).toMatch(/^Subject: Vault$/m);
    expect(head).toMatch(/^MIME-Version: 1.0$/m);
    expect(head).toMatch(/^Content-Type: application\/pkcs7-mime; smime-type=enveloped-data/m);
    expect(new TextDecoder().decode(sealed)).not.toContain('7141');
    for (const reader of [people.bob, people.alice]) {
      const report = await open({ message: sealed, smime: { trustAnchors: [], identities: async () => [identity(reader)] } });
      expect(report.encryption).toEqual({ state: 'encrypted', scheme: 'smime', error: null, integrity: 'none' });
      expect(report.signature.state).toBe('none');
      expect(report.text).toContain(BODY);
    }
  });

  it('signs then envelopes with GCM: authenticated, and the signature inside is valid', async () => {
    const sealed = await smimeSeal({ message: withoutBcc(), sign: true, encrypt: true, signer: signer(), recipients: [people.bob.certificate], sender: people.alice.certificate, gcm: true });
    expect(header(sealed)).toMatch(/smime-type=authEnveloped-data/);
    const report = await open({ message: sealed, smime: { trustAnchors: [pki.root.certificate], identities: async () => [identity(people.bob)] } });
    expect(report.encryption).toMatchObject({ state: 'encrypted', scheme: 'smime', integrity: 'authenticated' });
    expect(report.signature).toMatchObject({ state: 'valid', scheme: 'smime', signer: { address: 'alice@example.org' } });
    expect(report.text).toContain(BODY);
  });

  it('names every recipient without a certificate, and refuses unknown options and nothing to do', async () => {
    await expect(smimeSeal({ message: draft(), sign: false, encrypt: true, recipients: [people.bob.certificate], sender: people.alice.certificate })).rejects.toMatchObject({
      code: 'no-recipient-key',
      message: expect.stringContaining('secret@example.org') as string,
    });
    await expect(smimeSeal({ message: draft(), sign: true, encrypt: false })).rejects.toMatchObject({ code: 'no-signing-key' });
    await expect(smimeSeal({ message: draft(), sign: false, encrypt: true, recipients: [people.bob.certificate] })).rejects.toMatchObject({ code: 'no-recipient-key' });
    await expect(smimeSeal({ message: draft(), sign: false, encrypt: false })).rejects.toMatchObject({ code: 'bad-option' });
    await expect(smimeSeal({ message: draft(), sign: true, encrypt: false, signer: signer(), rsaOaep: true } as never)).rejects.toMatchObject({ code: 'bad-option' });
  });
});
