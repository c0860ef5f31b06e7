// CMS SignedData confusions (issue 5 section 4): a signature that signs something other than what is shown, or no one, is never "valid".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../crypto/index.js';
import { openssl, smimePki, type Identity, type SmimePki } from '../helpers/smime-pki.js';
import { crlf, encode } from './craft.js';

let pki: SmimePki;
beforeAll(async () => {
  pki = await smimePki();
});
afterAll(() => pki.dispose());

const SIGNED_TEXT = 'Pay invoice 1041 to Alice, IBAN DE02 1001 0010 0123 4567 89.';
const SHOWN_TEXT = 'Pay invoice 1041 to Mallory, IBAN GB33 BUKB 2020 1555 5555 55.';
const entity = (body: string) => crlf`
Content-Type: text/plain; charset=us-ascii

${body}
`;

const HEADER = crlf`
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: Invoice 1041
MIME-Version: 1.0
`;

const base64 = (der: Uint8Array) => Buffer.from(der).toString('base64').replace(/.{76}/g, '$&\r\n');

/** multipart/signed showing `shown` with `signature` (DER) as its application/pkcs7-signature part. */
function detached(shown: string, signature: Uint8Array, signatureType = 'application/pkcs7-signature'): Uint8Array {
  return encode(crlf`
${HEADER}Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"

--sig
${shown}
--sig
Content-Type: ${signatureType}; name="smime.p7s"
Content-Transfer-Encoding: base64

${base64(signature)}
--sig--
`);
}

/** application/pkcs7-mime; smime-type=signed-data around `der`. */
function opaque(der: Uint8Array): Uint8Array {
  return encode(crlf`
${HEADER}Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"
Content-Transfer-Encoding: base64

${base64(der)}
`);
}

/** SignedData (DER) made by openssl over `body`; detached unless `encapsulate`. */
const signedData = (body: string, signers: Identity[], options: { encapsulate?: boolean; args?: string[] } = {}) =>
  pki.sign(entity(body), signers, { outform: 'DER', detached: options.encapsulate !== true, ...(options.args ? { args: options.args } : {}) });

const openAsBob = (message: Uint8Array) => open({ message, smime: { trustAnchors: [pki.root.certificate] } });

