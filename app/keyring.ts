// The user's keyring: every key Sealmail knows, with how far the user trusts it, kept in the profile folder.
import type { Key, PrivateKey, PublicKey } from 'openpgp';
import { SealmailError } from '../crypto/errors.js';
import { fullConfig, oneLine } from '../crypto/pgp/config.js';
import { keyAddresses } from '../crypto/pgp/keys.js';
import type { Acceptance } from '../crypto/report.js';
import { isAccepted } from './key-acceptance.js';
import { type ProvenanceInput, provenanceFromSource, sourceFromProvenance, withSighting } from './key-provenance.js';
import {
  type KeyChange,
  type KeyMeta,
  type KeyringIndex,
  prepareProfile,
  provenancesOf,
  readIndex,
  readKeyFile,
  removeKeyFile,
  writeIndex,
  writeKeyFile,
} from './keyring-files.js';

export { type KeyChange, type KeyMeta, provenancesOf } from './keyring-files.js';

export interface KeyringEntry {
  fingerprint: string;
  key: Key;
  meta: KeyMeta;
}

export type AddStatus = 'new' | 'updated' | 'unchanged';

export interface AddOptions {
  key: Key;
  /**
   * Where the key was seen this time; seeing a stored key again adds to (or moves on the time of) its
   * provenance list. null: no new sighting, for updates such as one's own revocation.
   */
  provenance?: ProvenanceInput | null;
  /** The older one-string form ("generated", a file path, "wkd:URL"), read as app/key-provenance.ts says. */
  source?: string;
}

/** A key that arrived for an address whose accepted key is another one (issue 6 §2: never replace silently). */
export interface KeyChangeNotice {
  address: string;
  /** The new key, undecided and not used for `address` until the user decides. */
  fingerprint: string;
  /** The accepted key(s) still used for `address`. */
  replaces: string[];
  seenAt: string;
}

export class Keyring {
  private constructor(
    readonly profile: string,
    private readonly index: KeyringIndex,
    private readonly keys: Map<string, Key>,
  ) {}

  /** Opens (creating when missing) the keyring of the profile folder `profile`. */
  static async open(options: { profile: string }): Promise<Keyring> {
    const { profile } = options;
    await prepareProfile(profile);
    const index = await readIndex(profile);
    const keys = new Map<string, Key>();
    for (const fingerprint of index.keys()) keys.set(fingerprint, await readKeyFile(profile, fingerprint));
    return new Keyring(profile, index, keys);
  }

  list(): KeyringEntry[] {
    return [...this.index].map(([fingerprint, meta]) => ({ fingerprint, meta, key: this.keys.get(fingerprint) as Key }));
  }

  /**
   * Finds the one key meant by `id`: a fingerprint, a (sub)key ID, at least 8 trailing hex digits of a
   * fingerprint (leading ones for v6, whose key IDs are fingerprint prefixes), or an e-mail address.
   */
  async find(id: string): Promise<KeyringEntry> {
    const matches = await this.match(id);
    const [only, ...others] = matches;
    if (!only) throw new SealmailError('no-key', `no key in the keyring matches "${id}"`);
    if (others.length > 0) {
      const list = matches.map((m) => m.fingerprint).join(', ');
      throw new SealmailError('bad-option', `"${id}" matches several keys (${list}); give the full fingerprint`);
    }
    return only;
  }

  /** Keys that can encrypt to `address` at `date`: valid user ID, encryption-capable, not expired or revoked. */
  async encryptionKeysFor(address: string, date: Date = new Date()): Promise<PublicKey[]> {
    const found: PublicKey[] = [];
    const wanted = address.toLowerCase();
    for (const entry of await this.forAddress(address, date)) {
      if (entry.meta.acceptance === 'unaccepted') continue; // the user said no to this key
      if (entry.meta.keyChange?.addresses.includes(wanted)) continue; // the accepted key stays in use until the user decides
      if (await usable(() => entry.key.getEncryptionKey(undefined, date, undefined, fullConfig()))) found.push(entry.key.toPublic());
    }
    return found;
  }

