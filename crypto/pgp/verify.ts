// Checking OpenPGP signatures over exact bytes, and telling a bad signature from an unusable key.
import { PacketList, Signature, SignaturePacket, createMessage, enums, verify, type Key } from 'openpgp';
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
  /** Addresses of the signer key's user IDs that it binds with a good, unrevoked self-certification, lower-cased. */
  signerAddresses: string[];
  detail: string | null;
}

const UNREADABLE: SignatureCheck = {
  outcome: 'bad',
  keyId: 'unknown',
  fingerprint: null,
  created: null,
  signer: null,
  signerAddresses: [],
  detail: 'the signature is damaged or of a kind Sealmail cannot read',
};

/** Addresses of the user IDs `key` binds at `date`: those with the key's own good, unrevoked self-certification (RFC 9580 section 5.2.1). */
export async function keyAddresses(key: Key, date: Date): Promise<string[]> {
  const addresses: string[] = [];
  for (const user of key.users) {
    const address = user.userID ? addressOfUserId(user.userID.userID) : null;
    // Anyone can append a user ID packet to a certificate; only the key's own unrevoked self-certification binds it.
    if (address !== null && (await user.verify(date, pgpFullConfig()).then(() => true, () => false))) addresses.push(address);
  }
  return addresses;
}

/**
 * Verifies each signature packet over `data` (binary mode; the caller passes canonical bytes).
 * Packets in `verified` were already found good by openpgp.js over the same data at `date`; only the
 * key-state checks run for them.
 */
export async function checkSignatures(
  data: Uint8Array,
  signatures: Signature[],
  keys: readonly KnownKey[],
  date: Date,
  verified: ReadonlySet<SignaturePacket> = new Set(),
): Promise<SignatureCheck[]> {
  const checks: SignatureCheck[] = [];
  for (const signature of signatures) {
    // openpgp.js skips packets it cannot parse (an unknown version, damage), which can leave nothing or a stand-in.
    const readable = signature.packets.filter((p): p is SignaturePacket => p instanceof SignaturePacket);
    if (readable.length < Math.max(1, signature.packets.length)) checks.push(UNREADABLE);
    for (const packet of readable) {
      const keyId = packet.issuerKeyID.toHex();
      const created = packet.created ?? null;
      const signer = keys.find((k) => k.key.getKeys(packet.issuerKeyID).length > 0) ?? null;
      const named = packet.issuerFingerprint ? Array.from(packet.issuerFingerprint, (b) => b.toString(16).padStart(2, '0')).join('') : null;
      const fingerprint = signer ? signer.key.getFingerprint() : named;
      // User IDs are judged when the signature was made, like the key (a hard revocation counts whenever it was made).
      const base = { keyId, fingerprint, created, signer, signerAddresses: signer ? await keyAddresses(signer.key, created ?? date) : [] };
      if (!signer) {
        checks.push({ ...base, outcome: 'unknown-key', detail: `signed by key ${keyId}, which is not in your keyring` });
        continue;
      }
      const single = new PacketList<SignaturePacket>();
      single.push(packet);
      const one = new Signature(single);
      // Text-mode signatures (RFC 9580 section 5.2.1.2) are made over CRLF line ends.
      const signed = packet.signatureType === enums.signature.text ? toCanonicalCrlf(data) : data;
      checks.push({ ...base, ...(await judge(signed, one, signer.key, packet.issuerKeyID, created, date, verified.has(packet))) });
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
  alreadyVerified: boolean,
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
  if (alreadyVerified) return { outcome: 'good', detail: null };
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
