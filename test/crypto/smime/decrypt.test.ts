// smimeDecrypt: all of the plaintext or none, with an error a user can act on.
import { ContentInfo, EnvelopedData, KeyAgreeRecipientInfo, KeyTransRecipientInfo } from 'pkijs';
import { describe, expect, it } from 'vitest';
import { SealmailError } from '../../../crypto/errors.js';
import { encodeAuthEnvelopedData } from '../../../crypto/smime/auth-enveloped-data.js';
import { encryptContent, newContentKey } from '../../../crypto/smime/content-encryption.js';
import { smimeDecrypt, smimeEncrypt } from '../../../crypto/smime/encryption.js';
import { readRecipientCertificate } from '../../../crypto/smime/enveloped-recipients.js';
import { keyAgreementRecipient } from '../../../crypto/smime/key-agreement.js';
import { keyTransportRecipient } from '../../../crypto/smime/key-transport.js';
import { smimeRecipients } from '../../helpers/smime-recipients.js';

const MESSAGE = new TextEncoder().encode('Content-Type: text/plain\r\n\r\nPIN 4711\r\n');

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

/** Flips one byte inside the first occurrence of `needle` (a field's value) in `bytes`. */
function flipInside(bytes: Uint8Array, needle: Uint8Array): Uint8Array {
  for (let i = 0; i + needle.length <= bytes.length; i++) {
    if (needle.every((v, j) => bytes[i + j] === v)) return flip(bytes, i + (needle.length >> 1));
  }
  throw new Error('needle not found');
}

function firstEncryptedKey(cms: Uint8Array): Uint8Array {
  const info = new EnvelopedData({ schema: ContentInfo.fromBER(cms).content }).recipientInfos[0]?.value;
  if (info instanceof KeyTransRecipientInfo) return info.encryptedKey.valueBlock.valueHexView;
  if (info instanceof KeyAgreeRecipientInfo) return info.recipientEncryptedKeys.encryptedKeys[0]?.encryptedKey.valueBlock.valueHexView ?? new Uint8Array();
  throw new Error('no recipient info');
}

