// A compose chip must never claim a key exists that the policy did not report.
import { describe, expect, it } from 'vitest';
import type { RecipientPolicy } from '../../app/contract/index.js';
import { translator } from '../../renderer/i18n/translate.js';
import { parseRecipients, recipientChip } from '../../renderer/recipient-chip.js';

const t = translator('en');

const policy: RecipientPolicy = {
  recipients: [
    { address: 'bob@example.org', fingerprint: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', problem: null },
    { address: 'carol@example.org', fingerprint: null, problem: 'No key for carol@example.org: import or ask for one.' },
    { address: 'dave@example.org', fingerprint: 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678', problem: 'The key of dave@example.org has expired.' },
  ],
  canEncrypt: false,
  reason: 'carol@example.org has no key',
  canSign: true,
};

describe('recipient chips', () => {
  it('shows a key for a recipient the policy found one for, whatever the case of the address', () => {
    expect(recipientChip('Bob@Example.org', policy, t)).toMatchObject({ state: 'key', label: 'key' });
  });

  it("shows no key, with the service's reason, when there is none or it is unusable", () => {
    expect(recipientChip('carol@example.org', policy, t)).toMatchObject({ state: 'no-key', detail: 'No key for carol@example.org: import or ask for one.' });
    expect(recipientChip('dave@example.org', policy, t)).toMatchObject({ state: 'no-key', detail: 'The key of dave@example.org has expired.' });
  });

  it('says checking, never "key", while the policy is pending or does not mention the address', () => {
    expect(recipientChip('bob@example.org', null, t).state).toBe('checking');
    expect(recipientChip('erin@example.org', policy, t).state).toBe('checking');
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
