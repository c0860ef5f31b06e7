// validatePath: PKI.js's chain engine plus the checks it leaves out, judged at a given time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateLabel } from '../../../crypto/smime/certificate.js';
import { readCertificate, validatePath } from '../../../crypto/smime/index.js';
import { smimePki, type Identity, type SmimePki } from '../../helpers/smime-pki.js';

let pki: SmimePki;
beforeAll(async () => {
  pki = await smimePki();
});
afterAll(() => pki.dispose());

const cert = (id: Identity) => readCertificate(id.certificate);
const path = (leaf: Identity, options: { date?: Date; anchors?: Identity[]; distrusted?: Identity[]; intermediates?: Identity[] } = {}) =>
  validatePath({
    certificate: cert(leaf),
    intermediates: (options.intermediates ?? [pki.intermediate]).map(cert),
    trustAnchors: (options.anchors ?? [pki.root]).map(cert),
    distrusted: (options.distrusted ?? []).map(cert),
    // A minute ahead: the fixtures were just issued, valid from this second.
    date: options.date ?? new Date(Date.now() + 60_000),
  });

describe('validatePath', () => {
  it('finds leaf -> intermediate -> root', async () => {
    const outcome = await path(pki.rsa);
    expect(outcome.kind).toBe('trusted');
    if (outcome.kind === 'trusted') expect(outcome.path.map(certificateLabel)).toEqual(['Alice RSA', 'Sealmail Test Intermediate', 'Sealmail Test Root']);
  });

  it('is expired when the date is past the leaf, and when the date is past the intermediate', async () => {
    expect((await path(pki.rsa, { date: new Date('2040-01-01T00:00:00Z') })).kind).toBe('expired');
    expect((await path(pki.expired)).kind).toBe('expired');
    expect((await path(pki.expired, { date: new Date('2020-06-01T00:00:00Z') })).kind).toBe('trusted');
  });

  it('is invalid before the leaf was valid', async () => {
    expect((await path(pki.expired, { date: new Date('2019-06-01T00:00:00Z') })).kind).toBe('invalid');
  });

  it('is invalid through an intermediate that is no CA', async () => {
    const outcome = await path(pki.underNotCa, { intermediates: [pki.notCa] });
    expect(outcome.kind).toBe('invalid');
  });

  it('is untrusted under another root, self-signed, without the intermediate, or with the root distrusted', async () => {
    expect((await path(pki.untrusted, { intermediates: [] })).kind).toBe('untrusted');
    expect((await path(pki.untrusted, { intermediates: [pki.otherRoot] })).kind).toBe('untrusted');
    expect((await path(pki.selfSigned)).kind).toBe('untrusted');
    expect((await path(pki.rsa, { intermediates: [] })).kind).toBe('untrusted');
    expect((await path(pki.rsa, { distrusted: [pki.root] })).kind).toBe('untrusted');
  });

  it('trusts a certificate the user made an anchor itself, unless it is distrusted', async () => {
    expect((await path(pki.selfSigned, { anchors: [pki.selfSigned] })).kind).toBe('trusted');
    expect((await path(pki.selfSigned, { anchors: [pki.selfSigned], distrusted: [pki.selfSigned] })).kind).toBe('untrusted');
  });
});