describe('smimeDecrypt', () => {
  it('returns no plaintext and an integrity error when one GCM ciphertext or tag byte is flipped', async () => {
    const { alice, bob } = await smimeRecipients();
    const { cms } = await smimeEncrypt({ message: MESSAGE, recipients: [bob.certificate], sender: alice.certificate, gcm: true });
    // The DER ends with the mac OCTET STRING (04 10 + 16 bytes); the ciphertext ends right before it.
    for (const tampered of [flip(cms, cms.length - 19), flip(cms, cms.length - 1)]) {
      const attempt = smimeDecrypt({ cms: tampered, privateKey: bob.privateKey, certificate: bob.certificate });
      await expect(attempt).rejects.toMatchObject({ code: 'integrity', message: expect.not.stringContaining('PIN') });
    }
  });

  it('says in one line that a message for someone else cannot be decrypted', async () => {
    const { alice, bob, mallory } = await smimeRecipients();
    for (const gcm of [false, true]) {
      const { mime } = await smimeEncrypt({ message: MESSAGE, recipients: [bob.certificate], sender: alice.certificate, gcm });
      const error = await smimeDecrypt({ message: mime, privateKey: mallory.privateKey, certificate: mallory.certificate }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'decrypt-failed', message: expect.stringMatching(/^this message was not encrypted to your certificate \(mallory\)/) });
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('fails the same way for a damaged RSA v1.5 or ECDH wrapped key, and for a key that does not match the certificate', async () => {
    const { alice, bob, carol, mallory } = await smimeRecipients();
    for (const who of [bob, carol]) {
      const { cms } = await smimeEncrypt({ message: MESSAGE, recipients: [who.certificate], sender: alice.certificate });
      const damaged = flipInside(cms, firstEncryptedKey(cms));
      await expect(smimeDecrypt({ cms: damaged, privateKey: who.privateKey, certificate: who.certificate })).rejects.toMatchObject({ code: 'decrypt-failed' });
    }
    const { cms } = await smimeEncrypt({ message: MESSAGE, recipients: [bob.certificate], sender: alice.certificate });
    await expect(smimeDecrypt({ cms, privateKey: mallory.privateKey, certificate: bob.certificate })).rejects.toMatchObject({ code: 'decrypt-failed' });
  });

  it('reads ECDH with a UKM (entityUInfo in the KDF input) as well as without', async () => {
    const { carol } = await smimeRecipients();
    const recipient = readRecipientCertificate(carol.certificate);
    const cek = newContentKey();
    const info = await keyAgreementRecipient(recipient, cek, crypto.getRandomValues(new Uint8Array(64)));
    const cms = encodeAuthEnvelopedData([info], await encryptContent('gcm', cek, MESSAGE));
    const opened = await smimeDecrypt({ cms, privateKey: carol.privateKey, certificate: carol.certificate });
    expect(opened.content).toEqual(MESSAGE);
  });

  it('refuses AuthEnvelopedData around CBC content, which would claim an integrity it does not have', async () => {
    const { bob } = await smimeRecipients();
    const cek = newContentKey();
    const info = await keyTransportRecipient(readRecipientCertificate(bob.certificate), cek, 'pkcs1-v1_5');
    const cms = encodeAuthEnvelopedData([info], await encryptContent('cbc', cek, MESSAGE));
    await expect(smimeDecrypt({ cms, privateKey: bob.privateKey, certificate: bob.certificate })).rejects.toMatchObject({ code: 'bad-message' });
  });

  it('answers every truncation and byte flip of a message with a Sealmail error or, for CBC only, unauthenticated bytes', async () => {
    const { alice, carol } = await smimeRecipients();
    const keys = { privateKey: carol.privateKey, certificate: carol.certificate };
    for (const gcm of [false, true]) {
      const { cms } = await smimeEncrypt({ message: MESSAGE, recipients: [carol.certificate], sender: alice.certificate, gcm });
      for (let at = 0; at < cms.length; at += 11) {
        for (const damaged of [cms.subarray(0, at), flip(cms, at)]) {
          const outcome = await smimeDecrypt({ cms: damaged, ...keys }).then(
            (r) => (gcm && !sameBytes(r.content, MESSAGE) ? 'changed GCM plaintext' : r.integrity),
            (e: unknown) => (e instanceof SealmailError ? e.code : String(e)),
          );
          expect(['bad-message', 'decrypt-failed', 'integrity', gcm ? 'aead' : 'none']).toContain(outcome);
        }
      }
    }
  });

  it('calls malformed input bad-message and wrong calls bad-option', async () => {
    const { alice, bob } = await smimeRecipients();
    const keys = { privateKey: bob.privateKey, certificate: bob.certificate };
    const { cms } = await smimeEncrypt({ message: MESSAGE, recipients: [bob.certificate], sender: alice.certificate });
    const signed = new TextEncoder().encode('Content-Type: application/pkcs7-mime; smime-type=signed-data\r\nContent-Transfer-Encoding: base64\r\n\r\nMAA=\r\n');
    const plain = new TextEncoder().encode('From: a@example.org\r\nContent-Type: text/plain\r\n\r\nhello\r\n');
    for (const input of [{ cms: cms.subarray(0, cms.length - 40) }, { cms: new Uint8Array([1, 2, 3]) }, { message: signed }, { message: plain }]) {
      await expect(smimeDecrypt({ ...input, ...keys })).rejects.toMatchObject({ code: 'bad-message' });
    }
    await expect(smimeDecrypt({ cms, message: cms, ...keys })).rejects.toMatchObject({ code: 'bad-option' });
    await expect(smimeDecrypt({ cms, ...keys, password: 'x' } as never)).rejects.toMatchObject({ code: 'bad-option' });
  });
});
