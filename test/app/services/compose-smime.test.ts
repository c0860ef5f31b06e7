// The compose policy picks S/MIME when certificates cover what OpenPGP keys cannot, as `send --smime` would seal it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/contract/dispatch.js';
import type { AccountView, RecipientPolicy } from '../../../app/contract/views.js';
import { makeCertificateFixtures, P12_PASSWORD, type CertificateFixtures } from '../certificates/fixtures.js';
import { servicesWorld, type ServicesWorld } from './services-world.js';

let world: ServicesWorld;
let fixtures: CertificateFixtures;
let account: AccountView;
const call = <T>(method: string, input?: unknown): Promise<T> => world.call<T>(method, input);
const policy = (to: string[]) => call<RecipientPolicy>('compose.policy', { accountId: account.id, to, cc: [], bcc: [] });

beforeAll(async () => {
  fixtures = makeCertificateFixtures();
  world = await servicesWorld('compose-smime');
  await call('session.unlock', { passphrase: 'compose smime passphrase' });
  const server = { host: 'mail.example.org', port: 993, security: 'tls' };
  account = await call<AccountView>('accounts.save', { address: 'alice@example.org', name: 'Alice', user: 'alice', password: 'pw', imap: server, smtp: { ...server, port: 465 } });
}, 60_000);
afterAll(async () => {
  fixtures?.cleanup();
  await world?.cleanup();
});

describe('compose policy with S/MIME certificates', () => {
  it('is OpenPGP and cannot sign while the sender has neither a key nor a certificate', async () => {
    expect(await policy(['bob@example.org'])).toMatchObject({ scheme: 'pgp', canSign: false, canEncrypt: false, reasonCode: 'no-own-key' });
  });

  it('is S/MIME, able to encrypt, once the sender has her .p12 and the recipient a certificate; sign-only S/MIME for a recipient without one', async () => {
    await call('certs.importIdentity', { base64: Buffer.from(fixtures.read('modern.p12')).toString('base64'), password: P12_PASSWORD });
    expect(await policy(['bob@example.org'])).toMatchObject({ scheme: 'smime', canSign: true, canEncrypt: false, reasonCode: 'no-key' });

    await call('certs.importCertificate', { pem: new TextDecoder().decode(fixtures.read('bob.pem')) });
    const both = await policy(['bob@example.org']);
    expect(both).toMatchObject({ scheme: 'smime', canSign: true, canEncrypt: true, reason: null, keyless: [] });
    expect(both.recipients).toEqual([{ address: 'bob@example.org', fingerprint: fixtures.fingerprint('bob.pem'), problem: null, problemCode: null, scheme: 'smime' }]);

    // carol has neither: S/MIME can still sign, nothing can encrypt to her.
    expect(await policy(['bob@example.org', 'carol@example.org'])).toMatchObject({ scheme: 'smime', canSign: true, canEncrypt: false });
  });

  it('prefers OpenPGP when keys cover everyone', async () => {
    await call('keys.generate', { name: 'Alice', address: 'alice@example.org' });
    const bobKey = await (await import('openpgp')).generateKey({ userIDs: [{ name: 'Bob', email: 'bob@example.org' }], format: 'armored' });
    await call('keys.import', { armored: bobKey.publicKey });
    expect(await policy(['bob@example.org'])).toMatchObject({ scheme: 'pgp', canEncrypt: true });
  });

  it('says who has which when everyone has a key but not of one scheme, and an encrypted send is refused with the same words', async () => {
    // erin has only an OpenPGP key; bob, once his OpenPGP key is refused, only his certificate.
    const erinKey = await (await import('openpgp')).generateKey({ userIDs: [{ name: 'Erin', email: 'erin@example.org' }], format: 'armored' });
    await call('keys.import', { armored: erinKey.publicKey });
    const bobKey = (await call<{ fingerprint: string; userIds: { address: string | null }[] }[]>('keys.list', {})).find((k) => k.userIds.some((u) => u.address === 'bob@example.org'));
    await call('keys.accept', { fingerprint: bobKey?.fingerprint, level: 'unaccepted' });

    const mixed = await policy(['erin@example.org', 'bob@example.org']);
    expect(mixed).toMatchObject({ scheme: 'pgp', canSign: true, canEncrypt: false, reasonCode: 'mixed', keyless: [] });
    expect(mixed.recipients.map((r) => [r.address, r.scheme])).toEqual([
      ['erin@example.org', 'pgp'],
      ['bob@example.org', 'smime'],
    ]);
    expect(mixed.recipients[1]?.fingerprint).toBe(fixtures.fingerprint('bob.pem'));
    expect(mixed.reason).toBe('one message is sealed with one scheme: erin@example.org can get OpenPGP, bob@example.org only S/MIME; send them separate messages');

    // Sending with Encrypt on gets the same answer, before anything is queued.
    const send = await dispatch(world.running.services, 'compose.send', {
      draft: { id: null, accountId: account.id, to: ['erin@example.org', 'bob@example.org'], cc: [], bcc: [], subject: 'mixed', body: 'hello', sign: true, encrypt: true, attachments: [], inReplyTo: null },
    });
    expect(send).toEqual({ ok: false, error: { code: 'no-recipient-key', message: mixed.reason } });

    // Someone with nothing at all is named as keyless, not as "mixed".
    expect(await policy(['erin@example.org', 'bob@example.org', 'frank@example.org'])).toMatchObject({ reasonCode: 'no-key', keyless: ['frank@example.org'] });
  });
});
