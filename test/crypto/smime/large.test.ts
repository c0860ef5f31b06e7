// LARGE MESSAGES (> 16 MiB, asn1js's default content limit): S/MIME signatures over 20 MiB still verify, detached and opaque.
// The 100 MiB case is `npm run bench` (e); this keeps the size limits of crypto/smime/signed-data.ts covered in a few seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smimeSign, verifySmime } from '../../../crypto/smime/index.js';
import { smimePki, type SmimePki } from '../../helpers/smime-pki.js';

let pki: SmimePki;
beforeAll(async () => {
  pki = await smimePki();
});
afterAll(() => pki.dispose());

const HEADER = 'From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: Large\r\n';
const LINE = 'the quarterly numbers are in and the report is sealed for bob today\r\n';
/** A text/plain entity just over 20 MiB, with a marker on the last line. */
const BODY = LINE.repeat(Math.ceil((20 * 1024 * 1024) / LINE.length)) + 'last line\r\n';
const ENTITY = `Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${BODY}`;
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const verify = (message: Uint8Array) => verifySmime({ message, trustAnchors: [pki.root.certificate] });

describe('S/MIME over 16 MiB (large message)', () => {
  it('verifies a 20 MiB message Sealmail signed (multipart/signed)', async () => {
    const message = bytesOf(`${HEADER}MIME-Version: 1.0\r\n${ENTITY}`);
    const signed = await smimeSign({ message, signer: { certificate: pki.rsa.certificate, chain: pki.rsa.chain, privateKey: pki.rsa.privateKey } });
    const result = await verify(signed);
    expect(result.signature.state).toBe('valid');
    expect(result.content.body.length).toBe(BODY.length);
  }, 20_000);

  it('verifies a 20 MiB opaque signed-data message from openssl cms -nodetach (eContent above asn1js default limits)', async () => {
    const signed = await pki.sign(ENTITY, [pki.rsa], { detached: false });
    const result = await verify(new Uint8Array(Buffer.concat([Buffer.from(HEADER), signed])));
    expect(result.signature.state).toBe('valid');
    expect(result.content.type).toBe('text/plain');
    expect(Buffer.from(result.content.raw).toString('latin1').endsWith('last line\r\n')).toBe(true);
  }, 20_000);
});