  /** The user's own secret keys that can sign as `address` at `date`, newest first. */
  async signingKeysFor(address: string, date: Date = new Date()): Promise<PrivateKey[]> {
    const found: PrivateKey[] = [];
    for (const { key, meta } of await this.forAddress(address, date)) {
      if (meta.acceptance !== 'own' || !key.isPrivate()) continue;
      if (await usable(() => key.getSigningKey(undefined, date, undefined, fullConfig()))) found.push(key);
    }
    return found.sort((a, b) => b.getCreationTime().getTime() - a.getCreationTime().getTime());
  }

  /** All the user's own secret keys, revoked and expired ones too: old mail must stay readable. */
  ownSecretKeys(): PrivateKey[] {
    return this.list().flatMap(({ key, meta }) => (meta.acceptance === 'own' && key.isPrivate() ? [key] : []));
  }

  /** Keys that arrived for `address` while it had an accepted key, not yet decided on by the user. */
  keyChangesFor(address: string): KeyChangeNotice[] {
    const wanted = address.toLowerCase();
    return this.list().flatMap(({ fingerprint, meta }) =>
      meta.keyChange?.addresses.includes(wanted) ? [{ address: wanted, fingerprint, replaces: meta.keyChange.replaces, seenAt: meta.keyChange.seenAt }] : [],
    );
  }

  /**
   * Stores `key`, merging it into the stored copy when the fingerprint is known. Secret keys must be
   * passphrase-protected. A secret key makes the entry 'own'; a new public key starts as 'imported'
   * (undecided), and is flagged as a key change when one of its addresses already has an accepted key.
   * The sighting goes into the key's provenance list either way.
   */
  async add(options: AddOptions): Promise<{ entry: KeyringEntry; status: AddStatus }> {
    const { key } = options;
    const sighting = options.provenance !== undefined ? options.provenance : options.source !== undefined ? provenanceFromSource(options.source) : undefined;
    if (sighting === undefined) throw new SealmailError('bad-option', 'keyring.add needs the provenance of the key');
    const fingerprint = key.getFingerprint();
    if (key.isPrivate() && key.isDecrypted()) {
      throw new SealmailError('bad-option', `refusing to store the secret key ${fingerprint} without a passphrase`);
    }
    const stored = this.keys.get(fingerprint);
    const storedMeta = this.index.get(fingerprint);
    let merged: Key = key;
    if (stored) {
      try {
        merged = await stored.update(key as PublicKey, undefined, fullConfig());
      } catch (e) {
        throw new SealmailError('bad-key', `cannot merge key ${fingerprint} into the stored one: ${oneLine(e)}`);
      }
    }
    const acceptance: Acceptance = merged.isPrivate() ? 'own' : (storedMeta?.acceptance ?? 'imported');
    const now = new Date();
    const first = sighting ?? { kind: 'other' as const, detail: '' };
    const provenances = sighting === null ? ((storedMeta ? provenancesOf(storedMeta) : withSighting([], first, now))) : withSighting(storedMeta ? provenancesOf(storedMeta) : [], sighting, now);
    const keyChange = storedMeta || acceptance === 'own' ? undefined : await this.keyChange(merged, now);
    const meta: KeyMeta = storedMeta
      ? { ...storedMeta, acceptance, provenances }
      : { acceptance, source: sourceFromProvenance(first), addedAt: now.toISOString(), provenances, ...(keyChange ? { keyChange } : {}) };
    const unchanged = stored && storedMeta?.acceptance === acceptance && sameBytes(stored.write(), merged.write());
    if (!unchanged) await writeKeyFile(this.profile, merged);
    if (!unchanged || JSON.stringify(storedMeta?.provenances ?? null) !== JSON.stringify(provenances)) {
      const index = new Map(this.index).set(fingerprint, meta);
      await writeIndex(this.profile, index);
      this.index.set(fingerprint, meta);
      this.keys.set(fingerprint, merged);
    }
    const status: AddStatus = !stored ? 'new' : unchanged ? 'unchanged' : 'updated';
    return { entry: { fingerprint, key: merged, meta }, status };
  }

