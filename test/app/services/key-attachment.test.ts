// keys.importAttachment: a public key that arrived as a mail attachment enters the keyring undecided, noting the message it came with.
import { generateKey, readPrivateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../../crypto/index.js';
import type { AccountView, KeyView, MessageView } from '../../../app/contract/views.js';
import { ServiceRuntime } from '../../../app/services/runtime.js';
import { servicesWorld, type ServicesWorld } from './services-world.js';

const PASSPHRASE = 'key attachment passphrase';
let world: ServicesWorld;
let account: AccountView;
const call = <T>(method: string, input?: unknown): Promise<T> => world.call<T>(method, input);
const refusal = (method: string, input: unknown): Promise<string> => call(method, input).then(() => 'no refusal', (e: Error) => e.message);

interface Attachment {
  name: string;
  type: string;
  text: string;
}

/** A multipart/mixed message from `from` with a text body and the attachments, as plain RFC 5322 bytes. */
function mixed(from: string, subject: string, attachments: Attachment[]): Uint8Array {
  const parts = attachments.map(
    (a) => `--b1\r\nContent-Type: ${a.type}; name="${a.name}"\r\nContent-Disposition: attachment; filename="${a.name}"\r\n\r\n${a.text.replace(/\r?\n/g, '\r\n')}\r\n`,
  );
  const head = `From: ${from}\r\nTo: alice@example.org\r\nSubject: ${subject}\r\nDate: Sun, 29 Nov 2026 04:00:00 +0000\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n`;
  return new TextEncoder().encode(`${head}--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMy key is attached.\r\n${parts.join('')}--b1--\r\n`);
}

/** Stores `raw` in Alice's INBOX the way sync does (services locked meanwhile, so only one process has the store open) and returns its id. */
async function deliver(raw: Uint8Array, uid: number, subject: string): Promise<number> {
  world.running.lock();
  const runtime = new ServiceRuntime(world.profile);
  await runtime.unlock(PASSPHRASE);
  try {
    const { store } = runtime.need().mail;
    const folderId = store.accounts.folder(account.id, 'INBOX');
    return store.messages.put({ accountId: account.id, folderId, uid, uidvalidity: 1, subject, from: 'someone', date: new Date(), raw });
  } finally {
    runtime.lock();
    await call('session.unlock', { passphrase: PASSPHRASE });
  }
}

beforeAll(async () => {
  world = await servicesWorld('key-attachment');
  await call('session.unlock', { passphrase: PASSPHRASE });
  const server = { host: '127.0.0.1', port: 9, security: 'tls' };
  account = await call<AccountView>('accounts.save', { address: 'alice@example.org', name: 'Alice', user: 'alice', password: 'pw', imap: server, smtp: server });
  await call('keys.generate', { name: 'Alice', address: 'alice@example.org' });
}, 60_000);
afterAll(async () => {
  await world?.cleanup();
});

describe('importing a key attached to a message', () => {
  it('imports the public key of a signed mail undecided, with the message as where it came from', async () => {
    const bob = await generateKey({ userIDs: [{ name: 'Bob', email: 'bob@example.org' }], format: 'armored' });
    const plain = mixed('Bob <bob@example.org>', 'My new key', [{ name: 'bob.asc', type: 'application/pgp-keys', text: bob.publicKey }]);
    const signed = await seal({ message: plain, sign: true, encrypt: false, signingKey: await readPrivateKey({ armoredKey: bob.privateKey }), autocrypt: false });
    const id = await deliver(signed, 1, 'My new key');

    const view = await call<MessageView>('mail.read', { messageId: id });
    expect(view.report.attachments.map((a) => a.name)).toEqual(['bob.asc']);
    expect(view.keyAttachments).toEqual([0]);

    const imported = await call<KeyView[]>('keys.importAttachment', { messageId: id, index: 0 });
    expect(imported.map((k) => [k.userIds[0]?.address, k.level, k.secret])).toEqual([['bob@example.org', 'undecided', false]]);
    const [listed] = await call<KeyView[]>('keys.list', { filter: 'bob@example.org' });
    expect(listed?.provenances?.map((p) => [p.kind, p.detail])).toEqual([['attachment', 'attached to "My new key" from bob@example.org']]);
  });

  it('turns a new key for an address with an accepted key into a key change, never the key in use', async () => {
    const old = await generateKey({ userIDs: [{ email: 'carol@example.org' }], format: 'armored' });
    const [accepted] = await call<KeyView[]>('keys.import', { armored: old.publicKey });
    await call('keys.accept', { fingerprint: accepted?.fingerprint, level: 'unverified' });
    const next = await generateKey({ userIDs: [{ email: 'carol@example.org' }], format: 'armored' });
    const id = await deliver(mixed('carol@example.org', 'New key', [{ name: 'key.pgp', type: 'application/octet-stream', text: next.publicKey }]), 2, 'New key');

    const [changed] = await call<KeyView[]>('keys.importAttachment', { messageId: id, index: 0 });
    expect(changed?.level).toBe('undecided');
    expect(changed?.keyChange).toMatchObject({ addresses: ['carol@example.org'], replaces: [accepted?.fingerprint] });
  });

  it('refuses a secret key in one line and stores nothing', async () => {
    const dave = await generateKey({ userIDs: [{ email: 'dave@example.org' }], format: 'armored' });
    const id = await deliver(mixed('dave@example.org', 'Backup', [{ name: 'dave.asc', type: 'application/pgp-keys', text: dave.privateKey }]), 3, 'Backup');
    expect((await call<MessageView>('mail.read', { messageId: id })).keyAttachments).toEqual([]);
    expect(await refusal('keys.importAttachment', { messageId: id, index: 0 })).toBe(
      'keys.importAttachment: bad-key: this attachment holds a secret key; import it from the key manager if it is yours',
    );
    expect(await call<KeyView[]>('keys.list', { filter: 'dave@example.org' })).toEqual([]);
  });

  it('refuses an attachment that is not a key in one line, and marks neither it nor a .asc signature as a key', async () => {
    const id = await deliver(
      mixed('erin@example.org', 'Notes', [
        { name: 'notes.txt', type: 'text/plain', text: 'nothing here' },
        { name: 'notes.txt.asc', type: 'application/pgp-signature', text: '-----BEGIN PGP SIGNATURE-----\nnot one\n-----END PGP SIGNATURE-----' },
      ]),
      4,
      'Notes',
    );
    expect((await call<MessageView>('mail.read', { messageId: id })).keyAttachments).toEqual([]);
    expect(await refusal('keys.importAttachment', { messageId: id, index: 0 })).toBe(
      'keys.importAttachment: bad-key: this attachment is not an OpenPGP key (application/pgp-keys, or a .asc, .key or .pgp file)',
    );
    expect(await refusal('keys.importAttachment', { messageId: id, index: 1 })).toBe('keys.importAttachment: bad-key: this attachment holds no OpenPGP public key');
    expect(await refusal('keys.importAttachment', { messageId: id, index: 2 })).toBe('keys.importAttachment: bad-option: message ' + id + ' has no attachment 3');
  });

  it('refuses the attachments of mail that could not be decrypted, as reply does', async () => {
    // A key for Frank and for an Alice address that is not Alice's key: she cannot decrypt what is sealed to it.
    const stranger = await generateKey({ userIDs: [{ email: 'frank@example.org' }, { email: 'alice@example.org' }], format: 'object' });
    const frank = mixed('frank@example.org', 'Secret', [{ name: 'frank.asc', type: 'application/pgp-keys', text: stranger.publicKey.armor() }]);
    const sealed = await seal({ message: frank, sign: false, encrypt: true, encryptionKeys: [stranger.publicKey], senderKey: stranger.publicKey, autocrypt: false });
    const id = await deliver(sealed, 5, 'Secret');
    expect((await call<MessageView>('mail.read', { messageId: id })).keyAttachments).toEqual([]);
    expect(await refusal('keys.importAttachment', { messageId: id, index: 0 })).toMatch(/^keys\.importAttachment: decrypt-failed: /);
  });
});
