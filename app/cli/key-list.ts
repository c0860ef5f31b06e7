// The two forms of `sealmail keys list`: a table for people and a JSON array for scripts, OpenPGP keys then certificates.
import type { KeyInfo } from '../../crypto/pgp/keys.js';
import type { StoredCertificate } from '../certificates/certificate-store.js';
import { acceptanceLevel, fingerprintQrPayload, groupedFingerprint } from '../key-acceptance.js';
import { provenanceText } from '../key-provenance.js';
import { type KeyMeta, provenancesOf } from '../keyring.js';
import { terminalLine } from './output.js';

export interface ListedKey {
  info: KeyInfo;
  meta: KeyMeta;
}

/**
 * OpenPGP keys keep the shape scripts already read (`acceptance` is the internal value) and add `level` (the
 * acceptance in Thunderbird's words), `provenances`, `keyChange` (null when none) and `qr`, the OPENPGP4FPR payload.
 */
export function keyListJson(keys: ListedKey[], certificates: StoredCertificate[] = []): string {
  const listed = [
    ...keys.map(({ info, meta }) => ({
      ...info,
      ...meta,
      level: acceptanceLevel(meta.acceptance),
      provenances: provenancesOf(meta),
      keyChange: meta.keyChange ?? null,
      qr: fingerprintQrPayload(info.fingerprint),
    })),
    ...certificates.map(certificateJson),
  ];
  return `${JSON.stringify(listed, null, 2)}\n`;
}

/** A certificate as `keys list --json` and `certs list --json` show it. */
export function certificateJson({ fingerprint, facts, meta }: StoredCertificate): object {
  return { kind: 'x509', ...facts, fingerprint, ...meta };
}

/**
 *   sec  9b2c...e41f  v4 eddsaLegacy/ed25519Legacy  own  created 2025-01-01
 *        uid  Alice <alice@example.org>
 */
export function keyListText(keys: ListedKey[], certificates: StoredCertificate[] = []): string {
  if (keys.length === 0 && certificates.length === 0) return 'The keyring is empty.\n';
  return [...keys.map(keyText), ...certificates.map((c) => certificateText(c))].join('\n');
}

/**
 *   cert  5d41...9e2a  own  valid 2025-01-01 to 2027-01-01
 *         subject  CN=Alice, emailAddress=alice@example.org
 *         email    alice@example.org
 *         issuer   CN=Example CA
 *         from     /home/alice/alice.p12, added 2025-03-01
 */
export function certificateText({ fingerprint, facts, meta }: StoredCertificate, now: Date = new Date()): string {
  const expired = now > new Date(facts.notAfter) ? ', EXPIRED' : now < new Date(facts.notBefore) ? ', NOT YET VALID' : '';
  const kind = meta.own ? 'own' : facts.ca ? 'other CA' : 'other';
  const head = `cert  ${fingerprint}  ${kind}  valid ${day(facts.notBefore)} to ${day(facts.notAfter)}${expired}\n`;
  const emails = facts.emails.map((e) => `      email    ${terminalLine(e)}\n`);
  return (
    head +
    `      subject  ${terminalLine(facts.subject)}\n` +
    emails.join('') +
    `      issuer   ${terminalLine(facts.issuer)}\n` +
    `      from     ${terminalLine(meta.source)}, added ${day(meta.addedAt)}\n`
  );
}

function keyText({ info, meta }: ListedKey): string {
  const state = [
    `created ${day(info.created)}`,
    info.expires ? `${info.expired ? 'expired' : 'expires'} ${day(info.expires)}` : null,
    info.revoked ? 'REVOKED' : null,
    info.capabilities.sign || info.capabilities.encrypt ? null : 'unusable',
  ].filter((part) => part !== null);
  const head = `${info.secret ? 'sec' : 'pub'}  ${info.fingerprint}  v${info.version} ${info.algorithm}  ${acceptanceLevel(meta.acceptance)}  ${state.join(', ')}\n`;
  const uids = info.userIds.map((u) => `     uid  ${terminalLine(u.uid)}${u.revoked ? '  (revoked)' : ''}\n`);
  const from = provenancesOf(meta).map((p) => `     from ${terminalLine(provenanceText(p))}\n`);
  return head + uids.join('') + from.join('') + (meta.keyChange ? keyChangeText(info.fingerprint, meta.keyChange) : '');
}

/** The warning under a key that arrived for addresses with another accepted key. */
function keyChangeText(fingerprint: string, change: NonNullable<KeyMeta['keyChange']>): string {
  return (
    `     KEY CHANGE for ${terminalLine(change.addresses.join(', '))}: not used; still using ${change.replaces.join(', ')}\n` +
    `       compare ${groupedFingerprint(fingerprint)} with its owner, then: sealmail keys accept ${fingerprint} --level verified --fingerprint FPR (or --level rejected)\n`
  );
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
