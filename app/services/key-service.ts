// The key manager's services: list, generate, import (pasted, opened or attached to a message), export, accept, look up, refresh, revoke and delete, on the same keyring as `sealmail keys`.
import { SealmailError } from '../../crypto/errors.js';
import { exportKey, generateKey, readKeys, revokeKey, unlockKey } from '../../crypto/pgp/keys.js';
import type { KeyService } from '../contract/services.js';
import { ACCEPTANCE_LEVELS, acceptanceFromLevel } from '../key-acceptance.js';
import { importKeys } from '../key-import.js';
import { lookUpAddress, refreshFromDirectories } from './key-discovery.js';
import { importAttachmentKeys } from './attachment-keys.js';
import type { ServiceRuntime } from './runtime.js';
import { storedAttachment, storedMessage } from './stored-message.js';
import { keyView } from './views.js';

export function keyService(runtime: ServiceRuntime): KeyService {
  const entry = (fingerprint: string) => runtime.need().keyring.find(fingerprint.toLowerCase());
  return {
    async list({ filter }) {
      const views = await Promise.all(runtime.need().keyring.list().map(keyView));
      const needle = filter?.trim().toLowerCase() ?? '';
      if (needle === '') return views;
      return views.filter((k) => k.fingerprint.includes(needle.replace(/\s+/g, '')) || k.userIds.some((u) => u.uid.toLowerCase().includes(needle)));
    },
    async generate({ name, address }) {
      const { keyring } = runtime.need();
      const uid = name.trim() === '' ? `<${address}>` : `${name.replace(/[<>]/g, '')} <${address}>`;
      // Protected with the profile passphrase, like every secret key of the profile.
      const generated = await generateKey({ uid, passphrase: runtime.cachedPassphrase() });
      const [key] = await readKeys({ data: new TextEncoder().encode(generated.privateKey) });
      if (!key) throw new SealmailError('bad-key', 'the generated key could not be read back');
      const { entry: added } = await keyring.add({ key, source: 'generated' });
      return keyView(added);
    },
    async import({ armored }) {
      const { keyring } = runtime.need();
      const keys = await readKeys({ data: new TextEncoder().encode(armored) });
      const imported = await importKeys({ keyring, keys: keys.map((key) => ({ key, source: 'pasted or opened in the key manager' })), passphrase: async () => runtime.cachedPassphrase() });
      return Promise.all(imported.map(async (k) => keyView(await keyring.find(k.fingerprint))));
    },
    async importAttachment({ messageId, index }) {
      const { keyring } = runtime.need();
      const attachment = await storedAttachment(runtime, messageId, index);
      const added = await importAttachmentKeys(keyring, attachment, storedMessage(runtime, messageId));
      return Promise.all(added.map(keyView));
    },
    async export({ fingerprint, secret }) {
      const { key } = await entry(fingerprint);
      return { armored: new TextDecoder().decode(exportKey({ key, secret: secret === true, armor: true })) };
    },
    async accept({ fingerprint, level }) {
      const { keyring } = runtime.need();
      const found = await entry(fingerprint);
      if (found.key.isPrivate()) throw new SealmailError('bad-option', 'this is your own key; its acceptance is "own"');
      // Thunderbird's words, or the keyring's own values, which older callers send.
      const acceptance = (ACCEPTANCE_LEVELS as readonly string[]).includes(level) ? acceptanceFromLevel(level) : (level as 'unaccepted' | 'imported' | 'accepted');
      await keyring.setAcceptance(found.fingerprint, acceptance);
      return keyView(await keyring.find(found.fingerprint));
    },
    async lookup({ address }) {
      return lookUpAddress({ keyring: runtime.need().keyring, profile: runtime.profile, address, connection: runtime.discovery });
    },
    async refresh({ fingerprint }) {
      return refreshFromDirectories({ keyring: runtime.need().keyring, ...(fingerprint === undefined ? {} : { fingerprint }), connection: runtime.discovery });
    },
    async revoke({ fingerprint }) {
      const { keyring } = runtime.need();
      const { key, fingerprint: full } = await entry(fingerprint);
      if (!key.isPrivate()) throw new SealmailError('no-key', `the keyring has no secret key for ${full}; only its owner can revoke it`);
      const revoked = await revokeKey({ key: await unlockKey({ key, passphrase: runtime.cachedPassphrase() }) });
      await keyring.add({ key: revoked.publicKey, provenance: null });
      return keyView(await keyring.find(full));
    },
    async remove({ fingerprint }) {
      const { keyring } = runtime.need();
      const found = await entry(fingerprint);
      await keyring.remove(found.fingerprint);
    },
  };
}
