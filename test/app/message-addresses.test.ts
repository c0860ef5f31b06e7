// Reading From/To/Cc/Bcc from a plain message's header, the way `sealmail seal` picks keys.
import { describe, expect, it } from 'vitest';
import { messageAddresses } from '../../app/message-addresses.js';

const message = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('messageAddresses', () => {
  it('unfolds headers, flattens groups, lower-cases and de-duplicates recipients', () => {
    const raw = [
      'From: "Doe, Alice" <Alice@Example.org>',
      'To: Bob <bob@example.org>,',
      '\tCarol <carol@example.org>',
      'cc: team: Dave <dave@example.org>, BOB@example.org;',
      'Bcc: eve@example.org',
      'Subject: hi',
      '',
      'To: mallory@example.org',
      '',
    ].join('\r\n');
    expect(messageAddresses(message(raw))).toEqual({
      from: ['alice@example.org'],
      recipients: ['bob@example.org', 'carol@example.org', 'dave@example.org', 'eve@example.org'],
    });
  });

  it('counts every From address, across repeated From fields', () => {
    expect(messageAddresses(message('From: a@example.org, b@example.org\nFrom: c@example.org\n\nbody')).from).toEqual([
      'a@example.org',
      'b@example.org',
      'c@example.org',
    ]);
  });

  it('reads no header at all when the message starts with an empty line', () => {
    expect(messageAddresses(message('\nFrom: a@example.org\n'))).toEqual({ from: [], recipients: [] });
  });

  it('refuses a recipient it cannot use as an address', () => {
    expect(() => messageAddresses(message('From: a@example.org\nTo: Just A Name\n\nx'))).toThrow(
      'the To header has an address Sealmail cannot use: "Just A Name"',
    );
  });
});
