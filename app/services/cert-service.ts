// The key manager's S/MIME certificates: list, import (PKCS#12 or certificates), export, delete, trust anchors and distrust, on the store `sealmail certs` uses.
import { isAbsolute } from 'node:path';
import { isSealmailError, SealmailError } from '../../crypto/errors.js';
import { readCertificate, signingUsageProblem } from '../../crypto/smime/index.js';
import { certificatePem, isExpired, type CertificateFacts } from '../certificates/certificate-facts.js';
import { importCertificates } from '../certificates/certificate-import.js';
import { classifyCertificateFile } from '../certificates/certificate-input.js';
import { readPkcs12 } from '../certificates/pkcs12.js';
import { CertificateStore, type StoredCertificate, type TrustAnchor } from '../certificates/certificate-store.js';
import { encryptionProblem } from '../certificates/encryption-usability.js';
import type { CertService } from '../contract/services.js';
import type { CertificateView } from '../contract/views.js';
import type { ServiceRuntime } from './runtime.js';

const FROM_P12 = 'PKCS#12 file opened in the key manager';
const FROM_UI = 'opened or pasted in the key manager';

export function certService(runtime: ServiceRuntime): CertService {
  // Opened per call: the CLI may change the same store while the app runs, and it is small.
  const open = async (): Promise<CertificateStore> => {
    runtime.need();
    return CertificateStore.open({ profile: runtime.profile });
  };
  const stored = (store: CertificateStore, fingerprints: string[]): CertificateView[] => {
    const wanted = new Set(fingerprints);
    const s = standing(store);
    return store.list().filter((c) => wanted.has(c.fingerprint)).map((c) => storedView(s, c));
  };
  return {
    async list({ filter }) {
      const store = await open();
      const needle = filter?.trim().toLowerCase() ?? '';
      const s = standing(store);
      const views = store.list().map((c) => storedView(s, c));
      if (needle === '') return views;
      const hex = needle.replace(/[:\s]/g, '');
      return views.filter((c) => (hex.length >= 4 && c.fingerprint.includes(hex)) || c.subject.toLowerCase().includes(needle) || c.emails.some((e) => e.includes(needle)));
    },
    async importIdentity({ base64, password }) {
      const store = await open();
      const data = new Uint8Array(Buffer.from(base64, 'base64'));
      // Read first, so 'wrong-passphrase' from here on means the file's password and nothing else.
      readPkcs12({ data, password });
      const imported = await importCertificates({ store, inputs: [{ kind: 'pkcs12', data, password, source: FROM_P12 }], passphrase: async () => runtime.cachedPassphrase() }).catch(
        (e: unknown) => {
          if (!isSealmailError(e) || e.code !== 'wrong-passphrase') throw e;
          throw new SealmailError('profile', 'your stored S/MIME private keys are protected by another passphrase than the one Sealmail was unlocked with; unlock with that one to add this key');
        },
      );
      return stored(store, imported.map((i) => i.fingerprint));
    },
    async importCertificate({ pem }) {
      const store = await open();
      const imported = await importCertificates({ store, inputs: [{ kind: 'certificates', certificates: certificatesIn(pem), source: FROM_UI }], passphrase: async () => runtime.cachedPassphrase() });
      return stored(store, imported.map((i) => i.fingerprint));
    },
    async export({ fingerprint }) {
      const store = await open();
      return { pem: certificatePem(store.find(normalise(fingerprint)).der) };
    },
    async remove({ fingerprint }) {
      const store = await open();
      await store.remove(store.find(normalise(fingerprint)).fingerprint);
    },
    async anchors() {
      const s = standing(await open());
      return s.anchors.filter((a) => a.origin === 'added' || a.distrusted).map((a) => anchorView(s, a));
    },
    async addAnchor({ pem }) {
      const store = await open();
      const added: string[] = [];
      for (const certificate of certificatesIn(pem)) added.push((await store.addAnchor({ certificate, source: FROM_UI })).anchor.fingerprint);
      const s = standing(store);
      return added.map((fp) => anchorView(s, s.anchors.find((a) => a.fingerprint === fp) as TrustAnchor));
    },
    async distrust({ fingerprint }) {
      const store = await open();
      const full = normalise(fingerprint);
      const known = store.anchors().some((a) => a.fingerprint === full) || store.list().some((c) => c.fingerprint === full);
      // The CLI may refuse a root before it is ever seen; the key manager distrusts only what it shows.
      if (!known) throw new SealmailError('no-key', `no certificate or trust anchor ${full} is known`);
      await store.distrust(full);
      const s = standing(store);
      const anchor = s.anchors.find((a) => a.fingerprint === full);
      return anchor ? anchorView(s, anchor) : storedView(s, store.list().find((c) => c.fingerprint === full) as StoredCertificate);
    },
  };
}

