// The profile's S/MIME certificates beside the OpenPGP keyring: others' certificates, your own with their protected
// private keys, and which roots you trust (Mozilla's as shipped with Node, plus yours, minus those you distrust).
import type { KeyObject } from 'node:crypto';
import { SealmailError } from '../../crypto/errors.js';
import { type CertificateFacts, certificateFacts } from './certificate-facts.js';
import {
  type AnchorMeta,
  type CertificateIndex,
  type CertificateMeta,
  prepareCertsDir,
  readAnchorFile,
  readCertificateFile,
  readCertificateIndex,
  readPrivateKeyFile,
  removeAnchorFile,
  removeCertificateFiles,
  writeAnchorFile,
  writeCertificateFile,
  writeCertificateIndex,
  writePrivateKeyFile,
} from './certificate-files.js';
import { matchCertificates, onlyMatch } from './certificate-match.js';
import { encryptionProblem } from './encryption-usability.js';
import { protectPrivateKey, unlockPrivateKey } from './private-key-protection.js';
import { builtInAnchors, sha256Hex } from './trust-anchors.js';

export type { CertificateMeta } from './certificate-files.js';

export interface StoredCertificate {
  fingerprint: string;
  der: Uint8Array;
  facts: CertificateFacts;
  meta: CertificateMeta;
}

export interface TrustAnchor {
  fingerprint: string;
  der: Uint8Array;
  facts: CertificateFacts;
  origin: 'built-in' | 'added';
  distrusted: boolean;
  /** For anchors the user added. */
  meta: AnchorMeta | null;
}

export type CertificateAddStatus = 'new' | 'updated' | 'unchanged';

export class CertificateStore {
  private constructor(
    readonly profile: string,
    private readonly index: CertificateIndex,
    private readonly certificates: Map<string, StoredCertificate>,
    private readonly addedAnchors: Map<string, Uint8Array>,
  ) {}

  /** Opens (creating when missing) the certificate store of the profile folder `profile`. */
  static async open(options: { profile: string }): Promise<CertificateStore> {
    const { profile } = options;
    await prepareCertsDir(profile);
    const index = await readCertificateIndex(profile);
    const certificates = new Map<string, StoredCertificate>();
    for (const [fingerprint, meta] of index.certificates) {
      const der = await readCertificateFile(profile, fingerprint);
      certificates.set(fingerprint, { fingerprint, der, facts: storedFacts(der, fingerprint), meta });
    }
    const anchors = new Map<string, Uint8Array>();
    for (const fingerprint of index.anchors.keys()) {
      const der = await readAnchorFile(profile, fingerprint);
      storedFacts(der, fingerprint);
      anchors.set(fingerprint, der);
    }
    return new CertificateStore(profile, index, certificates, anchors);
  }

  list(): StoredCertificate[] {
    return [...this.certificates.values()];
  }

  /** The certificates `id` names: a fingerprint or a prefix of 8+ hex digits, an e-mail address, or part of the subject. */
  matching(id: string): StoredCertificate[] {
    return matchCertificates(this.list(), id);
  }

  find(id: string): StoredCertificate {
    return onlyMatch(this.matching(id), id, 'in the store');
  }

  /** Certificates mail to `address` can be encrypted to at `date`: the address in SAN (or subject), usable for encryption, in validity. */
  encryptionCertificatesFor(address: string, date: Date = new Date()): StoredCertificate[] {
    const wanted = address.trim().toLowerCase();
    return this.list().filter((c) => c.facts.emails.includes(wanted) && encryptionProblem(c.facts, date) === null);
  }

  /** Certificates whose private key the store holds, expired ones too: old mail must stay readable. */
  ownCertificates(): StoredCertificate[] {
    return this.list().filter((c) => c.meta.own);
  }

