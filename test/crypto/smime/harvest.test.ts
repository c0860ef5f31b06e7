// open() hands the caller a sender's certificates to keep only when their S/MIME signature is valid for the single From.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../../crypto/index.js';
import type { SmimeHarvest } from '../../../crypto/root-evaluation.js';
import { certificateBytes, readCertificate, smimeSign } from '../../../crypto/smime/index.js';
import { bytes, plainMessage, text } from '../../helpers/message.js';
import { smimePki, type Identity, type SmimePki } from '../../helpers/smime-pki.js';

let pki: SmimePki;
beforeAll(async () => {
  pki = await smimePki();
});
afterAll(() => pki.dispose());

const der = (pem: Uint8Array) => certificateBytes(readCertificate(pem));
const signer = (id: Identity) => ({ certificate: id.certificate, chain: id.chain, privateKey: id.privateKey });
const draft = (from = 'Alice <alice@example.org>') => plainMessage({ from, to: 'bob@example.org', body: 'Keep my certificate.\n' });

/** Opens `message` trusting the test root, recording every harvest call. */
async function openHarvesting(message: Uint8Array, trustAnchors = [pki.root.certificate]) {
  const harvested: SmimeHarvest[] = [];
  const report = await open({ message, smime: { trustAnchors, harvest: (found) => void harvested.push(found) } });
  return { report, harvested };
}

describe('harvesting S/MIME certificates from signed mail', () => {
  it('hands over the signer certificate and the intermediate (not the anchor) of a valid signature, once', async () => {
    const { report, harvested } = await openHarvesting(await smimeSign({ message: draft(), signer: signer(pki.rsa) }));
    expect(report.signature.state).toBe('valid');
    expect(harvested).toHaveLength(1);
    expect(harvested[0]?.address).toBe('alice@example.org');
    expect(harvested[0]?.signer).toEqual(der(pki.rsa.certificate));
    expect(harvested[0]?.chain).toEqual([der(pki.intermediate.certificate)]);
  });

  it('hands over nothing when the From was changed after signing (mismatch)', async () => {
    const signed = text(await smimeSign({ message: draft(), signer: signer(pki.rsa) })).replace('alice@example.org>', 'ceo@example.org>');
    const { report, harvested } = await openHarvesting(bytes(signed));
    expect(report.signature.state).toBe('mismatch');
    expect(harvested).toEqual([]);
  });

  it('hands over a certificate only for its own address as From, never for another claimed From', async () => {
    const { report, harvested } = await openHarvesting(bytes(`From: mallory@example.net\r\n${text(await pki.sign('Content-Type: text/plain\r\n\r\nhi\r\n', [pki.wrongEmail]))}`));
    expect(report.signature.state).toBe('valid');
    expect(harvested).toHaveLength(1);

    const claimed = await openHarvesting(bytes(`From: alice@example.org\r\n${text(await pki.sign('Content-Type: text/plain\r\n\r\nhi\r\n', [pki.wrongEmail]))}`));
    expect(claimed.report.signature.state).toBe('mismatch');
    expect(claimed.harvested).toEqual([]);
  });

  it('hands over nothing for a tampered (invalid) message', async () => {
    const signed = text(await smimeSign({ message: draft(), signer: signer(pki.rsa) })).replace('Keep my certificate.', 'Keep my certificatE.');
    const { report, harvested } = await openHarvesting(bytes(signed));
    expect(report.signature.state).toBe('invalid');
    expect(harvested).toEqual([]);
  });

  it('hands over nothing for an unknown signer (no anchor it chains to, or self-signed)', async () => {
    const message = await smimeSign({ message: draft(), signer: signer(pki.rsa) });
    const untrusted = await openHarvesting(message, []);
    expect(untrusted.report.signature.state).toBe('unknown-signer');
    expect(untrusted.harvested).toEqual([]);
    const selfSigned = await openHarvesting(bytes(`From: alice@example.org\r\n${text(await pki.sign('Content-Type: text/plain\r\n\r\nhi\r\n', [pki.selfSigned]))}`));
    expect(selfSigned.report.signature.state).toBe('unknown-signer');
    expect(selfSigned.harvested).toEqual([]);
  });

  it('hands over nothing for a validly signed part wrapped in unsigned MIME (partial)', async () => {
    const signed = await pki.sign('Content-Type: text/plain\r\n\r\nhi\r\n', [pki.rsa]);
    const wrapped = bytes(
      'From: alice@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\n' +
        `--outer\r\nContent-Type: text/plain\r\n\r\nAttacker text.\r\n--outer\r\n${text(signed).replace(/^MIME-Version: 1\.0\r?\n/, '')}\r\n--outer--\r\n`,
    );
    const { report, harvested } = await openHarvesting(wrapped);
    expect(report.signature.state).toBe('partial');
    expect(harvested).toEqual([]);
  });

  it('still shows a valid message when keeping the certificate fails, and says so', async () => {
    const message = await smimeSign({ message: draft(), signer: signer(pki.rsa) });
    const report = await open({ message, smime: { trustAnchors: [pki.root.certificate], harvest: () => Promise.reject(new Error('disk full')) } });
    expect(report.signature.state).toBe('valid');
    expect(report.text).toContain('Keep my certificate.');
    expect(report.warnings).toContain("the sender's certificate could not be kept: disk full");
  });
});
