// What a key is and what it can do at a given time, as plain data for key lists and lookups.
import { enums, type Key, type SignaturePacket, type User } from 'openpgp';
import { checkOptions } from '../errors.js';
import { fullConfig } from './config.js';
import { isMailAddress } from './user-id.js';

export interface UserIdInfo {
  uid: string;
  name: string | null;
  /** Lower-cased, or null when the user ID carries no usable address. */
  address: string | null;
  revoked: boolean;
}

export interface KeyInfo {
  /** Lower-case hex, as everywhere in Sealmail. */
  fingerprint: string;
  keyId: string;
  version: 4 | 6;
  /** openpgp.js algorithm name, with the curve or bit size when the name does not imply it. */
  algorithm: string;
  /** Only user IDs with a good self-certification (possibly revoked since); forged ones are left out. */
  userIds: UserIdInfo[];
  created: string;
  expires: string | null;
  revoked: boolean;
  expired: boolean;
  secret: boolean;
  /** What the key can do at the given time: a revoked or expired key can do nothing. */
  capabilities: { sign: boolean; encrypt: boolean; certify: boolean };
}

export async function keyInfo(options: { key: Key; date?: Date }): Promise<KeyInfo> {
  checkOptions('keyInfo', options, ['key', 'date']);
  const { key, date = new Date() } = options;
  const config = fullConfig();
  const userIds: UserIdInfo[] = [];
  for (const user of key.users) {
    const state = await userState(user, date);
    if (!user.userID || state === 'invalid') continue;
    const email = user.userID.email.toLowerCase();
    userIds.push({
      uid: user.userID.userID,
      name: user.userID.name || null,
      address: isMailAddress(email) ? email : null,
      revoked: state === 'revoked',
    });
  }
  const expiry = await key.getExpirationTime(undefined, config);
  const expires = expiry instanceof Date ? expiry : null;
  const works = (check: () => Promise<unknown>): Promise<boolean> => check().then(() => true, () => false);
  return {
    fingerprint: key.getFingerprint(),
    keyId: key.getKeyID().toHex(),
    version: key.keyPacket.version === 6 ? 6 : 4,
    algorithm: algorithmName(key),
    userIds,
    created: key.getCreationTime().toISOString(),
    expires: expires ? expires.toISOString() : null,
    revoked: await key.isRevoked(undefined, undefined, date, config),
    expired: expires !== null && expires.getTime() <= date.getTime(),
    secret: key.isPrivate(),
    capabilities: {
      sign: await works(() => key.getSigningKey(undefined, date, undefined, config)),
      encrypt: await works(() => key.getEncryptionKey(undefined, date, undefined, config)),
      certify: await works(async () => {
        await key.verifyPrimaryKey(date, undefined, config);
        const flags = (await primarySelfSignature(key, date)).keyFlags?.[0] ?? 0;
        if ((flags & enums.keyFlags.certifyKeys) === 0) throw new Error('no certify flag');
      }),
    },
  };
}

/** Lower-cased addresses of the user IDs that are validly self-certified and not revoked at `date`. */
export async function keyAddresses(key: Key, date: Date = new Date()): Promise<string[]> {
  const addresses = new Set<string>();
  for (const user of key.users) {
    if (!user.userID || (await userState(user, date)) !== 'valid') continue;
    const email = user.userID.email.toLowerCase();
    if (isMailAddress(email)) addresses.add(email);
  }
  return [...addresses];
}

async function userState(user: User, date: Date): Promise<'valid' | 'revoked' | 'invalid'> {
  const config = fullConfig();
  try {
    await user.verify(date, config);
    return 'valid';
  } catch {
    // verify() fails alike for revoked and for forged user IDs; only a good revocation tells them apart.
    for (const certification of user.selfCertifications) {
      if (await user.isRevoked(certification, undefined, date, config).catch(() => false)) return 'revoked';
    }
    return 'invalid';
  }
}

// openpgp.js 6.3 has this method (v4: the primary user's self-signature, v6: the direct-key
// signature) but leaves it out of its type declarations.
function primarySelfSignature(key: Key, date: Date): Promise<SignaturePacket> {
  const withMethod = key as unknown as {
    getPrimarySelfSignature(date: Date, userID: object, config: object): Promise<SignaturePacket>;
  };
  return withMethod.getPrimarySelfSignature(date, {}, fullConfig());
}

function algorithmName(key: Key): string {
  const { algorithm, curve, bits } = key.getAlgorithmInfo();
  if (curve && (algorithm === 'eddsaLegacy' || algorithm === 'ecdsa' || algorithm === 'ecdh')) return `${algorithm}/${curve}`;
  if (bits && (algorithm.startsWith('rsa') || algorithm === 'dsa' || algorithm === 'elgamal')) return `${algorithm}/${bits}`;
  return algorithm;
}
