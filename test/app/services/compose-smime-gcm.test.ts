// The compose service's GCM choice over the real rig: S/MIME mail sealed as AuthEnvelopedData when asked, CBC EnvelopedData by default, the choice kept in drafts and ignored for OpenPGP.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/contract/dispatch.js';
import type { AccountView, Draft, FolderView, MessageSummary, MessageView, RecipientPolicy, SendOutcome } from '../../../app/contract/views.js';
import { createServices, type RunningServices } from '../../../app/services/index.js';
import { startRig, type Rig, type RigUser } from '../../rig/rig.js';
import { makeCertificateFixtures, P12_PASSWORD, type CertificateFixtures } from '../certificates/fixtures.js';
import { maildirFile } from '../imap/imap-fixture.js';

const PASS = 'compose gcm passphrase';
let rig: Rig;
let dir: string;
let fx: CertificateFixtures;

interface Person {
  running: RunningServices;
  call<T>(method: string, input?: unknown): Promise<T>;
  account: AccountView;
}

async function person(user: RigUser, name: string, p12: string): Promise<Person> {
  const running = createServices({ profile: join(dir, name) });
  const call = async <T>(method: string, input?: unknown): Promise<T> => {
    const result = await dispatch(running.services, method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  await call('session.unlock', { passphrase: PASS });
  const { imaps } = rig.imap;
  const { submissions } = rig.smtp;
  const account = await call<AccountView>('accounts.save', {
    address: user.address, name, user: user.address, password: user.password, caPem: rig.caPem,
    imap: { host: imaps.host, port: imaps.port, security: 'tls' }, smtp: { host: submissions.host, port: submissions.port, security: 'tls' },
  });
  await call('certs.importIdentity', { base64: Buffer.from(fx.read(p12)).toString('base64'), password: P12_PASSWORD });
  await call('certs.addAnchor', { pem: new TextDecoder().decode(fx.read('ca.pem')) });
  return { running, call, account };
}

let alice: Person;
let bob: Person;

beforeAll(async () => {
  [rig, dir] = await Promise.all([startRig(), mkdtemp(join(tmpdir(), 'sealmail-compose-gcm-'))]);
  fx = makeCertificateFixtures({ domain: rig.domain });
  [alice, bob] = await Promise.all([person(rig.users.alice, 'Alice', 'modern.p12'), person(rig.users.bob, 'Bob', 'bob.p12')]);
  await alice.call('certs.importCertificate', { pem: new TextDecoder().decode(fx.read('bob.pem')) });
}, 120_000);

afterAll(async () => {
  for (const p of [alice, bob]) p?.running.lock();
  fx?.cleanup();
  await rig?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const draft = (subject: string, body: string, extra: Partial<Draft> = {}): Draft => ({
  id: null, accountId: alice.account.id, to: [rig.users.bob.address], cc: [], bcc: [], subject, body, sign: true, encrypt: true, attachments: [], inReplyTo: null, ...extra,
});

async function arrived(subject: string): Promise<MessageView> {
  for (let i = 0; i < 60; i++) {
    await bob.call('mail.sync', {});
    const inbox = (await bob.call<FolderView[]>('mail.folders', {})).find((f) => f.path === 'INBOX');
    const found = inbox && (await bob.call<MessageSummary[]>('mail.messages', { folderId: inbox.id })).find((m) => m.subject === subject);
    if (found) return bob.call<MessageView>('mail.read', { messageId: found.id });
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`"${subject}" never arrived`);
}

describe('compose.send with the S/MIME GCM choice', { timeout: 60_000 }, () => {
  const tag = randomUUID().slice(0, 8);

  it('seals S/MIME with AES-256-GCM (authEnveloped-data) when the draft asks; bob reads it as integrity-protected and signed by alice', async () => {
    expect(await alice.call<RecipientPolicy>('compose.policy', { accountId: alice.account.id, to: [rig.users.bob.address], cc: [], bcc: [] })).toMatchObject({ scheme: 'smime', canEncrypt: true });
    const subject = `GCM ${tag}`;
    const body = `sealed with galois ${tag}`;
    expect(await alice.call<SendOutcome>('compose.send', { draft: draft(subject, body, { gcm: true }) })).toMatchObject({ state: 'sent', sealed: 'signed and encrypted' });

    const raw = (await maildirFile(rig.users.bob.maildir, subject)).toString('latin1');
    expect(raw).toMatch(/^Content-Type: application\/pkcs7-mime; *smime-type=authEnveloped-data/im);
    expect(raw).not.toContain(body);

    const view = await arrived(subject);
    expect(view.report.encryption).toMatchObject({ state: 'encrypted', integrity: 'authenticated' });
    expect(view.report.signature).toMatchObject({ state: 'valid', signer: { address: rig.users.alice.address } });
    expect(view.report.text).toContain(body);
  });

  it('seals with AES-256-CBC (enveloped-data) without the choice; bob\'s report says it has no integrity protection', async () => {
    const subject = `CBC ${tag}`;
    const body = `sealed with chaining ${tag}`;
    expect(await alice.call<SendOutcome>('compose.send', { draft: draft(subject, body) })).toMatchObject({ state: 'sent', sealed: 'signed and encrypted' });

    const raw = (await maildirFile(rig.users.bob.maildir, subject)).toString('latin1');
    expect(raw).toMatch(/^Content-Type: application\/pkcs7-mime; *smime-type=enveloped-data/im);
    expect(raw).not.toContain(body);
    const view = await arrived(subject);
    expect(view.report.encryption).toMatchObject({ state: 'encrypted', integrity: 'none' });
    expect(view.remoteContentAllowed).toBe(false);
  });

  it('keeps the choice in a saved draft', async () => {
    const saved = await alice.call<Draft>('compose.saveDraft', { draft: draft(`Draft ${tag}`, 'later', { gcm: true }) });
    expect((await alice.call<Draft>('compose.loadDraft', { id: saved.id })).gcm).toBe(true);
    await alice.call('compose.deleteDraft', { id: saved.id });
  });

  it('ignores the choice when OpenPGP seals: the mail goes out as PGP/MIME, integrity-protected as OpenPGP always is', async () => {
    await Promise.all([alice.call('keys.generate', { name: 'Alice', address: rig.users.alice.address }), bob.call('keys.generate', { name: 'Bob', address: rig.users.bob.address })]);
    const [aliceKeys, bobKeys] = await Promise.all([alice.call<{ fingerprint: string }[]>('keys.list', {}), bob.call<{ fingerprint: string }[]>('keys.list', {})]);
    const exported = async (p: Person, fingerprint: string) => p.call<{ armored: string }>('keys.export', { fingerprint });
    await alice.call('keys.import', await exported(bob, bobKeys[0]?.fingerprint ?? ''));
    await bob.call('keys.import', await exported(alice, aliceKeys[0]?.fingerprint ?? ''));
    expect(await alice.call<RecipientPolicy>('compose.policy', { accountId: alice.account.id, to: [rig.users.bob.address], cc: [], bcc: [] })).toMatchObject({ scheme: 'pgp', canEncrypt: true });

    const subject = `OpenPGP ${tag}`;
    const body = `sealed with openpgp ${tag}`;
    expect(await alice.call<SendOutcome>('compose.send', { draft: draft(subject, body, { gcm: true }) })).toMatchObject({ state: 'sent', sealed: 'signed and encrypted' });
    const view = await arrived(subject);
    expect(view.report.encryption).toMatchObject({ state: 'encrypted', scheme: 'pgp-mime', integrity: 'authenticated' });
    expect(view.report.text).toContain(body);
  });
});
