// seal: turns a plain RFC 5322 message into PGP/MIME signed, encrypted, or signed+encrypted form (RFC 3156, RFC 9788).
import { createMessage, encrypt, enums, readSignature, sign, type Key, type PrivateKey, type PublicKey } from 'openpgp';
import { autocryptField } from './autocrypt.js';
import { gossipFields } from './autocrypt-gossip.js';
import { SealmailError, checkOptions } from './errors.js';
import { addressOfUserId, mailboxes } from './mime/address.js';
import { encodeUtf8, isSevenBitSafe, toCanonicalCrlf } from './mime/bytes.js';
import { entityBytes, field, multipartBody, newBoundary, rawFields, sevenBitBody } from './mime/build.js';
import { parseMessage, type MimeEntity } from './mime/entity.js';
import { headerValue } from './mime/header.js';
import { pgpConfig, pgpFullConfig } from './policy.js';
import { OBSCURED_SUBJECT, hpOuterFields, isContentField, protectedFields } from './protected-headers.js';

export interface SealOptions {
  /** The plain message, RFC 5322 bytes (LF or CRLF line ends). */
  message: Uint8Array;
  sign: boolean;
  encrypt: boolean;
  /** The sender's unlocked secret key; required when `sign`. */
  signingKey?: PrivateKey;
  /** One or more keys per To/Cc/Bcc recipient; every recipient must be covered. */
  encryptionKeys?: PublicKey[];
  /** The sender's public key, to encrypt to self; defaults to the public half of `signingKey`. */
  senderKey?: PublicKey;
  /** Emit an Autocrypt header advertising the sender's key (default: true when a sender key is known). */
  autocrypt?: boolean;
  /**
   * The prefer-encrypt the Autocrypt header announces (Level 1 section 2.1.1): 'mutual' tells correspondents
   * the user explicitly wants encrypted mail, which is the user's own choice to make, so the default is
   * 'nopreference' and the header then carries no prefer-encrypt attribute. Gossip never carries one.
   */
  preferEncrypt?: 'mutual' | 'nopreference';
  /** Signature time; defaults to now. */
  date?: Date;
}

/** Every option seal() and sealStream() accept; anything else is refused. */
export const SEAL_OPTIONS = ['message', 'sign', 'encrypt', 'signingKey', 'encryptionKeys', 'senderKey', 'autocrypt', 'preferEncrypt', 'date'];

export async function seal(options: SealOptions): Promise<Uint8Array> {
  checkOptions('seal', options, SEAL_OPTIONS);
  checkPreferEncrypt(options.preferEncrypt);
  if (!options.sign && !options.encrypt) throw new SealmailError('bad-option', 'seal: choose sign, encrypt, or both');
  const date = options.date ?? new Date();
  const root = parseMessage(options.message);
  const from = singleFrom(root);
  const signingKey = options.sign ? checkSigningKey(options.signingKey, from) : undefined;
  const senderKey = options.senderKey ?? options.signingKey?.toPublic();

  const outerBytes = outerFields(root, options, from, senderKey);
  // Autocrypt key gossip (Level 1 section 2.7) travels only inside the encryption, for group mail.
  const gossip = options.encrypt && (options.autocrypt ?? true) ? gossipFields(root.fields, from, options.encryptionKeys ?? []) : [];
  const inner = innerEntity(root, options.encrypt, gossip);
  let top: { contentType: string; body: Uint8Array };
  if (options.encrypt) {
    const recipients = await recipientKeys(root, options.encryptionKeys ?? [], senderKey, from, date);
    const hidden = mailboxes(root.fields, 'bcc').length > 0;
    top = await encryptedBody(inner, recipients, signingKey, hidden, date);
  } else {
    top = await signedBody(inner, signingKey as PrivateKey, date);
  }
  return entityBytes([...outerBytes, encodeUtf8('MIME-Version: 1.0'), encodeUtf8(top.contentType)], top.body);
}

/** The outer header: every non-content field but Bcc and Autocrypt(-Gossip), the Subject obscured when encrypting, and our Autocrypt. */
export function outerFields(root: MimeEntity, options: Pick<SealOptions, 'encrypt' | 'autocrypt' | 'preferEncrypt'>, from: string, senderKey: PublicKey | undefined): Uint8Array[] {
  const outer = root.fields.filter((f) => !isContentField(f) && f.name !== 'bcc' && f.name !== 'autocrypt' && f.name !== 'autocrypt-gossip');
  const outerBytes = rawFields(outer);
  if (options.encrypt) {
    const subjectIndex = outer.findIndex((f) => f.name === 'subject');
    const obscured = field('Subject', OBSCURED_SUBJECT);
    if (subjectIndex >= 0) outerBytes[subjectIndex] = obscured;
    else outerBytes.push(obscured);
  }
  if ((options.autocrypt ?? true) && senderKey) outerBytes.push(autocryptField(from, senderKey, options.preferEncrypt ?? 'nopreference'));
  return outerBytes;
}

