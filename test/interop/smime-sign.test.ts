// Interop with OpenSSL 3 (Debian): openssl verifies what Sealmail signs, Sealmail verifies what openssl signs, both directions refuse tampering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smimeSign, verifySmime } from '../../crypto/smime/index.js';
import { plainMessage, text } from '../helpers/message.js';
import { openssl, smimePki, type Identity, type SmimePki } from '../helpers/smime-pki.js';

let pki: SmimePki;
beforeAll(async () => {
  pki = await smimePki();
});
afterAll(() => pki.dispose());

const bytesOf = (s: string) => new TextEncoder().encode(s);
const HEADER = 'From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: Interop\r\n';
const ENTITY = 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe aus Berlin.\r\nFrom the office\r\n';
const signer = (id: Identity) => ({ certificate: id.certificate, chain: id.chain, privateKey: id.privateKey });

async function opensslVerify(message: Uint8Array, tool: 'cms' | 'smime' = 'cms') {
  const path = await pki.file('signed.eml', message);
  return openssl([tool, '-verify', '-in', path, '-CAfile', pki.root.certPath, '-purpose', 'smimesign']);
}

describe('OpenSSL verifies what Sealmail signs', () => {
  for (const kind of ['rsa', 'ecdsa'] as const) {
    it(`${kind}: openssl cms -verify accepts it against the root and returns the signed text`, async () => {
      const message = plainMessage({ from: 'Alice <alice@example.org>', to: 'bob@example.org', body: 'Grüße aus Berlin.\nFrom the office\n' });
      const signed = await smimeSign({ message, signer: signer(pki[kind]) });
      const run = await opensslVerify(signed);
      expect(run.stderr).toContain('Verification successful');
      expect(run.exitCode).toBe(0);
      expect(text(run.stdout)).toContain('Content-Transfer-Encoding: quoted-printable');
      expect((await opensslVerify(signed, 'smime')).exitCode).toBe(0);
    });
  }

  it('openssl refuses a Sealmail-signed message whose text was changed', async () => {
    const signed = await smimeSign({ message: plainMessage({ from: 'alice@example.org', to: 'bob@example.org', body: 'Pay 100 EUR\n' }), signer: signer(pki.ecdsa) });
    const run = await opensslVerify(bytesOf(text(signed).replace('Pay 100 EUR', 'Pay 900 EUR')));
    expect(run.exitCode).not.toBe(0);
  });
});

describe('Sealmail verifies what OpenSSL signs', () => {
  for (const kind of ['rsa', 'ecdsa'] as const) {
    it(`${kind}: openssl cms -sign (detached, S/MIME output) is valid`, async () => {
      const out = await pki.sign(ENTITY, [pki[kind]]);
      expect(text(out)).toContain('multipart/signed');
      const result = await verifySmime({ message: bytesOf(HEADER + text(out)), trustAnchors: [pki.root.certificate] });
      expect(result.signature.state).toBe('valid');
      expect(result.signature.signer?.address).toBe('alice@example.org');
    });

    it(`${kind}: openssl smime -sign -nodetach (opaque signed-data) is valid`, async () => {
      const out = await pki.sign(ENTITY, [pki[kind]], { tool: 'smime', detached: false });
      const result = await verifySmime({ message: bytesOf(HEADER + text(out)), trustAnchors: [pki.root.certificate] });
      expect(result.signature.state).toBe('valid');
      expect(text(result.content.raw)).toContain('Gr=C3=BC=C3=9Fe aus Berlin.');
    });
  }

  it('openssl smime -pk7out output, carried as application/pkcs7-mime, is valid', async () => {
    const opaque = await pki.sign(ENTITY, [pki.rsa], { tool: 'smime', detached: false });
    const run = await openssl(['smime', '-pk7out', '-in', await pki.file('opaque.eml', opaque)]);
    expect(run.exitCode).toBe(0);
    // -pk7out writes PEM; its base64 lines are the part's body as they stand.
    const b64 = text(run.stdout).replace(/-----(BEGIN|END) PKCS7-----/g, '').trim().replace(/\n/g, '\r\n');
    const message = `${HEADER}MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`;
    expect((await verifySmime({ message: bytesOf(message), trustAnchors: [pki.root.certificate] })).signature.state).toBe('valid');
  });

  // RFC 5480 section 4: the digest follows the curve's strength, but signers pick; each pairing OpenSSL writes must verify.
  for (const kind of ['ecdsaP384', 'ecdsaP521'] as const) {
    for (const md of ['sha256', 'sha384', 'sha512'] as const) {
      it(`${kind} with ${md}: openssl cms -sign is valid, and invalid once the text changed`, async () => {
        const out = text(await pki.sign(ENTITY, [pki[kind]], { md }));
        expect(out).toContain(`micalg="${md.replace('sha', 'sha-')}"`);
        const valid = await verifySmime({ message: bytesOf(HEADER + out), trustAnchors: [pki.root.certificate] });
        expect(valid.signature.state, valid.checks[0]?.detail ?? '').toBe('valid');
        expect(valid.signature.signer?.address).toBe('alice@example.org');
        const tampered = await verifySmime({ message: bytesOf(HEADER + out.replace('aus Berlin', 'aus Bern')), trustAnchors: [pki.root.certificate] });
        expect(tampered.signature.state).toBe('invalid');
      });
    }
  }

  it('ecdsaP384: opaque signed-data (openssl smime -nodetach, SHA-384) is valid', async () => {
    const out = await pki.sign(ENTITY, [pki.ecdsaP384], { tool: 'smime', detached: false, md: 'sha384' });
    const result = await verifySmime({ message: bytesOf(HEADER + text(out)), trustAnchors: [pki.root.certificate] });
    expect(result.signature.state).toBe('valid');
  });

  it('an openssl-signed message whose text was changed is invalid', async () => {
    const out = text(await pki.sign(ENTITY, [pki.ecdsa])).replace('aus Berlin', 'aus Bern');
    expect((await verifySmime({ message: bytesOf(HEADER + out), trustAnchors: [pki.root.certificate] })).signature.state).toBe('invalid');
  });
});
