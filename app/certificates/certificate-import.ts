// Importing S/MIME certificates: everything is read (PKCS#12 files decrypted, certificates parsed) before anything is written.
import type { KeyObject } from 'node:crypto';
import { certificateFacts } from './certificate-facts.js';
import type { CertificateAddStatus, CertificateStore } from './certificate-store.js';
import { readPkcs12 } from './pkcs12.js';

export type CertificatesToImport =
  | { kind: 'pkcs12'; data: Uint8Array; password: string; source: string }
  | { kind: 'certificates'; certificates: Uint8Array[]; source: string };

export interface ImportedCertificate {
  fingerprint: string;
  subject: string;
  /** True when its private key came along and is now stored, protected by the profile passphrase. */
  own: boolean;
  status: CertificateAddStatus;
}

interface Ready {
  certificate: Uint8Array;
  privateKey: KeyObject | null;
  source: string;
}

/**
 * Imports all or nothing: a wrong PKCS#12 password or a damaged certificate in any file stops the import before
 * the store changes. `passphrase` (the profile passphrase, which protects the private keys) is asked for only when a
 * private key is present. A PKCS#12 file's chain certificates are stored as others' certificates, never as anchors.
 */
export async function importCertificates(options: {
  store: CertificateStore;
  inputs: CertificatesToImport[];
  passphrase: () => Promise<string>;
}): Promise<ImportedCertificate[]> {
  const { store, inputs, passphrase } = options;
  const ready: Ready[] = [];
  for (const input of inputs) {
    if (input.kind === 'certificates') {
      for (const certificate of input.certificates) ready.push({ certificate, privateKey: null, source: input.source });
      continue;
    }
    const { own, others } = withSource(input.source, () => readPkcs12({ data: input.data, password: input.password }));
    if (own) ready.push({ certificate: own.certificate, privateKey: own.privateKey, source: input.source });
    for (const certificate of others) ready.push({ certificate, privateKey: null, source: input.source });
  }
  for (const { certificate, source } of ready) withSource(source, () => certificateFacts(certificate));
  const secret = ready.some((r) => r.privateKey) ? await passphrase() : '';
  // One profile passphrase for every own key: a new key must not end up under a passphrase the others do not share.
  const [stored] = store.ownCertificates();
  if (secret && stored) await store.privateKey(stored.fingerprint, secret);
  const imported: ImportedCertificate[] = [];
  for (const { certificate, privateKey, source } of ready) {
    const { entry, status } = privateKey
      ? await store.addOwn({ certificate, privateKey, passphrase: secret, source })
      : await store.add({ certificate, source });
    imported.push({ fingerprint: entry.fingerprint, subject: entry.facts.subject, own: entry.meta.own, status });
  }
  return imported;
}

/** Names the file in an error, so a failed import of several files says which one was at fault. */
function withSource<T>(source: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof Error && 'code' in e) e.message = `${source}: ${e.message}`;
    throw e;
  }
}
