// The two forms of `sealmail keys list`: a table for people and a JSON array for scripts.
import type { KeyInfo } from '../../crypto/pgp/keys.js';
import type { KeyMeta } from '../keyring.js';
import { terminalLine } from './output.js';

export interface ListedKey {
  info: KeyInfo;
  meta: KeyMeta;
}

export function keyListJson(keys: ListedKey[]): string {
  return `${JSON.stringify(keys.map(({ info, meta }) => ({ ...info, ...meta })), null, 2)}\n`;
}

/**
 *   sec  9b2c...e41f  v4 eddsaLegacy/ed25519Legacy  own  created 2025-01-01
 *        uid  Alice <alice@example.org>
 */
export function keyListText(keys: ListedKey[]): string {
  if (keys.length === 0) return 'The keyring is empty.\n';
  return keys.map(keyText).join('\n');
}

function keyText({ info, meta }: ListedKey): string {
  const state = [
    `created ${day(info.created)}`,
    info.expires ? `${info.expired ? 'expired' : 'expires'} ${day(info.expires)}` : null,
    info.revoked ? 'REVOKED' : null,
    info.capabilities.sign || info.capabilities.encrypt ? null : 'unusable',
  ].filter((part) => part !== null);
  const head = `${info.secret ? 'sec' : 'pub'}  ${info.fingerprint}  v${info.version} ${info.algorithm}  ${meta.acceptance}  ${state.join(', ')}\n`;
  const uids = info.userIds.map((u) => `     uid  ${terminalLine(u.uid)}${u.revoked ? '  (revoked)' : ''}\n`);
  return head + uids.join('');
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