/** A typo must not silently announce the wrong preference to every correspondent. */
export function checkPreferEncrypt(value: unknown): void {
  if (value !== undefined && value !== 'mutual' && value !== 'nopreference') {
    throw new SealmailError('bad-option', `preferEncrypt must be 'mutual' or 'nopreference', not ${JSON.stringify(value)}`);
  }
}

export function singleFrom(root: MimeEntity): string {
  const from = mailboxes(root.fields, 'from');
  if (from.length !== 1) throw new SealmailError('bad-message', 'the message needs exactly one From address to be sealed');
  return (from[0] as { address: string }).address;
}

function keyAddresses(key: Key): string[] {
  return key.users.flatMap((u) => (u.userID ? [addressOfUserId(u.userID.userID)] : [])).filter((a): a is string => a !== null);
}

export function checkSigningKey(key: PrivateKey | undefined, from: string): PrivateKey {
  if (!key) throw new SealmailError('no-signing-key', `no secret key to sign as ${from}`);
  if (!key.isDecrypted()) throw new SealmailError('passphrase-required', `the secret key for ${from} is locked: a passphrase is needed`);
  if (!keyAddresses(key).includes(from)) {
    throw new SealmailError('no-signing-key', `key ${key.getFingerprint()} has no user ID for the From address ${from}`);
  }
  return key;
}

/** Every To/Cc/Bcc recipient must have a usable key; the sender is always added so the Sent copy stays readable. */
export async function recipientKeys(root: MimeEntity, keys: PublicKey[], sender: PublicKey | undefined, from: string, date: Date): Promise<PublicKey[]> {
  if (!sender) throw new SealmailError('no-recipient-key', `no key for the sender ${from}, so the Sent copy could not be read`);
  const usable: PublicKey[] = [];
  for (const key of [...keys, sender]) {
    try {
      await key.getEncryptionKey(undefined, date, undefined, pgpFullConfig());
      usable.push(key);
    } catch {
      // expired, revoked or without an encryption subkey: not usable for this message
    }
  }
  const recipients = ['to', 'cc', 'bcc'].flatMap((name) => mailboxes(root.fields, name).map((m) => m.address));
  const missing = [...new Set(recipients)].filter((addr) => !usable.some((k) => keyAddresses(k).includes(addr)));
  if (missing.length > 0) throw new SealmailError('no-recipient-key', `no usable encryption key for ${missing.join(', ')}`);
  if (!usable.includes(sender)) throw new SealmailError('no-recipient-key', `the sender's key for ${from} cannot encrypt`);
  const seen = new Set<string>();
  return usable.filter((k) => !seen.has(k.getFingerprint()) && seen.add(k.getFingerprint()) !== undefined);
}

/** The entity that is signed or encrypted: the original content plus copies of the protected header fields (and any gossip). */
function innerEntity(root: MimeEntity, encrypted: boolean, gossip: Uint8Array[]): Uint8Array {
  const prepared = encrypted ? { fields: [], body: toCanonicalCrlf(root.body), cteChanged: null } : sevenBitBody(root);
  return entityBytes([...innerFields(root, encrypted, prepared), ...gossip], prepared.body);
}

/** The inner entity's header fields; `prepared` is its body as it will be sealed, with any re-encoding. */
export function innerFields(root: MimeEntity, encrypted: boolean, prepared: { fields: Uint8Array[]; body: Uint8Array; cteChanged: string | null }): Uint8Array[] {
  const contentFields = root.fields.filter((f) => isContentField(f) && f.name !== 'mime-version' && f.name !== 'content-type');
  const kept = contentFields.filter((f) => !(prepared.cteChanged && f.name === 'content-transfer-encoding'));
  const hp = encrypted ? 'cipher' : 'clear';
  const contentType = contentTypeField(root, hp, prepared.body);
  const protectedCopies = rawFields(protectedFields(root.fields));
  const hpOuter = encrypted ? hpOuterFields([{ name: 'Subject', value: OBSCURED_SUBJECT }]) : [];
  return [contentType, ...rawFields(kept), ...prepared.fields, ...protectedCopies, ...hpOuter];
}

