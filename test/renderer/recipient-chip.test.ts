// A compose chip must never claim a key exists that the policy did not report.
import { describe, expect, it } from 'vitest';
import type { RecipientPolicy, RecipientProblem, RecipientStatus } from '../../app/contract/index.js';
import { translator } from '../../renderer/i18n/translate.js';
import { parseRecipients, recipientChip } from '../../renderer/recipient-chip.js';
import { policyReasonWords } from '../../renderer/service-words.js';

const t = translator('en');

const policy: RecipientPolicy = {
  recipients: [
    { address: 'bob@example.org', fingerprint: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', problem: null, problemCode: null, scheme: 'pgp' },
    { address: 'carol@example.org', fingerprint: null, problem: 'no key for this address in the keyring', problemCode: 'no-key', scheme: null },
    { address: 'dave@example.org', fingerprint: 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678', problem: 'the key for this address has expired', problemCode: 'expired', scheme: null },
    // A code from a newer service that this UI has no words for.
    { address: 'frank@example.org', fingerprint: null, problem: 'the key for this address is on hold', problemCode: 'on-hold' as RecipientProblem, scheme: null },
  ],
  canEncrypt: false,
  reason: 'no key for carol@example.org, dave@example.org, frank@example.org',
  reasonCode: 'no-key',
  keyless: ['carol@example.org', 'dave@example.org', 'frank@example.org'],
  canSign: true,
  scheme: 'pgp',
};

describe('recipient chips', () => {
  it('shows a key for a recipient the policy found one for, whatever the case of the address', () => {
    expect(recipientChip('Bob@Example.org', policy, t)).toMatchObject({ state: 'key', label: 'key' });
  });

  it("shows no key, with the service's reason in the UI's words, when there is none or it is unusable", () => {
    expect(recipientChip('carol@example.org', policy, t)).toMatchObject({ state: 'no-key', detail: 'There is no key for carol@example.org in your keyring.' });
    expect(recipientChip('dave@example.org', policy, t)).toMatchObject({ state: 'no-key', detail: 'The key for dave@example.org has expired.' });
    expect(recipientChip('dave@example.org', policy, translator('ja'))).toMatchObject({ state: 'no-key', detail: 'dave@example.org の鍵は有効期限が切れています。' });
  });

  it("falls back to the service's English words for a reason code it does not know, still as no key", () => {
    expect(recipientChip('frank@example.org', policy, translator('ja'))).toMatchObject({ state: 'no-key', label: '鍵なし', detail: 'the key for this address is on hold' });
  });

  it('says checking, never "key", while the policy is pending or does not mention the address', () => {
    expect(recipientChip('bob@example.org', null, t).state).toBe('checking');
    expect(recipientChip('erin@example.org', policy, t).state).toBe('checking');
  });

  it('shows an S/MIME certificate as such, and a key of the other scheme as unusable for this message, with the compose reason naming who has which', () => {
    const mixed: RecipientPolicy = {
      recipients: [
        { address: 'erin@example.org', fingerprint: 'c1b2c3d4e5f60718293a4b5c6d7e8f9012345678', problem: null, problemCode: null, scheme: 'pgp' },
        { address: 'bob@example.org', fingerprint: 'd1b2c3d4e5f60718293a4b5c6d7e8f9012345678', problem: null, problemCode: null, scheme: 'smime' },
      ],
      canEncrypt: false,
      reason: 'one message is sealed with one scheme: …',
      reasonCode: 'mixed',
      keyless: [],
      canSign: true,
      scheme: 'pgp',
    };
    expect(recipientChip('erin@example.org', mixed, t)).toMatchObject({ state: 'key', label: 'key' });
    expect(recipientChip('bob@example.org', mixed, t)).toMatchObject({
      state: 'no-key',
      label: 'S/MIME only',
      detail: 'bob@example.org has only an S/MIME certificate; this message is sealed with OpenPGP. Send them a separate message.',
    });
    expect(recipientChip('bob@example.org', mixed, translator('ja'))).toMatchObject({ state: 'no-key', label: 'S/MIME のみ' });
    expect(policyReasonWords(mixed, 'alice@example.org', t)).toBe('one message uses one scheme: erin@example.org can get OpenPGP, bob@example.org only S/MIME; send separate messages');

    const smime: RecipientPolicy = { ...mixed, recipients: [mixed.recipients[1] as RecipientStatus], canEncrypt: true, reason: null, reasonCode: null, scheme: 'smime' };
    expect(recipientChip('bob@example.org', smime, t)).toMatchObject({
      state: 'key',
      label: 'S/MIME',
      detail: 'Mail to bob@example.org can be encrypted with S/MIME certificate D1B2C3D4E5F60718293A4B5C6D7E8F9012345678.',
    });
  });

  it("adds Autocrypt's caution to a key it discourages (only gossiped, or stale), and nothing for one it recommends", () => {
    const withAdvice = (recommendation: 'discourage' | 'encrypt'): RecipientPolicy => ({
      ...policy,
      autocrypt: { recommendation, recipients: [{ address: 'bob@example.org', recommendation, reason: 'why' }] },
    });
    expect(recipientChip('bob@example.org', withAdvice('discourage'), t).detail).toMatch(/Autocrypt advises caution/);
    expect(recipientChip('bob@example.org', withAdvice('discourage'), translator('ja')).detail).toMatch(/Autocrypt は注意を促しています/);
    expect(recipientChip('bob@example.org', withAdvice('encrypt'), t).detail).not.toMatch(/Autocrypt/);
    expect(recipientChip('bob@example.org', withAdvice('discourage'), t).state).toBe('key');
  });

  it('marks text that is not an address', () => {
    expect(recipientChip('bob', policy, t).state).toBe('invalid');
    expect(recipientChip('bob@exa mple.org', policy, t).state).toBe('invalid');
  });

  it('splits pasted recipients and keeps only the address of "Name <addr>"', () => {
    expect(parseRecipients('bob@example.org, Carol <carol@example.org>; dave@example.org')).toEqual([
      'bob@example.org',
      'carol@example.org',
      'dave@example.org',
    ]);
  });
});