  /** Stores someone's certificate (or a CA's, for building chains); a known one keeps its provenance. */
  async add(options: { certificate: Uint8Array; source: string }): Promise<{ entry: StoredCertificate; status: CertificateAddStatus }> {
    const { certificate: der, source } = options;
    const facts = certificateFacts(der);
    const stored = this.certificates.get(facts.fingerprint);
    if (stored) return { entry: stored, status: 'unchanged' };
    await writeCertificateFile(this.profile, facts.fingerprint, der);
    return { entry: await this.record({ fingerprint: facts.fingerprint, der, facts, meta: { source, addedAt: now(), own: false } }), status: 'new' };
  }

  /** Stores your own certificate with its private key, encrypted under `passphrase` (the profile passphrase). */
  async addOwn(options: {
    certificate: Uint8Array;
    privateKey: KeyObject;
    passphrase: string;
    source: string;
  }): Promise<{ entry: StoredCertificate; status: CertificateAddStatus }> {
    const { certificate: der, privateKey, passphrase, source } = options;
    const facts = certificateFacts(der);
    const stored = this.certificates.get(facts.fingerprint);
    if (stored?.meta.own) return { entry: stored, status: 'unchanged' };
    const pem = await protectPrivateKey({ key: privateKey, passphrase });
    await writeCertificateFile(this.profile, facts.fingerprint, der);
    await writePrivateKeyFile(this.profile, facts.fingerprint, pem);
    const meta: CertificateMeta = stored ? { ...stored.meta, own: true } : { source, addedAt: now(), own: true };
    return { entry: await this.record({ fingerprint: facts.fingerprint, der, facts, meta }), status: stored ? 'updated' : 'new' };
  }

  /** The private key of one of your certificates; 'wrong-passphrase' when `passphrase` does not open it. */
  async privateKey(fingerprint: string, passphrase: string): Promise<KeyObject> {
    if (!this.certificates.get(fingerprint)?.meta.own) throw new SealmailError('no-key', `the store holds no private key for certificate ${fingerprint}`);
    return unlockPrivateKey({ pem: await readPrivateKeyFile(this.profile, fingerprint), passphrase });
  }

  /** Deletes a certificate and its private key; the index goes first, so a crash in between leaves only ignored stray files. */
  async remove(fingerprint: string): Promise<void> {
    if (!this.certificates.has(fingerprint)) throw new SealmailError('no-key', `no certificate ${fingerprint} in the store`);
    const certificates = new Map(this.index.certificates);
    certificates.delete(fingerprint);
    await writeCertificateIndex(this.profile, { ...this.index, certificates });
    this.index.certificates.delete(fingerprint);
    this.certificates.delete(fingerprint);
    await removeCertificateFiles(this.profile, fingerprint);
  }

  /** Every anchor known: Mozilla's roots then the user's, each saying whether it is distrusted. */
  anchors(): TrustAnchor[] {
    const builtIn = builtInAnchors().map(({ fingerprint, der }) => this.anchor(fingerprint, der, 'built-in'));
    const known = new Set(builtIn.map((a) => a.fingerprint));
    const added = [...this.addedAnchors].filter(([fp]) => !known.has(fp)).map(([fp, der]) => this.anchor(fp, der, 'added'));
    return [...builtIn, ...added];
  }

  /** The DER certificates path validation may end at: built-in and added anchors, without the distrusted ones. */
  trustAnchors(): Uint8Array[] {
    const all = [...builtInAnchors().map((a) => [a.fingerprint, a.der] as const), ...this.addedAnchors];
    const seen = new Set<string>();
    const anchors: Uint8Array[] = [];
    for (const [fingerprint, der] of all) {
      if (seen.has(fingerprint) || this.index.distrusted.has(fingerprint)) continue;
      seen.add(fingerprint);
      anchors.push(der);
    }
    return anchors;
  }