function contentTypeField(root: MimeEntity, hp: string, body: Uint8Array): Uint8Array {
  const raw = headerValue(root.fields, 'content-type');
  const marks = `hp="${hp}"; protected-headers="v1"`;
  if (raw === null) {
    const charset = isSevenBitSafe(body) ? 'us-ascii' : 'utf-8';
    return encodeUtf8(`Content-Type: text/plain; charset=${charset};\r\n ${marks}`);
  }
  const original = root.fields.find((f) => f.name === 'content-type') as { raw: Uint8Array };
  const stripped = raw.replace(/;\s*(hp|protected-headers)\s*=\s*("[^"]*"|[^;\s]*)/gi, '');
  const base = stripped === raw ? toCanonicalCrlf(original.raw) : encodeUtf8(`Content-Type: ${stripped}`);
  return concatWith(base, encodeUtf8(`;\r\n ${marks}`));
}

function concatWith(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

async function signedBody(inner: Uint8Array, signingKey: PrivateKey, date: Date): Promise<{ contentType: string; body: Uint8Array }> {
  const config = pgpConfig({ v6Keys: signingKey.keyPacket.version === 6 });
  const armoredSignature = await sign({ message: await createMessage({ binary: inner }), signingKeys: signingKey, detached: true, date, format: 'armored', config });
  const signature = await readSignature({ armoredSignature, config });
  const hash = enums.read(enums.hash, signature.packets[0]?.hashAlgorithm ?? enums.hash.sha512).toLowerCase();
  const sigPart = entityBytes(
    [
      encodeUtf8('Content-Type: application/pgp-signature; name="signature.asc"'),
      encodeUtf8('Content-Description: OpenPGP digital signature'),
      encodeUtf8('Content-Disposition: attachment; filename="signature.asc"'),
    ],
    encodeUtf8(armoredSignature.replace(/\r?\n/g, '\r\n')),
  );
  const boundary = newBoundary([inner]);
  return {
    contentType: `Content-Type: multipart/signed; micalg=pgp-${hash};\r\n protocol="application/pgp-signature";\r\n boundary="${boundary}"`,
    body: multipartBody(boundary, 'This is an OpenPGP/MIME signed message (RFC 4880 and 3156)', [inner, sigPart]),
  };
}

async function encryptedBody(
  inner: Uint8Array,
  encryptionKeys: PublicKey[],
  signingKey: PrivateKey | undefined,
  hiddenRecipients: boolean,
  date: Date,
): Promise<{ contentType: string; body: Uint8Array }> {
  const armored = await encrypt({ message: await createMessage({ binary: inner }), ...encryptOptions(encryptionKeys, signingKey, hiddenRecipients, date) });
  const frame = encryptedFrame();
  const data = entityBytes(frame.dataFields, encodeUtf8(armored.replace(/\r?\n/g, '\r\n')));
  return { contentType: frame.contentType, body: multipartBody(frame.boundary, frame.preamble, [frame.control, data]) };
}

/** openpgp.js encrypt options, all but the message: armored, to every recipient, signed when a key is given. */
export function encryptOptions(encryptionKeys: PublicKey[], signingKey: PrivateKey | undefined, hiddenRecipients: boolean, date: Date) {
  return {
    encryptionKeys,
    ...(signingKey ? { signingKeys: signingKey } : {}),
    wildcard: hiddenRecipients,
    date,
    format: 'armored' as const,
    config: pgpConfig(),
  };
}

/** Everything of an RFC 3156 section 4 multipart/encrypted body but the armored data itself. */
export function encryptedFrame(): { contentType: string; boundary: string; preamble: string; control: Uint8Array; dataFields: Uint8Array[] } {
  const boundary = newBoundary();
  return {
    contentType: `Content-Type: multipart/encrypted;\r\n protocol="application/pgp-encrypted";\r\n boundary="${boundary}"`,
    boundary,
    preamble: 'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)',
    control: entityBytes(
      [encodeUtf8('Content-Type: application/pgp-encrypted'), encodeUtf8('Content-Description: PGP/MIME version identification')],
      encodeUtf8('Version: 1\r\n'),
    ),
    dataFields: [
      encodeUtf8('Content-Type: application/octet-stream; name="encrypted.asc"'),
      encodeUtf8('Content-Description: OpenPGP encrypted message'),
      encodeUtf8('Content-Disposition: inline; filename="encrypted.asc"'),
    ],
  };
}
