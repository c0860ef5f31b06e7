// smimeSign: the multipart/signed it writes, and the signers it refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SealmailError } from '../../../crypto/errors.js';
import { parseMessage, type MimeEntity } from '../../../crypto/mime/entity.js';
import { decodeBody } from '../../../crypto/mime/transfer.js';
import { readSignedData } from '../../../crypto/smime/signed-data.js';
import { smimeSign, verifySmime } from '../../../crypto/smime/index.js';
import { plainMessage, text } from '../../helpers/message.js';
import { smimePki, type Identity, type SmimePki } from '../../helpers/smime-pki.js';

let pki: SmimePki;
beforeAll(async () => {
  pki = await smimePki();
});
afterAll(() => pki.dispose());

const draft = (from = 'Alice <alice@example.org>', body = 'The numbers are in. Grüße\nRegards\n') => plainMessage({ from, to: 'bob@example.org', body });
const signer = (id: Identity) => ({ certificate: id.certificate, chain: id.chain, privateKey: id.privateKey });
const trust = () => ({ trustAnchors: [pki.root.certificate] });

describe('smimeSign', () => {
  for (const kind of ['rsa', 'ecdsa'] as const) {
    it(`signs with ${kind} so that the message verifies as valid for its From`, async () => {
      const signed = await smimeSign({ message: draft(), signer: signer(pki[kind]) });
      const result = await verifySmime({ message: signed, ...trust() });
      expect(result.signature.state).toBe('valid');
      expect(result.signature.scheme).toBe('smime');
      expect(result.signature.signer?.address).toBe('alice@example.org');
      expect(result.warnings).toContain("the signer's certificate was not checked for revocation (CRL and OCSP are not consulted)");
      expect(text(result.content.raw)).toContain('Content-Transfer-Encoding: quoted-printable');
    });
  }

  it('writes multipart/signed with the RFC 8551 protocol and micalg, the draft headers outside, 7-bit CRLF throughout', async () => {
    const signed = await smimeSign({ message: draft(), signer: signer(pki.rsa) });
    const root = parseMessage(signed);
    expect(root.type).toBe('multipart/signed');
    expect(root.params).toMatchObject({ protocol: 'application/pkcs7-signature', micalg: 'sha-256' });
    expect(root.children.map((c) => c.type)).toEqual(['text/plain', 'application/pkcs7-signature']);
    expect(text(signed)).toMatch(/^From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: Quarterly numbers\r\n/);
    expect(signed.every((b) => b < 0x80)).toBe(true);
    expect(text(signed).replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('includes the signer chain and the signing time', async () => {
    const date = new Date('2027-03-01T12:00:00Z');
    const signed = await smimeSign({ message: draft(), signer: signer(pki.ecdsa), date });
    const result = await verifySmime({ message: signed, trustAnchors: [pki.root.certificate], date: new Date('2030-01-01T00:00:00Z') });
    expect(result.signature.state).toBe('valid');
    expect(result.signature.signedAt).toBe('2027-03-01T12:00:00.000Z');
    expect(result.checks[0]?.path).toHaveLength(2);
  });

  it('signs SHA-256 with contentType, messageDigest, signingTime and smimeCapabilities, and carries the leaf and intermediate', async () => {
    const signed = await smimeSign({ message: draft(), signer: signer(pki.rsa) });
    const der = decodeBody(parseMessage(signed).children[1] as MimeEntity);
    const cms = readSignedData(der);
    expect(cms.encapContentInfo.eContent).toBeUndefined();
    expect(cms.certificates).toHaveLength(2);
    const info = cms.signerInfos[0];
    expect(cms.signerInfos).toHaveLength(1);
    expect(info?.digestAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1');
    expect(info?.signedAttrs?.attributes.map((a) => a.type).sort()).toEqual(
      ['1.2.840.113549.1.9.15', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4', '1.2.840.113549.1.9.5'].sort(),
    );
  });

  it('refuses a certificate that is not for the From address', async () => {
    await expect(smimeSign({ message: draft('mallory@example.net'), signer: signer(pki.rsa) })).rejects.toMatchObject({ code: 'no-signing-key' });
  });

  it('refuses certificates that may not sign mail, and expired ones', async () => {
    for (const id of [pki.wrongEku, pki.noDigitalSignature, pki.expired]) {
      await expect(smimeSign({ message: draft(), signer: signer(id) })).rejects.toMatchObject({ code: 'bad-key' });
    }
  });

  it('refuses a private key that does not belong to the certificate', async () => {
    await expect(smimeSign({ message: draft(), signer: { ...signer(pki.ecdsa), privateKey: pki.bob.privateKey } })).rejects.toMatchObject({ code: 'bad-key' });
  });

  it('refuses unknown options', async () => {
    await expect(smimeSign({ message: draft(), signer: signer(pki.rsa), detached: false } as never)).rejects.toBeInstanceOf(SealmailError);
    await expect(smimeSign({ message: draft(), signer: { ...signer(pki.rsa), password: 'x' } } as never)).rejects.toMatchObject({ code: 'bad-option' });
  });
});
