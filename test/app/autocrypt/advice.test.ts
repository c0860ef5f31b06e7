// The recommendation compose gets: stored peer states, with expired and rejected keys counted as none.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { autocryptAdvice } from '../../../app/autocrypt/advice.js';
import { learnFromMessages } from '../../../app/autocrypt/learn.js';
import { Keyring } from '../../../app/keyring.js';
import { person, type Person } from '../../helpers/keys.js';
import { autocryptHeader, receivedMail } from './autocrypt-mail.js';

// Keys are made now, so the advice is asked now: a key is not valid before its creation.
const NOW = new Date();
let bob: Person, shortLived: Person;
let profile: string;
let storeKey: Uint8Array;
let keyring: Keyring;

beforeAll(async () => {
  [bob, shortLived] = await Promise.all([
    person('Bob', 'bob@example.org'),
    person('Sam', 'sam@example.org', { expiresInSeconds: 3600, date: new Date(NOW.getTime() - 60_000) }),
  ]);
});
beforeEach(async () => {
  profile = await mkdtemp(join(tmpdir(), 'sealmail-autocrypt-advice-'));
  storeKey = new Uint8Array(randomBytes(32));
  keyring = await Keyring.open({ profile });
  const messages = [bob, shortLived].map((p) => receivedMail({ from: p.address, date: new Date(NOW.getTime() - 86_400_000).toUTCString(), headers: [autocryptHeader(p.address, p.publicKey, { preferEncrypt: 'mutual' })] }));
  await learnFromMessages({ profile, storeKey, keyring, ownAddresses: ['me@example.org'], messages, now: NOW });
});
afterEach(() => rm(profile, { recursive: true, force: true }));

const advice = (recipients: string[], date = NOW, own: 'mutual' | 'nopreference' = 'mutual') =>
  autocryptAdvice({ profile, storeKey, keyring, recipients, replyToEncrypted: false, ownPreferEncrypt: own, date });

describe('Autocrypt advice for compose', () => {
  it('both sides mutual with a current key: encrypt', async () => {
    expect((await advice(['bob@example.org', 'sam@example.org'])).recommendation).toBe('encrypt');
  });

  it("the user's own setting decides: without their mutual, a mutual peer is only available", async () => {
    expect((await advice(['bob@example.org'], NOW, 'nopreference')).recommendation).toBe('available');
  });

  it('a key expired since it was offered counts as none: disable', async () => {
    const result = await advice(['bob@example.org', 'sam@example.org'], new Date(NOW.getTime() + 2 * 3600_000));
    expect(result.recipients.map((r) => r.recommendation)).toEqual(['encrypt', 'disable']);
    expect(result.recommendation).toBe('disable');
  });

  it('a key the user rejected in the keyring counts as none', async () => {
    await keyring.setAcceptance(bob.publicKey.getFingerprint(), 'unaccepted');
    expect((await advice(['bob@example.org'])).recipients[0]?.recommendation).toBe('disable');
  });
});
