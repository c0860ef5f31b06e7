// What `keys export` and `keys delete` act on: one OpenPGP key or one S/MIME certificate, named by the same kinds of ID.
import { SealmailError } from '../../crypto/errors.js';
import type { CertificateStore, StoredCertificate } from '../certificates/certificate-store.js';
import type { Keyring, KeyringEntry } from '../keyring.js';

export type KeyTarget = { kind: 'openpgp'; entry: KeyringEntry } | { kind: 'certificate'; entry: StoredCertificate };

/** The one key or certificate `id` names: a fingerprint, 8+ hex digits of one, an e-mail address, or part of a certificate subject. */
export async function findKeyOrCertificate(keyring: Keyring, store: CertificateStore, id: string): Promise<KeyTarget> {
  const notKeyIds: SealmailError[] = [];
  const keys = await keyring.find(id).then(
    (entry) => [entry],
    (e: unknown) => {
      if (!(e instanceof SealmailError)) throw e;
      if (e.code === 'no-key') return [];
      if (e.code === 'bad-option' && e.message.includes('is not a key ID')) {
        notKeyIds.push(e);
        return [];
      }
      throw e;
    },
  );
  const certificates = store.matching(id);
  const found: KeyTarget[] = [
    ...keys.map((entry) => ({ kind: 'openpgp' as const, entry })),
    ...certificates.map((entry) => ({ kind: 'certificate' as const, entry })),
  ];
  const [only, ...others] = found;
  if (!only) {
    if (notKeyIds.length > 0) {
      throw new SealmailError(
        'bad-option',
        `"${id}" is not a key ID and no certificate subject contains it: give a fingerprint, at least 8 hex digits of one, an e-mail address, or part of a certificate subject`,
      );
    }
    throw new SealmailError('no-key', `no key in the keyring matches "${id}"`);
  }
  if (others.length > 0) {
    const list = found.map((t) => (t.kind === 'openpgp' ? t.entry.fingerprint : `certificate ${t.entry.fingerprint.slice(0, 16)}`)).join(', ');
    throw new SealmailError('bad-option', `"${id}" matches several keys (${list}); give the full fingerprint`);
  }
  return only;
}
