// The UI's services through dispatch(), as every transport calls them, against the real Postfix + Dovecot rig: a whole mail cycle.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey, readKey, revokeKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/contract/dispatch.js';
import type { Result } from '../../../app/contract/result.js';
import type { AccountView, Draft, FolderView, KeyView, MessageSummary, MessageView, RecipientPolicy, SearchHitView, SendOutcome, ServiceEvent } from '../../../app/contract/views.js';
import { createServices, type RunningServices } from '../../../app/services/index.js';
import { rawKey } from '../../../app/vault/key-source.js';
import { startRig, type Rig, type RigUser } from '../../rig/rig.js';

const PASS = 'services test passphrase';
let rig: Rig;
let dir: string;

interface Person {
  running: RunningServices;
  call<T>(method: string, input?: unknown): Promise<T>;
  raw(method: string, input?: unknown): Promise<Result<unknown>>;
  account: AccountView;
  key: KeyView;
  events: ServiceEvent[];
}

async function person(user: RigUser, name: string): Promise<Person> {
  const running = createServices({ profile: join(dir, name) });
  const raw = (method: string, input?: unknown) => dispatch(running.services, method, input);
  const call = async <T>(method: string, input?: unknown): Promise<T> => {
    const result = await raw(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  const events: ServiceEvent[] = [];
  running.onEvent((e) => events.push(e));
  expect(await call('session.state')).toEqual({ exists: false, unlocked: false });
  expect(await call('session.unlock', { passphrase: PASS })).toEqual({ exists: true, unlocked: true });
  const { imaps } = rig.imap;
  const { submissions } = rig.smtp;
  const server = { imap: { host: imaps.host, port: imaps.port, security: 'tls' }, smtp: { host: submissions.host, port: submissions.port, security: 'tls' } };
  const account = await call<AccountView>('accounts.save', { address: user.address, name, user: user.address, password: user.password, ...server, caPem: rig.caPem });
  const key = await call<KeyView>('keys.generate', { name, address: user.address });
  return { running, call, raw, account, key, events };
}

let alice: Person;
let bob: Person;

beforeAll(async () => {
  [rig, dir] = await Promise.all([startRig(), mkdtemp(join(tmpdir(), 'sealmail-services-'))]);
  [alice, bob] = await Promise.all([person(rig.users.alice, 'Alice'), person(rig.users.bob, 'Bob')]);
  const [alicePublic, bobPublic] = await Promise.all([
    alice.call<{ armored: string }>('keys.export', { fingerprint: alice.key.fingerprint }),
    bob.call<{ armored: string }>('keys.export', { fingerprint: bob.key.fingerprint }),
  ]);
  expect(alicePublic.armored).not.toContain('PRIVATE KEY');
  await Promise.all([alice.call('keys.import', bobPublic), bob.call('keys.import', alicePublic)]);
}, 120_000);
afterAll(async () => {
  alice?.running.lock();
  bob?.running.lock();
  await rig?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const draft = (from: Person, to: string[], subject: string, body: string, extra: Partial<Draft> = {}): Draft => ({
  id: null, accountId: from.account.id, to, cc: [], bcc: [], subject, body, sign: true, encrypt: true, attachments: [], inReplyTo: null, ...extra,
});

async function arrived(who: Person, subject: string): Promise<MessageSummary> {
  for (let i = 0; i < 60; i++) {
    await who.call('mail.sync', {});
    const inbox = (await who.call<FolderView[]>('mail.folders', {})).find((f) => f.path === 'INBOX');
    const found = inbox && (await who.call<MessageSummary[]>('mail.messages', { folderId: inbox.id })).find((m) => m.subject === subject);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`"${subject}" never arrived`);
}

describe('the desktop vault key', () => {
  it('opens the vault with the keychain-held key; the passphrase then unlocks only the secret keys, and a wrong one is refused', async () => {
    const profile = join(dir, 'Keychain');
    const vaultKey = rawKey(randomBytes(32));
    const first = createServices({ profile, vaultKey });
    expect(await dispatch(first.services, 'session.unlock', { passphrase: PASS })).toMatchObject({ ok: true });
    expect(await dispatch(first.services, 'keys.generate', { name: 'K', address: 'k@example.test' })).toMatchObject({ ok: true });
    first.lock();
    const vault = JSON.parse(await readFile(join(profile, 'vault.json'), 'utf8')) as { kdf: { name: string } };
    expect(vault.kdf.name).not.toBe('scrypt');

    const again = createServices({ profile, vaultKey });
    expect(await dispatch(again.services, 'session.unlock', { passphrase: 'not the passphrase' })).toMatchObject({ ok: false, error: { code: 'wrong-passphrase' } });
    expect(await dispatch(again.services, 'session.unlock', { passphrase: PASS })).toMatchObject({ ok: true, value: { unlocked: true } });
    again.lock();
    // Without the keychain's key the passphrase alone does not open this vault.
    expect(await dispatch(createServices({ profile }).services, 'session.unlock', { passphrase: PASS })).toMatchObject({ ok: false });
  });
});

describe('the UI services over the real rig', () => {
  it('refuses bad arguments, unknown methods and a locked profile with a one-line Result, never a throw', async () => {
    expect(await alice.raw('accounts.save', { address: 'x@y.z', name: 'x', user: 'x', password: 'p', imap: { host: 'h', port: 0, security: 'tls' }, smtp: { host: 'h', port: 465, security: 'tls' } })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringMatching(/^accounts\.save: imap\.port /) },
    });
    expect(await alice.raw('accounts.save', { address: 'x@y.z', extra: true })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await alice.raw('imap.raw', {})).toEqual({ ok: false, error: { code: 'bad-request', message: 'there is no method imap.raw' } });
    expect(await alice.raw('__proto__.constructor', {})).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await alice.raw('mail.imap', { secure: false })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const locked = createServices({ profile: join(dir, 'Alice') });
    expect(await dispatch(locked.services, 'mail.folders', {})).toMatchObject({ ok: false, error: { code: 'passphrase-required', message: expect.stringMatching(/locked/) } });
    const wrong = await dispatch(locked.services, 'session.unlock', { passphrase: 'not it' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'wrong-passphrase' } });
    expect(JSON.stringify(wrong)).not.toMatch(/\n\s+at /);
  });

  it('checks both servers in plain words before an account is saved', async () => {
    const { imaps } = rig.imap;
    const { submission } = rig.smtp;
    const reviews = await alice.call<{ kind: string; report: { verdict: string; checks: { id: string }[] } | null }[]>('accounts.check', {
      imap: { host: imaps.host, port: imaps.port, security: 'tls' },
      smtp: { host: submission.host, port: submission.port, security: 'starttls' },
      caPem: rig.caPem,
    });
    expect(reviews.map((r) => [r.kind, r.report?.verdict])).toEqual([['imap', 'good'], ['smtp', 'good']]);
    expect(reviews[1]?.report?.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['open-relay', 'user-enumeration', 'credential-exposure']));
  });

  it('tells compose who has a key, and why encryption is impossible otherwise', async () => {
    const both = await alice.call<RecipientPolicy>('compose.policy', { accountId: alice.account.id, to: [rig.users.bob.address], cc: [], bcc: [] });
    expect(both).toMatchObject({
      canEncrypt: true,
      canSign: true,
      reason: null,
      reasonCode: null,
      keyless: [],
      recipients: [{ address: rig.users.bob.address, fingerprint: bob.key.fingerprint, problem: null, problemCode: null, scheme: 'pgp' }],
    });
    const stranger = await alice.call<RecipientPolicy>('compose.policy', { accountId: alice.account.id, to: [rig.users.bob.address, 'carol@example.test'], cc: [], bcc: [] });
    expect(stranger).toMatchObject({ canEncrypt: false, reason: 'no key for carol@example.test', reasonCode: 'no-key', keyless: ['carol@example.test'] });
    expect(stranger.recipients[1]).toEqual({ address: 'carol@example.test', fingerprint: null, problem: 'no key for this address in the keyring', problemCode: 'no-key', scheme: null });
    expect(await alice.call<RecipientPolicy>('compose.policy', { accountId: alice.account.id, to: [], cc: [], bcc: [] })).toMatchObject({ canEncrypt: false, reasonCode: 'no-recipient', reason: 'add a recipient' });
  });

  it('tells compose why a recipient whose key is in the keyring still cannot get encrypted mail: expired, revoked, refused', async () => {
    const day = 24 * 60 * 60;
    const expired = await generateKey({ userIDs: [{ email: 'dave@example.test' }], date: new Date(Date.now() - 3 * day * 1000), keyExpirationTime: day, format: 'armored' });
    const revoking = await generateKey({ userIDs: [{ email: 'erin@example.test' }], format: 'armored' });
    const revoked = await revokeKey({ key: await readKey({ armoredKey: revoking.publicKey }), revocationCertificate: revoking.revocationCertificate, format: 'armored' });
    const refused = await generateKey({ userIDs: [{ email: 'frank@example.test' }], format: 'armored' });
    for (const armored of [expired.publicKey, revoked.publicKey, refused.publicKey]) await alice.call('keys.import', { armored });
    const [frank] = await alice.call<KeyView[]>('keys.list', { filter: 'frank@example.test' });
    await alice.call('keys.accept', { fingerprint: frank?.fingerprint, level: 'unaccepted' });
    const addresses = ['dave@example.test', 'erin@example.test', 'frank@example.test'];
    const policy = await alice.call<RecipientPolicy>('compose.policy', { accountId: alice.account.id, to: addresses, cc: [], bcc: [] });
    expect(policy).toMatchObject({ canEncrypt: false, reasonCode: 'no-key', keyless: addresses });
    expect(policy.recipients.map((r) => [r.address, r.problemCode, r.fingerprint])).toEqual([
      ['dave@example.test', 'expired', null],
      ['erin@example.test', 'revoked', null],
      ['frank@example.test', 'rejected', null],
    ]);
    expect(policy.recipients[0]?.problem).toBe('the key for this address has expired');
  });

  it('sends an encrypted message with an attachment that bob syncs, reads as encrypted and validly signed, finds, flags and replies to', async () => {
    const tag = randomUUID().slice(0, 8);
    const subject = `Quarterly figures ${tag}`;
    const word = `marmalade${tag}`;
    const bytes = Buffer.from(`spreadsheet ${tag}\n`);
    const sent = await alice.call<SendOutcome>('compose.send', {
      draft: draft(alice, [rig.users.bob.address], subject, `The ${word} numbers are attached.`, { attachments: [{ name: 'figures.csv', type: 'text/csv', base64: bytes.toString('base64') }] }),
    });
    expect(sent).toMatchObject({ state: 'sent', sealed: 'signed and encrypted', recipients: [rig.users.bob.address], copyPending: false, reasonCode: null, reasonDetail: null });

    const summary = await arrived(bob, subject);
    expect(summary.seen).toBe(false);
    expect(bob.events).toContainEqual(expect.objectContaining({ type: 'new-mail' }));
    const view = await bob.call<MessageView>('mail.read', { messageId: summary.id });
    expect(view.report).toMatchObject({ encryption: { state: 'encrypted' }, signature: { state: 'valid', signer: { address: rig.users.alice.address } }, subject });
    expect(view.report.text).toContain(word);
    expect(view.report.attachments).toEqual([expect.objectContaining({ name: 'figures.csv', size: bytes.length })]);
    expect(view.report.attachments[0]).not.toHaveProperty('content');
    expect(view.remoteContentAllowed).toBe(false);
    const saved = await bob.call<{ name: string; base64: string }>('mail.attachment', { messageId: summary.id, index: 0 });
    expect(Buffer.from(saved.base64, 'base64')).toEqual(bytes);

    const hits = await bob.call<SearchHitView[]>('mail.search', { query: word });
    expect(hits.map((h) => h.id)).toEqual([summary.id]);

    const flagged = await bob.call<MessageSummary>('mail.setFlags', { messageId: summary.id, seen: true, flagged: true });
    expect(flagged).toMatchObject({ seen: true, flagged: true });
    const inbox = (await bob.call<FolderView[]>('mail.folders', {})).find((f) => f.path === 'INBOX');
    expect(inbox?.unread).toBe(0);

    const reply = await bob.call<Draft>('compose.reply', { messageId: summary.id, mode: 'reply' });
    expect(reply).toMatchObject({ to: [rig.users.alice.address], subject: `Re: ${subject}`, id: null });
    expect(reply.body).toContain(`> The ${word} numbers are attached.`);
    expect(reply.body).not.toContain('spreadsheet');
  });

  it('keeps drafts encrypted in the vault and lists, loads and deletes them', async () => {
    const saved = await alice.call<Draft>('compose.saveDraft', { draft: draft(alice, [rig.users.bob.address], 'unfinished', 'half a thought') });
    expect(saved.id).toBeGreaterThan(0);
    expect(await alice.call<Draft[]>('compose.drafts')).toEqual([saved]);
    expect(await alice.call<Draft>('compose.loadDraft', { id: saved.id })).toEqual(saved);
    await alice.call('compose.deleteDraft', { id: saved.id });
    expect(await alice.call<Draft[]>('compose.drafts')).toEqual([]);
    expect(await alice.raw('compose.loadDraft', { id: saved.id })).toMatchObject({ ok: false, error: { code: 'bad-option' } });
  });

  it('lists keys with acceptance and provenance, verifies a key, and locks', async () => {
    const keys = await alice.call<KeyView[]>('keys.list', { filter: 'bob' });
    expect(keys).toEqual([expect.objectContaining({ fingerprint: bob.key.fingerprint, secret: false, acceptance: 'imported', canEncrypt: true })]);
    expect(keys[0]?.provenance).toMatch(/imported by hand/);
    expect(keys[0]).toMatchObject({ provenanceKind: 'imported', provenanceFrom: null });
    expect(await alice.call<KeyView>('keys.accept', { fingerprint: bob.key.fingerprint, level: 'verified' })).toMatchObject({ acceptance: 'verified' });
    const own = await alice.call<KeyView[]>('keys.list', {});
    expect(own.find((k) => k.secret)).toMatchObject({ acceptance: 'own', provenance: 'generated here', provenanceKind: 'generated', provenanceFrom: null });
    expect(await alice.call('settings.set', { passphraseCacheMinutes: 5 })).toMatchObject({ passphraseCacheMinutes: 5, defaultEncrypt: true });
  });

  // Last: it locks bob's services.
  it('announces new mail live through IDLE once watching, without a sync call, and stops watching on lock', async () => {
    const watcher = bob;
    try {
      await watcher.call('mail.sync', {});
      expect(await watcher.call('mail.watch', {})).toEqual({ problems: [] });
      const before = watcher.events.length;
      const subject = `Live ${randomUUID().slice(0, 8)}`;
      await alice.call('compose.send', { draft: draft(alice, [rig.users.bob.address], subject, 'pushed, not polled') });
      for (let i = 0; i < 80 && !watcher.events.slice(before).some((e) => e.type === 'new-mail'); i++) await new Promise((r) => setTimeout(r, 250));
      const event = watcher.events.slice(before).find((e) => e.type === 'new-mail');
      expect(event).toMatchObject({ type: 'new-mail', count: 1 });
      const folderId = event?.type === 'new-mail' ? event.folderId : 0;
      const listed = await watcher.call<MessageSummary[]>('mail.messages', { folderId });
      expect(listed.map((m) => m.subject)).toContain(subject);
    } finally {
      expect(await watcher.call('session.lock', {})).toEqual({ exists: true, unlocked: false });
      expect(watcher.events.at(-1)).toEqual({ type: 'locked' });
    }
  });
});
