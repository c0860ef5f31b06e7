// verifySmime: what may be reported valid, and every CMS or certificate flaw that must never be (issue 5 section 4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smimeSign, verifySmime } from '../../../crypto/smime/index.js';
import { plainMessage, text } from '../../helpers/message.js';
import { openssl, smimePki, type Identity, type SmimePki } from '../../helpers/smime-pki.js';

let pki: SmimePki;
beforeAll(async () => {
  pki = await smimePki();
});
afterAll(() => pki.dispose());

const ENTITY = 'Content-Type: text/plain; charset=us-ascii\r\n\r\nThe numbers are in.\r\nRegards\r\n';
const HEADER = 'From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: Quarterly numbers\r\n';
const bytesOf = (s: string) => new TextEncoder().encode(s);

/** A message signed by openssl (so that certificates Sealmail refuses to sign with can still be tested). */
async function signedBy(signers: Identity[], options: Parameters<SmimePki['sign']>[2] = {}, header = HEADER): Promise<Uint8Array> {
  return bytesOf(header + text(await pki.sign(ENTITY, signers, options)));
}

const verify = (message: Uint8Array, extra: { date?: Date; distrusted?: Uint8Array[]; trustAnchors?: Uint8Array[] } = {}) =>
  verifySmime({ message, trustAnchors: [pki.root.certificate], ...extra });

/** multipart/signed around ENTITY with `der` as its signature part. */
function detachedWith(der: Uint8Array): Uint8Array {
  const b64 = Buffer.from(der).toString('base64').replace(/.{76}/g, '$&\r\n');
  return bytesOf(
    `${HEADER}MIME-Version: 1.0\r\nContent-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="b1"\r\n\r\n` +
      `--b1\r\n${ENTITY}\r\n--b1\r\nContent-Type: application/pkcs7-signature\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--b1--\r\n`,
  );
}