  /** Records how far the user trusts a key; 'own' is reserved for keys whose secret part is stored. */
  async setAcceptance(fingerprint: string, acceptance: Acceptance): Promise<void> {
    const meta = this.index.get(fingerprint);
    const key = this.keys.get(fingerprint);
    if (!meta || !key) throw new SealmailError('no-key', `no key ${fingerprint} in the keyring`);
    if ((acceptance === 'own') !== key.isPrivate()) {
      throw new SealmailError('bad-option', `key ${fingerprint} ${key.isPrivate() ? 'is your own' : 'has no secret part, so it cannot be your own'}`);
    }
    // Any level the user sets is their decision on a key change.
    const updated: KeyMeta = { ...meta, acceptance };
    delete updated.keyChange;
    await writeIndex(this.profile, new Map(this.index).set(fingerprint, updated));
    this.index.set(fingerprint, updated);
  }

  /** Deletes a key; the index goes first, so a crash in between leaves only an ignored stray file. */
  async remove(fingerprint: string): Promise<void> {
    if (!this.index.has(fingerprint)) throw new SealmailError('no-key', `no key ${fingerprint} in the keyring`);
    const index = new Map(this.index);
    index.delete(fingerprint);
    await writeIndex(this.profile, index);
    this.index.delete(fingerprint);
    this.keys.delete(fingerprint);
    await removeKeyFile(this.profile, fingerprint);
  }

  /** The key change `key` brings, if any of its addresses has an accepted key with another fingerprint. */
  private async keyChange(key: Key, now: Date): Promise<KeyChange | undefined> {
    const addresses: string[] = [];
    const replaces = new Set<string>();
    for (const address of await keyAddresses(key, now)) {
      const accepted = (await this.forAddress(address, now)).filter((e) => e.fingerprint !== key.getFingerprint() && isAccepted(e.meta.acceptance));
      if (accepted.length === 0) continue;
      addresses.push(address);
      for (const e of accepted) replaces.add(e.fingerprint);
    }
    return addresses.length === 0 ? undefined : { addresses, replaces: [...replaces], seenAt: now.toISOString() };
  }

  private async match(id: string): Promise<KeyringEntry[]> {
    const wanted = id.trim();
    if (wanted.includes('@')) {
      const address = wanted.replace(/^<(.*)>$/, '$1').toLowerCase();
      return this.forAddress(address, new Date());
    }
    const hex = wanted.replace(/^0x/i, '').replace(/\s+/g, '').toLowerCase();
    if (!/^[0-9a-f]{8,64}$/.test(hex)) {
      throw new SealmailError(
        'bad-option',
        `"${id}" is not a key ID: give a fingerprint, at least 8 hex digits of one, or an e-mail address`,
      );
    }
    return this.list().filter(({ key }) =>
      key.getKeys().some((k) => {
        const fpr = k.getFingerprint();
        const v6 = k.keyPacket.version === 6;
        return fpr === hex || k.getKeyID().toHex() === hex || fpr.endsWith(hex) || (v6 && fpr.startsWith(hex));
      }),
    );
  }

  private async forAddress(address: string, date: Date): Promise<KeyringEntry[]> {
    const wanted = address.toLowerCase();
    const found: KeyringEntry[] = [];
    for (const entry of this.list()) {
      if ((await keyAddresses(entry.key, date)).includes(wanted)) found.push(entry);
    }
    return found;
  }
}

function usable(check: () => Promise<unknown>): Promise<boolean> {
  return check().then(
    () => true,
    () => false,
  );
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
