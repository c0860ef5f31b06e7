// Test identities: real openpgp.js keys for the people who appear in the tests, made once per test file.
import { generateKey, type PrivateKey, type PublicKey } from 'openpgp';
import type { KnownKey } from '../../crypto/index.js';

export interface Person {
  name: string;
  address: string;
  privateKey: PrivateKey;
  publicKey: PublicKey;
  armoredPrivate: string;
  armoredPublic: string;
}

/** A v4 Ed25519/Curve25519 key pair (unprotected, for tests) for `Name <address>`. */
export async function person(name: string, address: string, options: { expiresInSeconds?: number; date?: Date } = {}): Promise<Person> {
  const generated = await generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name, email: address }],
    format: 'object',
    ...(options.expiresInSeconds ? { keyExpirationTime: options.expiresInSeconds } : {}),
    ...(options.date ? { date: options.date } : {}),
  });
  return {
    name,
    address,
    privateKey: generated.privateKey,
    publicKey: generated.publicKey,
    armoredPrivate: generated.privateKey.armor(),
    armoredPublic: generated.publicKey.armor(),
  };
}

export function known(...people: Person[]): KnownKey[] {
  return people.map((p) => ({ key: p.publicKey, acceptance: 'imported' as const }));
}
