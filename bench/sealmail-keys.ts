// Sealmail's side of the key setup: the workspace's armored keys read once, as a running app holds them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKey, readPrivateKey, type PrivateKey, type PublicKey } from 'openpgp';
import type { KnownKey } from '../crypto/index.js';

export interface SealmailKeys {
  alice: PrivateKey;
  bobPublic: PublicKey;
  bob: PrivateKey;
  known: KnownKey[];
}

export async function loadKeys(dir: string): Promise<SealmailKeys> {
  const alice = await readPrivateKey({ armoredKey: readFileSync(join(dir, 'alice.sec.asc'), 'utf8') });
  const bob = await readPrivateKey({ armoredKey: readFileSync(join(dir, 'bob.sec.asc'), 'utf8') });
  const alicePublic = await readKey({ armoredKey: readFileSync(join(dir, 'alice.pub.asc'), 'utf8') });
  return { alice, bob, bobPublic: bob.toPublic(), known: [{ key: alicePublic, acceptance: 'own' }] };
}
