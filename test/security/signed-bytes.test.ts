// Signed bytes: the signature is checked over the signed part exactly as received, never over a re-serialised copy.
import { beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../crypto/index.js';
import { known, person, type Person } from '../helpers/keys.js';
import { crlf, detachedSignature, encode } from './craft.js';

let alice: Person;
let signature: string;

const PART = crlf`
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: quoted-printable

Transfer 500 EUR to account DE89 3704 0044 0532 0130 00 by Friday.
Alice
`;

beforeAll(async () => {
  alice = await person('Alice', 'alice@example.org');
  signature = await detachedSignature(PART, alice.privateKey);
});

/** Alice's signed message with `part` in the signed position and the signature made over PART. */
function mail(part: string, framing: { preamble?: string; epilogue?: string; subject?: string } = {}): string {
  return crlf`
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: ${framing.subject ?? 'Payment'}
MIME-Version: 1.0
Content-Type: multipart/signed; micalg=pgp-sha512; protocol="application/pgp-signature"; boundary="sig"

${framing.preamble ?? 'This is an OpenPGP/MIME signed message (RFC 4880 and 3156)'}
--sig
${part}
--sig
Content-Type: application/pgp-signature

${signature}
--sig--
${framing.epilogue ?? ''}`;
}

async function openMail(message: string | Uint8Array) {
  return open({ message: typeof message === 'string' ? encode(message) : message, verificationKeys: known(alice) });
}

/** PART with `from` replaced by `to` once; fails the test if `from` is not there, so no edit goes unnoticed. */
function edited(from: string, to: string): string {
  expect(PART).toContain(from);
  const part = PART.replace(from, to);
  expect(part).not.toBe(PART);
  return part;
}

describe('changes inside the signed part', () => {
  it('verifies the part as received (control)', async () => {
    const report = await openMail(mail(PART));
    expect(report.signature.state).toBe('valid');
    expect(report.text).toContain('Transfer 500 EUR');
  });

  it.each([
    ['a digit of the amount', '500 EUR', '900 EUR'],
    ['a space added at the end of a line', 'by Friday.\r\n', 'by Friday. \r\n'],
    ['a header name in lower case', 'Content-Type:', 'content-type:'],
    ['a header folded onto two lines', 'text/plain; charset=us-ascii', 'text/plain;\r\n charset=us-ascii'],
    ['a tab instead of a space in a header', 'Content-Transfer-Encoding: quoted', 'Content-Transfer-Encoding:\tquoted'],
    ['an empty line added at the end of the part', 'Alice\r\n', 'Alice\r\n\r\n'],
  ])('is invalid after one small edit: %s', async (_, from, to) => {
    const report = await openMail(mail(edited(from, to)));
    expect(report.signature.state).toBe('invalid');
  });

  it('is invalid after a quoted-printable soft line break, although the decoded text reads the same', async () => {
    const original = await openMail(mail(PART));
    const report = await openMail(mail(edited('DE89 3704', 'DE89 37=\r\n04')));
    expect(report.text).toBe(original.text);
    expect(report.signature.state).toBe('invalid');
  });

  it('is invalid when the signature part itself is damaged, and that is not an encryption failure', async () => {
    // The first base64 character of the armor holds the packet tag: changed, the signature no longer parses.
    const damaged = mail(PART).replace(/(-----BEGIN PGP SIGNATURE-----\r\n\r?\n?)(.)/, (_, head: string, c: string) => head + (c === 'A' ? 'B' : 'A'));
    expect(damaged).not.toBe(mail(PART));
    const report = await openMail(damaged);
    expect(report.encryption.state).toBe('none');
    expect(report.signature.state).toBe('invalid');
    expect(report.signature.signer).toBeNull();
  });
});

describe('changes that do not touch the signed bytes', () => {
  it('still verifies when every line ends in LF instead of CRLF (canonicalisation, RFC 3156 section 5)', async () => {
    const lf = mail(PART).replace(/\r\n/g, '\n');
    expect(lf).not.toContain('\r');
    const report = await openMail(lf);
    expect(report.signature.state).toBe('valid');
    expect(report.text).toContain('Transfer 500 EUR');
  });

  it('still verifies with transport padding after a boundary (RFC 2046 section 5.1.1)', async () => {
    const padded = mail(PART).replace('--sig\r\nContent-Type: text/plain', '--sig  \t\r\nContent-Type: text/plain');
    expect(padded).not.toBe(mail(PART));
    expect((await openMail(padded)).signature.state).toBe('valid');
  });

  it('still verifies with text in the preamble and epilogue, and shows none of it', async () => {
    const report = await openMail(mail(PART, { preamble: 'Also pay 9000 EUR to Mallory.', epilogue: 'And 1000 EUR more.\r\n' }));
    expect(report.signature.state).toBe('valid');
    expect(report.text).not.toContain('Mallory');
    expect(report.text).not.toContain('1000 EUR');
  });

  it('verifies 8-bit bytes as they are, without decoding them to text and back', async () => {
    const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
    const part = 'Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCaf\xe9 cr\xe8me at 10.\r\n';
    const latinSignature = await detachedSignature(latin1(part), alice.privateKey);
    const message = latin1(mail(part).replace(signature, latinSignature));
    expect(message).toContain(0xe9);
    const report = await openMail(message);
    expect(report.signature.state).toBe('valid');
    expect(report.text).toContain('Café crème');
  });
});
