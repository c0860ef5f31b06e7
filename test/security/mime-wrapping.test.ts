// Signature wrapping: a genuinely signed part shown next to content nobody signed must never read as "valid".
import { beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../crypto/index.js';
import { known, person, type Person } from '../helpers/keys.js';
import { armoredCiphertext, crlf, detachedSignature, encode, wrapped } from './craft.js';

let alice: Person;
let bob: Person;
/** Alice's genuine multipart/signed entity: what an attacker copies from a mail she once sent. */
let aliceSigned: string;

const SIGNED_PART = crlf`
Content-Type: text/plain; charset=us-ascii

Meet me at the station at 10.
`;
const ATTACKER_TEXT = 'P.S. Change of plan: send the contract to mallory@evil.example.';

beforeAll(async () => {
  alice = await person('Alice', 'alice@example.org');
  bob = await person('Bob', 'bob@example.org');
  aliceSigned = crlf`
Content-Type: multipart/signed; micalg=pgp-sha512; protocol="application/pgp-signature"; boundary="sig"

--sig
${SIGNED_PART}
--sig
Content-Type: application/pgp-signature; name="signature.asc"

${await detachedSignature(SIGNED_PART, alice.privateKey)}
--sig--
`;
});

const HEADER = crlf`
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: Meeting
Date: Sat, 28 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
`;

async function openAsBob(message: string) {
  return open({ message: encode(message), verificationKeys: known(alice, bob), decryptionKeys: async () => [bob.privateKey] });
}

describe('signed content wrapped in unsigned MIME', () => {
  it('is valid when the signed entity is the root (the control for every case below)', async () => {
    const report = await openAsBob(HEADER + aliceSigned);
    expect(report.signature.state).toBe('valid');
    expect(report.text).toContain('Meet me at the station at 10.');
  });

  it('is partial when an unsigned part is appended after the signed part', async () => {
    const report = await openAsBob(wrapped.appended(HEADER, aliceSigned, ATTACKER_TEXT));
    expect(report.signature.state).toBe('partial');
    expect(report.signature.signer?.address).toBe('alice@example.org');
    expect(report.text).toContain('Meet me at the station at 10.');
    expect(report.text).toContain(ATTACKER_TEXT);
    expect(report.warnings).toContain('only part of this message is signed; the rest could have been added by anyone');
  });

  it('is partial when an unsigned text part is prepended, so it is read first', async () => {
    const report = await openAsBob(wrapped.prepended(HEADER, aliceSigned, ATTACKER_TEXT));
    expect(report.signature.state).toBe('partial');
    expect(report.text?.indexOf(ATTACKER_TEXT)).toBeLessThan(report.text?.indexOf('Meet me at the station') ?? -1);
  });

  it('is partial when an unsigned attachment rides along with the signed text', async () => {
    const report = await openAsBob(crlf`
${HEADER}Content-Type: multipart/mixed; boundary="outer"

--outer
${aliceSigned}
--outer
Content-Type: application/pdf; name="contract.pdf"
Content-Disposition: attachment; filename="contract.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcfsj6IKJSVFT0YK
--outer--
`);
    expect(report.signature.state).toBe('partial');
    expect(report.attachments.map((a) => a.name)).toContain('contract.pdf');
  });

  it('is partial when only the text/plain alternative is signed and an unsigned HTML alternative is what most clients show', async () => {
    const report = await openAsBob(wrapped.htmlAlternative(HEADER, aliceSigned, `<p>Meet me at the <b>airport</b> at 10. ${ATTACKER_TEXT}</p>`));
    expect(report.signature.state).toBe('partial');
    expect(report.html).toContain('airport');
  });

  it('is partial when someone encrypts the signed part to Bob together with text of their own', async () => {
    // Anyone can encrypt to Bob's public key: encryption says nothing about who wrote the unsigned text.
    const inner = crlf`
Content-Type: multipart/mixed; boundary="inner"

--inner
${aliceSigned}
--inner
Content-Type: text/plain; charset=us-ascii

${ATTACKER_TEXT}
--inner--
`;
    const report = await openAsBob(crlf`
${HEADER}Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"

--enc
Content-Type: application/pgp-encrypted

Version: 1

--enc
Content-Type: application/octet-stream; name="encrypted.asc"

${await armoredCiphertext(inner, bob.publicKey)}
--enc--
`);
    expect(report.encryption.state).toBe('encrypted');
    expect(report.signature.state).toBe('partial');
    expect(report.text).toContain(ATTACKER_TEXT);
  });

  it('is not signed when the signed message is only forwarded as a message/rfc822 attachment', async () => {
    // The forwarded signature vouches for Alice's old message, not for this one: nothing of this message is signed.
    const report = await openAsBob(crlf`
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: Fwd: Meeting
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/plain; charset=us-ascii

${ATTACKER_TEXT}
--outer
Content-Type: message/rfc822

${HEADER}${aliceSigned}
--outer--
`);
    expect(report.signature.state).toBe('none');
    expect(report.signature.signer).toBeNull();
    expect(report.text).toContain(ATTACKER_TEXT);
  });

  it('is not signed when a third, unsigned part is smuggled into the multipart/signed itself', async () => {
    // RFC 1847 section 2.1: multipart/signed has exactly two parts; with three it is no signed message at all.
    const smuggled = aliceSigned.replace(
      '\r\n--sig\r\nContent-Type: application/pgp-signature',
      `\r\n--sig\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n${ATTACKER_TEXT}\r\n--sig\r\nContent-Type: application/pgp-signature`,
    );
    expect(smuggled).not.toBe(aliceSigned);
    const report = await openAsBob(HEADER + smuggled);
    expect(report.signature.state).toBe('none');
  });
});
