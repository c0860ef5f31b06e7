// Splitting a mail address for autoconfig: an international domain works, anything that could redirect a lookup does not.
import { describe, expect, it } from 'vitest';
import { parseMailAddress } from '../../../app/autoconfig/mail-domain.js';

describe('parseMailAddress', () => {
  it('lower-cases the domain and turns an international one into its A-label', () => {
    expect(parseMailAddress('Bob@Bücher.Example')).toEqual({ address: 'Bob@xn--bcher-kva.example', localPart: 'Bob', domain: 'xn--bcher-kva.example' });
  });

  it.each([
    'bob@example.test/evil', 'bob@example.test?x=1', 'bob@example.test#x', 'bob@user@example.test:1', 'bob@example.test\\evil',
    'bob@1.2.3.4', 'bob@[::1]', 'bob@0x7f.1', 'bob@intranet', 'bob@-bad.example', 'bob@example.test.', 'bob@exa mple.test',
    '@example.test', 'bob smith@example.test', 'bob',
  ])('refuses %s', (email) => {
    expect(() => parseMailAddress(email)).toThrow(expect.objectContaining({ code: 'bad-option' }));
  });
});
