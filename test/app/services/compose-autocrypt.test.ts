// The user's Autocrypt prefer-encrypt setting: kept with the other settings (older ones load with the default), and what compose's send announces.
import { generateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/contract/dispatch.js';
import type { AccountView, SendOutcome, Settings } from '../../../app/contract/views.js';
import { ServiceRuntime } from '../../../app/services/runtime.js';
import { servicesWorld, type ServicesWorld } from './services-world.js';

const PASSPHRASE = 'compose autocrypt passphrase';
let world: ServicesWorld;
let account: AccountView;
const call = <T>(method: string, input?: unknown): Promise<T> => world.call<T>(method, input);

/** The profile as another Sealmail process sees it: the services are locked meanwhile, so only one has the store open. */
async function withProfile<T>(fn: (runtime: ServiceRuntime) => Promise<T> | T): Promise<T> {
  world.running.lock();
  const runtime = new ServiceRuntime(world.profile);
  await runtime.unlock(PASSPHRASE);
  try {
    return await fn(runtime);
  } finally {
    runtime.lock();
    await call('session.unlock', { passphrase: PASSPHRASE });
  }
}

beforeAll(async () => {
  world = await servicesWorld('compose-autocrypt');
  await call('session.unlock', { passphrase: PASSPHRASE });
  // Nothing listens on port 9: the message stays queued in the outbox, where the test reads it.
  const server = { host: '127.0.0.1', port: 9, security: 'tls' };
  account = await call<AccountView>('accounts.save', { address: 'alice@example.org', name: 'Alice', user: 'alice', password: 'pw', imap: server, smtp: server });
  await call('keys.generate', { name: 'Alice', address: 'alice@example.org' });
  const bob = await generateKey({ userIDs: [{ email: 'bob@example.org' }], format: 'armored' });
  await call('keys.import', { armored: bob.publicKey });
}, 60_000);
afterAll(async () => {
  await world?.cleanup();
});

describe('the Autocrypt prefer-encrypt setting', () => {
  it('loads settings saved before it existed as nopreference, and keeps a change', async () => {
    const old = { defaultSign: true, defaultEncrypt: false, passphraseCacheMinutes: 12, language: 'ja' };
    await withProfile((runtime) => runtime.need().mail.vault.set('settings', JSON.stringify(old)));
    expect(await call<Settings>('settings.get')).toEqual({ ...old, autocryptPreferEncrypt: 'nopreference' });
    expect(await call<Settings>('settings.set', { autocryptPreferEncrypt: 'mutual' })).toEqual({ ...old, autocryptPreferEncrypt: 'mutual' });
    expect(await call<Settings>('settings.get')).toMatchObject({ autocryptPreferEncrypt: 'mutual', language: 'ja' });
    expect(await dispatch(world.running.services, 'settings.set', { autocryptPreferEncrypt: 'always' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await call('settings.set', { autocryptPreferEncrypt: 'nopreference' });
    expect(await call<Settings>('settings.get')).toMatchObject({ autocryptPreferEncrypt: 'nopreference' });
  });

  it("compose's send announces prefer-encrypt=mutual only once the user opted in", async () => {
    const outerAutocrypt = async (subject: string): Promise<string> => {
      const draft = { id: null, accountId: account.id, to: ['bob@example.org'], cc: [], bcc: [], subject, body: 'hello', sign: true, encrypt: true, attachments: [], inReplyTo: null };
      expect((await call<SendOutcome>('compose.send', { draft })).state).toBe('queued');
      const raw = await withProfile((runtime) => runtime.need().mail.store.outbox.list().at(-1)?.raw.toString('latin1') ?? '');
      const header = raw.split('\r\n\r\n')[0] ?? '';
      return (/^Autocrypt: .*(?:\r\n[ \t].*)*/m.exec(header)?.[0] ?? '').replace(/\r\n[ \t]/g, ' ');
    };
    await call('settings.set', { autocryptPreferEncrypt: 'nopreference' });
    const quiet = await outerAutocrypt('no preference');
    expect(quiet).toMatch(/^Autocrypt: addr=alice@example\.org; keydata=/);
    expect(quiet).not.toMatch(/prefer-encrypt/i);

    await call('settings.set', { autocryptPreferEncrypt: 'mutual' });
    expect(await outerAutocrypt('mutual')).toMatch(/^Autocrypt: addr=alice@example\.org; prefer-encrypt=mutual; keydata=/);
  });
});
