// Store rows and keyring entries turned into the contract's views: what the renderer may see, nothing more.
import { isAbsolute } from 'node:path';
import { keyInfo } from '../../crypto/pgp/key-info.js';
import type { SecurityReport } from '../../crypto/report.js';
import type { AccountView, KeyView, MessageSummary as SummaryView } from '../contract/views.js';
import { acceptanceLevel, fingerprintQrPayload } from '../key-acceptance.js';
import { type KeyringEntry, provenancesOf } from '../keyring.js';
import type { Account } from '../store/accounts.js';
import type { MessageSummary } from '../store/messages.js';
import type { Store } from '../store/store.js';

export function accountView(a: Account): AccountView {
  return {
    id: a.id,
    address: a.address,
    name: a.displayName ?? '',
    user: a.username,
    imap: { ...a.imap },
    smtp: { ...a.smtp },
    privateCa: Boolean(a.caPem),
    pinnedSha256: a.pinnedSha256 ?? null,
  };
}

export function summaryView(store: Store, m: MessageSummary): SummaryView {
  return {
    id: m.id,
    folderId: m.folderId,
    uid: m.uid,
    // The protected subject once sync opened the message (RFC 9788), else the envelope's.
    subject: store.messages.indexed(m.id)?.subject || m.subject,
    from: m.from,
    date: m.date === null ? null : m.date.toISOString(),
    seen: m.flags.includes('\\Seen'),
    flagged: m.flags.includes('\\Flagged'),
  };
}

/** The source note key-service.ts gives keys pasted or opened in the key manager. */
const KEY_MANAGER_SOURCE = 'pasted or opened in the key manager';

/** The keyring's source note as words and as data: 'generated', 'revoked', a file path, or how the key manager got it. */
function provenance(source: string): Pick<KeyView, 'provenance' | 'provenanceKind' | 'provenanceFrom'> {
  if (source === 'generated') return { provenance: 'generated here', provenanceKind: 'generated', provenanceFrom: null };
  if (source === 'revoked') return { provenance: 'imported by hand (revoked)', provenanceKind: 'revoked', provenanceFrom: null };
  if (isAbsolute(source)) return { provenance: `imported by hand from ${source}`, provenanceKind: 'imported', provenanceFrom: source };
  if (source === KEY_MANAGER_SOURCE) return { provenance: `imported by hand (${source})`, provenanceKind: 'imported', provenanceFrom: null };
  return { provenance: `imported by hand (${source})`, provenanceKind: 'other', provenanceFrom: source };
}

export async function keyView(entry: KeyringEntry): Promise<KeyView> {
  const info = await keyInfo({ key: entry.key });
  return {
    fingerprint: info.fingerprint,
    keyId: info.keyId,
    algorithm: algorithmWords(info.algorithm),
    userIds: info.userIds.map((u) => ({ uid: u.uid, address: u.address, revoked: u.revoked })),
    created: info.created,
    expires: info.expires,
    expired: info.expired,
    revoked: info.revoked,
    secret: info.secret,
    acceptance: entry.meta.acceptance,
    ...provenance(entry.meta.source),
    level: acceptanceLevel(entry.meta.acceptance),
    provenances: provenancesOf(entry.meta),
    keyChange: entry.meta.keyChange ?? null,
    qrPayload: fingerprintQrPayload(info.fingerprint),
    canEncrypt: info.capabilities.encrypt,
    canSign: info.capabilities.sign,
  };
}

const CURVES: Record<string, string> = {
  ed25519Legacy: 'Ed25519',
  curve25519Legacy: 'Curve25519',
  nistP256: 'NIST P-256',
  nistP384: 'NIST P-384',
  nistP521: 'NIST P-521',
  brainpoolP256r1: 'Brainpool P-256',
  brainpoolP384r1: 'Brainpool P-384',
  brainpoolP512r1: 'Brainpool P-512',
  secp256k1: 'secp256k1',
};

/** openpgp.js's algorithm name (e.g. "eddsaLegacy/ed25519Legacy", "rsaEncryptSign/4096") as users know it. */
export function algorithmWords(algorithm: string): string {
  const [name = '', detail = ''] = algorithm.split('/');
  if (name.startsWith('rsa')) return detail ? `RSA ${detail}` : 'RSA';
  if (name === 'ed25519' || name === 'x25519' || name === 'ed448' || name === 'x448') return name.charAt(0).toUpperCase() + name.slice(1);
  const curve = CURVES[detail] ?? detail;
  if (name === 'eddsaLegacy') return curve || 'EdDSA';
  if (name === 'ecdh' || name === 'ecdsa') return `${name.toUpperCase()} ${curve}`.trim();
  return algorithm;
}

/**
 * Whether the UI may offer to load a message's remote content: never for mail that failed (nothing is shown)
 * or that was encrypted without integrity protection (S/MIME AES-CBC), where it is EFAIL's exfiltration channel.
 */
export function remoteContentAllowed(report: SecurityReport): boolean {
  return report.html !== null && report.encryption.state !== 'failed' && report.encryption.integrity !== 'none';
}
