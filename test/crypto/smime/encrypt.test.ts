// smimeEncrypt: the S/MIME entity it writes, who can read it, and what it refuses.
import { ContentInfo, EnvelopedData } from 'pkijs';
import { describe, expect, it } from 'vitest';
import { SealmailError } from '../../../crypto/errors.js';
import { smimeDecrypt, smimeEncrypt } from '../../../crypto/smime/encryption.js';
import { smimeRecipients } from '../../helpers/smime-recipients.js';

const MESSAGE = new TextEncoder().encode('Content-Type: text/plain; charset=utf-8\r\n\r\nThe merger closes on Friday.\r\n');
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function recipientInfoCount(cms: Uint8Array): number {
  return new EnvelopedData({ schema: ContentInfo.fromBER(cms).content }).recipientInfos.length;
}

describe('smimeEncrypt', () => {
  it('writes application/pkcs7-mime enveloped-data named smime.p7m in base64 lines, and nothing of the text in clear', async () => {
    const { alice, bob } = await smimeRecipients();
    const sealed = await smimeEncrypt({ message: MESSAGE, recipients: [bob.certificate], sender: alice.certificate });
    const mime = text(sealed.mime);
    const [folded = '', body = ''] = mime.split('\r\n\r\n');
    const head = folded.replace(/\r\n[ \t]+/g, ' ');
    expect(head).toMatch(/^Content-Type: application\/pkcs7-mime; smime-type=enveloped-data; name=smime\.p7m\r\n/);
    expect(head).toMatch(/Content-Transfer-Encoding: base64/);
    expect(head).toMatch(/Content-Disposition: attachment; filename=smime\.p7m/);
    expect(body.split('\r\n').every((line) => /^[A-Za-z0-9+/=]{0,76}$/.test(line))).toBe(true);
    expect(body.replace(/\r\n/g, '')).toBe(Buffer.from(sealed.cms).toString('base64'));
    expect(sealed.smimeType).toBe('enveloped-data');
    expect(mime).not.toContain('merger');
  });

  it('with gcm writes authEnveloped-data that decrypts with integrity', async () => {
    const { alice, bob } = await smimeRecipients();
    const sealed = await smimeEncrypt({ message: MESSAGE, recipients: [bob.certificate], sender: alice.certificate, gcm: true });
    expect(text(sealed.mime).replace(/\r\n[ \t]+/g, ' ')).toMatch(/smime-type=authEnveloped-data; name=smime\.p7m/);
    const opened = await smimeDecrypt({ message: sealed.mime, privateKey: bob.privateKey, certificate: bob.certificate });
    expect(opened).toMatchObject({ integrity: 'aead', contentEncryption: 'aes-256-gcm', smimeType: 'authEnveloped-data' });
    expect(opened.content).toEqual(MESSAGE);
  });

  it('always encrypts to the sender as well, once, even when the sender is also a recipient', async () => {
    const { alice, bob, carol } = await smimeRecipients();
    const sealed = await smimeEncrypt({ message: MESSAGE, recipients: [bob.certificate, carol.certificate, alice.certificate], sender: alice.certificate });
    expect(recipientInfoCount(sealed.cms)).toBe(3);
    for (const who of [alice, bob, carol]) {
      const opened = await smimeDecrypt({ cms: sealed.cms, privateKey: who.privateKey, certificate: who.certificate });
      expect(opened.content).toEqual(MESSAGE);
    }
    const toNobodyElse = await smimeEncrypt({ message: MESSAGE, recipients: [], sender: alice.certificate });
    expect((await smimeDecrypt({ cms: toNobodyElse.cms, privateKey: alice.privateKey, certificate: alice.certificate })).content).toEqual(MESSAGE);
  });

  it('uses AES-256-CBC with RSA PKCS#1 v1.5 by default, OAEP when asked, and ECDH for an EC certificate', async () => {
    const { alice, bob, carol } = await smimeRecipients();
    const plain = await smimeEncrypt({ message: MESSAGE, recipients: [bob.certificate, carol.certificate], sender: alice.certificate });
    const oaep = await smimeEncrypt({ message: MESSAGE, recipients: [bob.certificate], sender: alice.certificate, rsaOaep: true });
    expect(await smimeDecrypt({ cms: plain.cms, privateKey: bob.privateKey, certificate: bob.certificate })).toMatchObject({
      keyManagement: 'rsa-pkcs1-v1_5',
      contentEncryption: 'aes-256-cbc',
      integrity: 'none',
    });
    expect(await smimeDecrypt({ cms: plain.cms, privateKey: carol.privateKey, certificate: carol.certificate })).toMatchObject({ keyManagement: 'ecdh' });
    expect(await smimeDecrypt({ cms: oaep.cms, privateKey: bob.privateKey, certificate: bob.certificate })).toMatchObject({ keyManagement: 'rsa-oaep' });
  });

  it('uses a fresh key and IV for every message', async () => {
    const { alice, bob } = await smimeRecipients();
    const a = await smimeEncrypt({ message: MESSAGE, recipients: [bob.certificate], sender: alice.certificate });
    const b = await smimeEncrypt({ message: MESSAGE, recipients: [bob.certificate], sender: alice.certificate });
    expect(text(a.mime)).not.toBe(text(b.mime));
  });

  it('refuses a certificate not meant for encryption, and unknown options', async () => {
    const { alice, signOnly } = await smimeRecipients();
    await expect(smimeEncrypt({ message: MESSAGE, recipients: [signOnly.certificate], sender: alice.certificate })).rejects.toMatchObject({
      code: 'no-recipient-key',
      message: expect.stringMatching(/keyEncipherment/),
    });
    await expect(smimeEncrypt({ message: MESSAGE, recipients: [], sender: alice.certificate, cipher: 'des' } as never)).rejects.toBeInstanceOf(SealmailError);
    await expect(smimeEncrypt({ message: MESSAGE, recipients: [], sender: alice.certificate, cipher: 'des' } as never)).rejects.toMatchObject({ code: 'bad-option' });
  });
});