describe('S/MIME CMS confusion', () => {
  it('is valid for a plain detached signature over the part shown (the control for every case below)', async () => {
    const report = await openAsBob(detached(entity(SIGNED_TEXT), await signedData(SIGNED_TEXT, [pki.rsa])));
    expect(report.signature).toMatchObject({ state: 'valid', scheme: 'smime' });
    expect(report.text).toContain(SIGNED_TEXT);
  });

  it('is invalid when the detached signature also carries the very content shown (eContent and detached content)', async () => {
    const report = await openAsBob(detached(entity(SIGNED_TEXT), await signedData(SIGNED_TEXT, [pki.rsa], { encapsulate: true })));
    expect(report.signature.state).toBe('invalid');
    expect(report.warnings.join('\n')).toMatch(/own content/);
  });

  it('is invalid when an opaque SignedData is passed off as the signature of other text, and never shows its own content', async () => {
    // The attacker copies Alice's opaque signed-data into the signature slot under the text they want believed.
    const report = await openAsBob(detached(entity(SHOWN_TEXT), await signedData(SIGNED_TEXT, [pki.rsa], { encapsulate: true })));
    expect(report.signature.state).toBe('invalid');
    expect(report.text).toContain(SHOWN_TEXT);
    expect(report.text).not.toContain(SIGNED_TEXT);
  });

  it('is invalid when the signature part is typed application/pkcs7-mime rather than application/pkcs7-signature', async () => {
    const report = await openAsBob(detached(entity(SIGNED_TEXT), await signedData(SIGNED_TEXT, [pki.rsa]), 'application/pkcs7-mime'));
    expect(report.signature.state).toBe('invalid');
  });

  it('is invalid when a genuine detached signature over other text is moved under the text shown', async () => {
    const report = await openAsBob(detached(entity(SHOWN_TEXT), await signedData(SIGNED_TEXT, [pki.rsa])));
    expect(report.signature.state).toBe('invalid');
  });

  it('is invalid with zero signerInfos (a certificates-only SignedData), whatever certificates it carries', async () => {
    const certsOnly = await openssl(['crl2pkcs7', '-nocrl', '-certfile', pki.rsa.certPath, '-certfile', pki.intermediate.certPath, '-outform', 'DER']);
    expect(certsOnly.exitCode).toBe(0);
    const report = await openAsBob(detached(entity(SHOWN_TEXT), certsOnly.stdout));
    expect(report.signature.state).toBe('invalid');
    expect(report.warnings).toContain('the signature has no signers');
    expect((await openAsBob(opaque(certsOnly.stdout))).signature.state).not.toBe('valid');
  });

  it('is invalid with several signerInfos when one chains to no anchor, even though the other is Alice and good', async () => {
    const report = await openAsBob(detached(entity(SIGNED_TEXT), await signedData(SIGNED_TEXT, [pki.rsa, pki.untrusted])));
    expect(report.signature.state).toBe('invalid');
    expect(report.warnings.join('\n')).toMatch(/1 of the 2 signatures fail/);
  });

  it('is invalid with several signerInfos when one may not sign mail or had expired', async () => {
    for (const second of [pki.wrongEku, pki.noDigitalSignature, pki.expired]) {
      const report = await openAsBob(detached(entity(SIGNED_TEXT), await signedData(SIGNED_TEXT, [pki.ecdsa, second])));
      expect(report.signature.state, second.certPath).toBe('invalid');
    }
  });

  it('is invalid with several signerInfos over an opaque SignedData when one fails', async () => {
    const report = await openAsBob(opaque(await signedData(SIGNED_TEXT, [pki.rsa, pki.selfSigned], { encapsulate: true })));
    expect(report.signature.state).toBe('invalid');
  });

  it('is invalid when the encapsulated content type is not id-data, detached or opaque', async () => {
    const tstInfo = ['-econtent_type', '1.2.840.113549.1.9.16.1.4'];
    const opaqueReport = await openAsBob(opaque(await signedData(SIGNED_TEXT, [pki.rsa], { encapsulate: true, args: tstInfo })));
    expect(opaqueReport.signature.state).toBe('invalid');
    expect(opaqueReport.warnings.join('\n')).toMatch(/not data/);
    const detachedReport = await openAsBob(detached(entity(SIGNED_TEXT), await signedData(SIGNED_TEXT, [pki.rsa], { args: tstInfo })));
    expect(detachedReport.signature.state).toBe('invalid');
  });

  it('shows the opaque content that was signed, not text the outer entity or a decoy part claims', async () => {
    const report = await openAsBob(opaque(await signedData(SIGNED_TEXT, [pki.rsa], { encapsulate: true })));
    expect(report.signature.state).toBe('valid');
    expect(report.text).toContain(SIGNED_TEXT);

    // The same opaque SignedData placed beside the attacker's text is only a part of what is shown.
    const der = await signedData(SIGNED_TEXT, [pki.rsa], { encapsulate: true });
    const wrapped = await openAsBob(encode(crlf`
${HEADER}Content-Type: multipart/mixed; boundary="outer"

--outer
${entity(SHOWN_TEXT)}
--outer
Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"
Content-Transfer-Encoding: base64

${base64(der)}
--outer--
`));
    expect(wrapped.signature.state).toBe('partial');
    expect(wrapped.text).toContain(SHOWN_TEXT);
  });

  it('is invalid when the signature part is not CMS at all, and the text is still shown as unsigned content', async () => {
    const report = await openAsBob(detached(entity(SHOWN_TEXT), encode('MIIB this is no CMS')));
    expect(report.signature.state).toBe('invalid');
    expect(report.text).toContain(SHOWN_TEXT);
  });
});
