// Checking OpenPGP signatures over exact bytes, and telling a bad signature from an unusable key.
import { PacketList, Signature, createMessage, enums, verify, type Key, type SignaturePacket } from 'openpgp';
import { toCanonicalCrlf } from '../mime/bytes.js';
import { addressOfUserId } from '../mime/address.js';
import { pgpConfig, pgpFullConfig } from '../policy.js';
import type { Acceptance } from '../report.js';

export interface KnownKey {
  key: Key;
  acceptance: Acceptance;
}

export type SignatureOutcome = 'good' | 'bad' | 'unknown-key' | 'revoked' | 'expired';

export interface SignatureCheck {
  outcome: SignatureOutcome;
  /** Issuer key ID (hex) as the signature states it. */
  keyId: string;
  /** Issuer fingerprint when the signature names it, else the signer key's, else null. */
  fingerprint: string | null;
  created: Date | null;
  /** The primary key that matched the issuer, if we have it. */
  signer: KnownKey | null;
  /** Addresses in the signer key's user IDs, lower-cased. */
  signerAddresses: string[];
  detail: string | null;
}

export function keyAddresses(key: Key): string[] {
  return key.users.flatMap((u) => (u.userID ? [addressOfUserId(u.userID.userID)] : [])).filter((a): a is string => a !== null);
}

/** Verifies each signature packet over `data` (binary mode; the caller passes canonical bytes). */
export async function checkSignatures(data: Uint8Array, signatures: Signature[], keys: readonly KnownKey[], date: Date): Promise<SignatureCheck[]> {
  const checks: SignatureCheck[] = [];
  for (const signature of signatures) {
    for (const packet of signature.packets) {
      const keyId = packet.issuerKeyID.toHex();
      const created = packet.created ?? null;
      const signer = keys.find((k) => k.key.getKeys(packet.issuerKeyID).length > 0) ?? null;
      const named = packet.issuerFingerprint ? Array.from(packet.issuerFingerprint, (b) => b.toString(16).padStart(2, '0')).join('') : null;
      const fingerprint = signer ? signer.key.getFingerprint() : named;
      const base = { keyId, fingerprint, created, signer, signerAddresses: signer ? keyAddresses(signer.key) : [] };
      if (!signer) {
        checks.push({ ...base, outcome: 'unknown-key', detail: `signed by key ${keyId}, which is not in your keyring` });
        continue;
      }
      const single = new PacketList<SignaturePacket>();
      single.push(packet);
      const one = new Signature(single);
      // Text-mode signatures (RFC 9580 section 5.2.1.2) are made over CRLF line ends.
      const signed = packet.signatureType === enums.signature.text ? toCanonicalCrlf(data) : data;
      checks.push({ ...base, ...(await judge(signed, one, signer.key, packet.issuerKeyID, created, date)) });
    }
  }
  return checks;
}

async function judge(
  data: Uint8Array,
  signature: Signature,
  key: Key,
  keyId: Parameters<Key['getKeys']>[0],
  created: Date | null,
  date: Date,
): Promise<{ outcome: SignatureOutcome; detail: string | null }> {
  const config = pgpFullConfig();
  const part = key.getKeys(keyId)[0];
  if ((await key.isRevoked(undefined, undefined, date, config)) || (part && part !== key && (await isSubkeyRevoked(part, date)))) {
    return { outcome: 'revoked', detail: `key ${key.getFingerprint()} is revoked` };
  }
  if (created && created.getTime() > date.getTime() + 60_000) {
    return { outcome: 'bad', detail: `the signature claims to be made in the future (${created.toISOString()})` };
  }
  // Key validity is judged when the signature was made: a key that expired later still vouches for old mail.
  const at = created ?? date;
  const expires = await key.getExpirationTime(undefined, config);
  if (expires instanceof Date && expires.getTime() < at.getTime()) {
    return { outcome: 'expired', detail: `key ${key.getFingerprint()} had expired on ${expires.toISOString()} when this was signed` };
  }
  try {
    const result = await verify({ message: await createMessage({ binary: data }), signature, verificationKeys: key, date: at, expectSigned: true, config: pgpConfig() });
    await result.signatures[0]?.verified;
    return { outcome: 'good', detail: null };
  } catch (e) {
    const text = e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e);
    if (/expired/i.test(text)) return { outcome: 'expired', detail: text };
    return { outcome: 'bad', detail: text };
  }
}

async function isSubkeyRevoked(part: ReturnType<Key['getKeys']>[number], date: Date): Promise<boolean> {
  const candidate = part as { isRevoked?: (s: undefined, k: undefined, d: Date) => Promise<boolean> };
  return candidate.isRevoked ? candidate.isRevoked(undefined, undefined, date) : false;
}
