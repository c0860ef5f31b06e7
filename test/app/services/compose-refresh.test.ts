// Compose's send refreshes recipients' keys that are about to expire, as `sealmail send` does, and says what came of it.
import { generateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, RecipientPolicy, SendOutcome } from '../../../app/contract/views.js';
import { servicesWorld, type ServicesWorld } from './services-world.js';

let world: ServicesWorld;
let account: AccountView;
const call = <T>(method: string, input?: unknown): Promise<T> => world.call<T>(method, input);

beforeAll(async () => {
  world = await servicesWorld('compose-refresh');
  await call('session.unlock', { passphrase: 'compose refresh passphrase' });
  // Nothing listens on port 9: the message is queued, which is all this test needs.
  const server = { host: '127.0.0.1', port: 9, security: 'tls' };
  account = await call<AccountView>('accounts.save', { address: 'alice@example.org', name: 'Alice', user: 'alice', password: 'pw', imap: server, smtp: server });
  await call('keys.generate', { name: 'Alice', address: 'alice@example.org' });
}, 60_000);
afterAll(async () => {
  await world?.cleanup();
});

const draft = (to: string) => ({ id: null, accountId: account.id, to: [to], cc: [], bcc: [], subject: 'refresh', body: 'hello', sign: true, encrypt: true, attachments: [], inReplyTo: null });

describe('compose send and expiring keys', () => {
  it("tells which recipient key was due for a refresh and why it could not be (imported by hand: no directory to ask)", async () => {
    const soon = await generateKey({ userIDs: [{ email: 'bob@example.org' }], keyExpirationTime: 10 * 24 * 3600, format: 'armored' });
    await call('keys.import', { armored: soon.publicKey });
    const outcome = await call<SendOutcome>('compose.send', { draft: draft('bob@example.org') });
    expect(outcome.sealed).toBe('signed and encrypted');
    expect(outcome.refreshed).toHaveLength(1);
    expect(outcome.refreshed?.[0]).toMatch(/^bob@example\.org's key expires \d{4}-\d\d-\d\d and came from no key directory, so it cannot be refreshed/);
  });

  it("gives Autocrypt's recommendation beside the keyring's answer: a key imported by hand is usable, yet Autocrypt has never seen bob", async () => {
    const policy = await call<RecipientPolicy>('compose.policy', { accountId: account.id, to: ['bob@example.org'], cc: [], bcc: [] });
    expect(policy).toMatchObject({ canEncrypt: true, scheme: 'pgp' });
    expect(policy.autocrypt).toMatchObject({ recommendation: 'disable', recipients: [{ address: 'bob@example.org', recommendation: 'disable' }] });
    expect(policy.autocrypt?.recipients[0]?.reason).toMatch(/\S/);
  });

  it('says nothing of refreshing when no key is due', async () => {
    const later = await generateKey({ userIDs: [{ email: 'carol@example.org' }], format: 'armored' });
    await call('keys.import', { armored: later.publicKey });
    const outcome = await call<SendOutcome>('compose.send', { draft: draft('carol@example.org') });
    expect(outcome.sealed).toBe('signed and encrypted');
    expect(outcome.refreshed).toBeUndefined();
  });
});