describe('verifySmime: valid', () => {
  it('reports valid for a good signer whose SAN address is the From', async () => {
    const result = await verify(await signedBy([pki.ecdsa]));
    expect(result.signature.state).toBe('valid');
    expect(text(result.content.raw)).toContain('The numbers are in.');
  });

  it('takes the subject emailAddress when the certificate has no SAN rfc822Name', async () => {
    expect((await verify(await signedBy([pki.subjectEmailOnly]))).signature.state).toBe('valid');
  });

  it('judges the certificate at the signing time: signed while valid, verified after it expired', async () => {
    const message = plainMessage({ from: 'alice@example.org', to: 'bob@example.org' });
    const signed = await smimeSign({ message, signer: { certificate: pki.expired.certificate, chain: pki.expired.chain, privateKey: pki.expired.privateKey }, date: new Date('2020-06-01T00:00:00Z') });
    const verified = await verify(signed);
    expect(verified.signature.state).toBe('valid');
    // ...and says the certificate has expired since, and that the signing time is the signer's claim.
    expect(verified.warnings.join('\n')).toMatch(/the signer's certificate expired on \d{4}-\d{2}-\d{2}; the signature says it was made on 2020-06-01/);
  });

  it('adds no expiry warning for a certificate valid now', async () => {
    expect((await verify(await signedBy([pki.rsa]))).warnings.join('\n')).not.toContain('expired');
  });

  it('reads opaque signed-data (openssl smime -nodetach) and shows its encapsulated content', async () => {
    const message = await signedBy([pki.rsa], { detached: false, tool: 'smime' });
    expect(text(message)).toContain('smime-type=signed-data');
    const result = await verify(message);
    expect(result.signature.state).toBe('valid');
    expect(result.content.type).toBe('text/plain');
    expect(text(result.content.raw)).toContain('The numbers are in.');
  });

  it('reads a bare PKCS#7 SignedData (pk7out style) wrapped as application/pkcs7-mime', async () => {
    const der = await pki.sign(ENTITY, [pki.ecdsa], { detached: false, outform: 'DER' });
    const b64 = Buffer.from(der).toString('base64').replace(/.{76}/g, '$&\r\n');
    const message = bytesOf(`${HEADER}MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`);
    expect((await verify(message)).signature.state).toBe('valid');
  });
});

describe('verifySmime: never valid', () => {
  it('tampered content is invalid', async () => {
    const message = text(await signedBy([pki.rsa])).replace('The numbers are in.', 'The numbers are out.');
    expect((await verify(bytesOf(message))).signature.state).toBe('invalid');
  });

  it('SignedData carrying eContent as well as detached content is invalid', async () => {
    const der = await pki.sign(ENTITY, [pki.ecdsa], { detached: false, outform: 'DER' });
    const result = await verify(detachedWith(der));
    expect(result.signature.state).toBe('invalid');
    expect(result.warnings.join('\n')).toMatch(/own content/);
  });

  it('SignedData with zero signerInfos is invalid', async () => {
    const run = await openssl(['crl2pkcs7', '-nocrl', '-certfile', pki.ecdsa.certPath, '-outform', 'DER']);
    const result = await verify(detachedWith(run.stdout));
    expect(result.signature.state).toBe('invalid');
    expect(result.warnings).toContain('the signature has no signers');
  });

  it('several signerInfos where one chains to no anchor is not valid', async () => {
    const result = await verify(await signedBy([pki.rsa, pki.untrusted]));
    expect(result.checks.map((c) => c.outcome).sort()).toEqual(['bad', 'good']);
    expect(result.signature.state).toBe('invalid');
  });

  it('several signerInfos where one may not sign mail is not valid', async () => {
    const result = await verify(await signedBy([pki.ecdsa, pki.wrongEku]));
    expect(result.signature.state).toBe('invalid');
  });

  it('a signer under an unknown root is unknown-signer', async () => {
    expect((await verify(await signedBy([pki.untrusted]))).signature.state).toBe('unknown-signer');
  });

  it('a self-signed signer is unknown-signer', async () => {
    expect((await verify(await signedBy([pki.selfSigned]))).signature.state).toBe('unknown-signer');
  });

  it('a signer whose intermediate is missing from the message is unknown-signer', async () => {
    expect((await verify(await signedBy([pki.rsa], { withChain: false }))).signature.state).toBe('unknown-signer');
  });

  it('a distrusted root makes the signer unknown, though listed as an anchor', async () => {
    expect((await verify(await signedBy([pki.rsa]), { distrusted: [pki.root.certificate] })).signature.state).toBe('unknown-signer');
  });

  it('a distrusted intermediate makes the signer unknown', async () => {
    expect((await verify(await signedBy([pki.rsa]), { distrusted: [pki.intermediate.certificate] })).signature.state).toBe('unknown-signer');
  });

  it('no anchors at all: unknown-signer', async () => {
    expect((await verify(await signedBy([pki.rsa]), { trustAnchors: [] })).signature.state).toBe('unknown-signer');
  });

  it('key usage without digitalSignature is invalid', async () => {
    const result = await verify(await signedBy([pki.noDigitalSignature]));
    expect(result.signature.state).toBe('invalid');
    expect(result.warnings.join('\n')).toMatch(/key usage/);
  });

  it('extended key usage without emailProtection is invalid', async () => {
    const result = await verify(await signedBy([pki.wrongEku]));
    expect(result.signature.state).toBe('invalid');
    expect(result.warnings.join('\n')).toMatch(/e-mail protection/);
  });

  it('a signer certified for another address than From is mismatch', async () => {
    const result = await verify(await signedBy([pki.wrongEmail]));
    expect(result.signature.state).toBe('mismatch');
    expect(result.signature.signer?.address).toBe('mallory@example.net');
  });

  it('a good signature with From changed to someone else is mismatch', async () => {
    const message = text(await signedBy([pki.rsa])).replace('From: Alice <alice@example.org>', 'From: Bob <bob@example.org>');
    expect((await verify(bytesOf(message))).signature.state).toBe('mismatch');
  });

  it('a certificate expired at signing time is expired', async () => {
    const result = await verify(await signedBy([pki.expired]));
    expect(result.signature.state).toBe('expired');
  });

  it('without a signingTime, validity is judged at the date given', async () => {
    const unattributed = await signedBy([pki.rsa], { args: ['-noattr'] });
    expect((await verify(unattributed)).signature.state).toBe('valid');
    expect((await verify(unattributed, { date: new Date('2060-01-01T00:00:00Z') })).signature.state).toBe('expired');
  });

  it('an intermediate without basicConstraints cA breaks the path', async () => {
    const result = await verify(await signedBy([pki.underNotCa]));
    expect(result.signature.state).toBe('invalid');
    expect(result.warnings.join('\n')).toMatch(/not a CA|CA certificate/);
  });

  it('opaque signed-data whose content is not id-data is invalid', async () => {
    const message = await signedBy([pki.rsa], { detached: false, args: ['-econtent_type', '1.2.840.113549.1.9.16.1.4'] });
    const result = await verify(message);
    expect(result.signature.state).toBe('invalid');
    expect(result.warnings.join('\n')).toMatch(/not data/);
  });

  it('refuses unknown options', async () => {
    await expect(verifySmime({ message: bytesOf(HEADER), trustAnchors: [], checkRevocation: true } as never)).rejects.toMatchObject({ code: 'bad-option' });
  });

  it('a signature part that is not CMS is invalid, and the content is still shown', async () => {
    const result = await verify(detachedWith(bytesOf('not a signature')));
    expect(result.signature.state).toBe('invalid');
    expect(text(result.content.raw)).toContain('The numbers are in.');
  });
});