  /** Trusts `certificate` as a root; adding a distrusted one again trusts it again ('restored'). */
  async addAnchor(options: { certificate: Uint8Array; source: string }): Promise<{ anchor: TrustAnchor; status: 'new' | 'restored' | 'unchanged' }> {
    const { certificate: der, source } = options;
    const facts = certificateFacts(der);
    const { fingerprint } = facts;
    const wasDistrusted = this.index.distrusted.has(fingerprint);
    const known = this.addedAnchors.has(fingerprint) || builtInAnchors().some((a) => a.fingerprint === fingerprint);
    if (!known) await writeAnchorFile(this.profile, fingerprint, der);
    if (!known || wasDistrusted) {
      const anchors = new Map(this.index.anchors);
      if (!known) anchors.set(fingerprint, { source, addedAt: now() });
      const distrusted = new Map(this.index.distrusted);
      distrusted.delete(fingerprint);
      await writeCertificateIndex(this.profile, { ...this.index, anchors, distrusted });
      this.index.anchors = anchors;
      this.index.distrusted = distrusted;
      if (!known) this.addedAnchors.set(fingerprint, der);
    }
    const anchor = this.anchors().find((a) => a.fingerprint === fingerprint) as TrustAnchor;
    return { anchor, status: wasDistrusted ? 'restored' : known ? 'unchanged' : 'new' };
  }

  /**
   * Distrusts the anchor `id` names (fingerprint, 8+ hex digit prefix, or a unique subject match), built-in ones too.
   * A full fingerprint is recorded even when no anchor has it yet, so a root can be refused before it is ever added.
   */
  async distrust(id: string): Promise<{ fingerprint: string; subject: string }> {
    const hex = id.trim().replace(/[:\s]/g, '').toLowerCase();
    const matches = matchCertificates(this.anchors(), id);
    const target =
      matches.length === 0 && /^[0-9a-f]{64}$/.test(hex)
        ? { fingerprint: hex, subject: '' }
        : (({ fingerprint, facts }) => ({ fingerprint, subject: facts.subject }))(onlyMatch(matches, id, 'among the trust anchors'));
    if (!this.index.distrusted.has(target.fingerprint)) {
      const distrusted = new Map(this.index.distrusted).set(target.fingerprint, { subject: target.subject, distrustedAt: now() });
      await writeCertificateIndex(this.profile, { ...this.index, distrusted });
      this.index.distrusted = distrusted;
    }
    return target;
  }

  distrusted(): { fingerprint: string; subject: string; distrustedAt: string }[] {
    return [...this.index.distrusted].map(([fingerprint, meta]) => ({ fingerprint, ...meta }));
  }

  /** Removes an anchor the user added (built-in ones can only be distrusted). */
  async removeAnchor(fingerprint: string): Promise<void> {
    if (!this.addedAnchors.has(fingerprint)) throw new SealmailError('no-key', `no added trust anchor ${fingerprint}`);
    const anchors = new Map(this.index.anchors);
    anchors.delete(fingerprint);
    await writeCertificateIndex(this.profile, { ...this.index, anchors });
    this.index.anchors = anchors;
    this.addedAnchors.delete(fingerprint);
    await removeAnchorFile(this.profile, fingerprint);
  }

  private anchor(fingerprint: string, der: Uint8Array, origin: TrustAnchor['origin']): TrustAnchor {
    return {
      fingerprint,
      der,
      facts: certificateFacts(der),
      origin,
      distrusted: this.index.distrusted.has(fingerprint),
      meta: this.index.anchors.get(fingerprint) ?? null,
    };
  }

  private async record(entry: StoredCertificate): Promise<StoredCertificate> {
    const certificates = new Map(this.index.certificates).set(entry.fingerprint, entry.meta);
    await writeCertificateIndex(this.profile, { ...this.index, certificates });
    this.index.certificates = certificates;
    this.certificates.set(entry.fingerprint, entry);
    return entry;
  }
}

/** Facts of a stored certificate, which must hash to the fingerprint it is filed under. */
function storedFacts(der: Uint8Array, fingerprint: string): CertificateFacts {
  if (sha256Hex(der) !== fingerprint) throw new SealmailError('profile', `the stored certificate ${fingerprint} is corrupt (its fingerprint differs)`);
  return certificateFacts(der);
}

function now(): string {
  return new Date().toISOString();
}
