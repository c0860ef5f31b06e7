// Building blocks for the crafted messages of test/security: exact CRLF text and OpenPGP data made to order.
import { createMessage, encrypt, sign, type PartialConfig, type PrivateKey, type PublicKey } from 'openpgp';

/**
 * Tagged template for message text written out in a test: the first line break is dropped and every
 * line ends in CRLF (RFC 5322 section 2.1), so what the test shows is byte for byte what `open` gets.
 * Interpolated text that already uses CRLF is left as it is.
 */
export function crlf(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '');
  return text.replace(/^\n/, '').replace(/\r?\n/g, '\r\n');
}

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** An armored detached signature over exactly `signed` (binary mode, as RFC 3156 section 5 signers make them). */
export async function detachedSignature(
  signed: string | Uint8Array,
  signingKey: PrivateKey,
  options: { date?: Date; config?: PartialConfig } = {},
): Promise<string> {
  const binary = typeof signed === 'string' ? encode(signed) : signed;
  const armored = await sign({ message: await createMessage({ binary }), signingKeys: signingKey, detached: true, format: 'armored', ...options });
  return armored.trimEnd().replace(/\r?\n/g, '\r\n');
}

/** An armored OpenPGP message holding `plaintext`, encrypted (and optionally signed) the ordinary way. */
export async function armoredCiphertext(
  plaintext: string,
  encryptionKey: PublicKey,
  options: { signingKey?: PrivateKey; config?: PartialConfig } = {},
): Promise<string> {
  const armored = await encrypt({
    message: await createMessage({ binary: encode(plaintext) }),
    encryptionKeys: encryptionKey,
    ...(options.signingKey ? { signingKeys: options.signingKey } : {}),
    ...(options.config ? { config: options.config } : {}),
    format: 'armored',
  });
  return armored.trimEnd().replace(/\r?\n/g, '\r\n');
}

/** Alice-to-Bob PGP/MIME multipart/encrypted message (RFC 3156 section 4) around the armored data. */
export function pgpMime(armored: string): Uint8Array {
  return encode(crlf`
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: ...
MIME-Version: 1.0
Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"

--enc
Content-Type: application/pgp-encrypted

Version: 1

--enc
Content-Type: application/octet-stream

${armored}
--enc--
`);
}

/** Alice-to-Bob text/plain message whose body is the armored data (inline PGP). */
export function inline(armored: string): Uint8Array {
  return encode(crlf`
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: ...
Content-Type: text/plain; charset=us-ascii

${armored}
`);
}

/**
 * A PGP/MIME multipart/signed message (RFC 3156 section 5) to Bob with `signature` over `part`.
 * `fromLines` are the exact From header lines (none when empty), so tests can forge them freely.
 */
export function pgpMimeSigned(fromLines: string[], subject: string, part: string, signature: string): Uint8Array {
  const from = fromLines.map((line) => `${line}\r\n`).join('');
  return encode(crlf`
${from}To: Bob <bob@example.org>
Subject: ${subject}
MIME-Version: 1.0
Content-Type: multipart/signed; micalg=pgp-sha512; protocol="application/pgp-signature"; boundary="sig"

--sig
${part}
--sig
Content-Type: application/pgp-signature

${signature}
--sig--
`);
}

/**
 * The unsigned MIME an attacker wraps around a genuine signed entity (signature wrapping), after the message
 * `header` (which ends in CRLF): the signed part with the attacker's own text part after it, before it, or as
 * the HTML alternative a client prefers. The same wrappings serve OpenPGP and S/MIME.
 */
export const wrapped = {
  appended: (header: string, signed: string, extra: string): string => crlf`
${header}Content-Type: multipart/mixed; boundary="outer"

--outer
${signed}
--outer
Content-Type: text/plain; charset=us-ascii

${extra}
--outer--
`,
  prepended: (header: string, signed: string, extra: string): string => crlf`
${header}Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/plain; charset=us-ascii

${extra}
--outer
${signed}
--outer--
`,
  htmlAlternative: (header: string, signed: string, html: string): string => crlf`
${header}Content-Type: multipart/alternative; boundary="alt"

--alt
${signed}
--alt
Content-Type: text/html; charset=us-ascii

${html}
--alt--
`,
};