function normalise(fingerprint: string): string {
  return fingerprint.replace(/[:\s]/g, '').toLowerCase();
}

/** Certificates in PEM blocks, or one DER certificate given as base64. */
function certificatesIn(text: string): Uint8Array[] {
  const trimmed = text.trim();
  const data = trimmed.includes('-----BEGIN') ? new TextEncoder().encode(trimmed) : new Uint8Array(Buffer.from(trimmed, 'base64'));
  const found = classifyCertificateFile({ data, name: '' });
  if (found.kind !== 'certificates') throw new SealmailError('bad-key', 'no X.509 certificate found in the data (give PEM, or a DER certificate in base64)');
  return found.certificates;
}

/** What every view of one answer needs from the store, read once: anchors parse all of Mozilla's roots. */
interface Standing {
  anchors: TrustAnchor[];
  added: Set<string>;
  own: Set<string>;
  distrusted: Set<string>;
}

function standing(store: CertificateStore): Standing {
  const anchors = store.anchors();
  return {
    anchors,
    added: new Set(anchors.filter((a) => a.origin === 'added').map((a) => a.fingerprint)),
    own: new Set(store.ownCertificates().map((c) => c.fingerprint)),
    distrusted: new Set(store.distrusted().map((d) => d.fingerprint)),
  };
}

function storedView(s: Standing, c: StoredCertificate): CertificateView {
  return view(s, c.der, c.facts, { source: c.meta.source, addedAt: c.meta.addedAt });
}

function anchorView(s: Standing, a: TrustAnchor): CertificateView {
  return view(s, a.der, a.facts, { source: a.meta?.source ?? 'built-in', addedAt: a.meta?.addedAt ?? null });
}

function view(s: Standing, der: Uint8Array, facts: CertificateFacts, about: { source: string; addedAt: string | null }): CertificateView {
  const now = new Date();
  const expired = isExpired(facts, now);
  const own = s.own.has(facts.fingerprint);
  return {
    fingerprint: facts.fingerprint,
    subject: facts.subject,
    issuer: facts.issuer,
    emails: facts.emails,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    expired,
    own,
    ca: facts.ca,
    canSign: own && !expired && signingUsageProblem(readCertificate(der)) === null,
    canEncrypt: encryptionProblem(facts, now) === null,
    ...provenance(about.source),
    addedAt: about.addedAt,
    anchor: s.added.has(facts.fingerprint),
    distrusted: s.distrusted.has(facts.fingerprint),
  };
}

function provenance(source: string): Pick<CertificateView, 'provenance' | 'provenanceFrom'> {
  if (source === FROM_P12) return { provenance: 'pkcs12', provenanceFrom: null };
  if (source === FROM_UI) return { provenance: 'imported', provenanceFrom: null };
  if (source === 'built-in') return { provenance: 'built-in', provenanceFrom: null };
  const mail = /^signed mail from (.+)$/.exec(source);
  if (mail) return { provenance: 'mail', provenanceFrom: mail[1] as string };
  if (isAbsolute(source)) return { provenance: 'file', provenanceFrom: source };
  return { provenance: 'other', provenanceFrom: source };
}
