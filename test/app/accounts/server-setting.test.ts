// Server settings as typed: HOST:PORT, TLS mode by standard port, and no way to ask for clear text.
import { describe, expect, it } from 'vitest';
import { serverSetting } from '../../../app/accounts/server-setting.js';

describe('serverSetting', () => {
  it.each([
    ['imap', 993, 'tls'],
    ['imap', 143, 'starttls'],
    ['smtp', 465, 'tls'],
    ['smtp', 587, 'starttls'],
  ] as const)('%s on %i defaults to %s', (kind, port, security) => {
    expect(serverSetting(kind, `mail.example.org:${port}`)).toEqual({ host: 'mail.example.org', port, security });
  });

  it('takes the flag over the port default, and IPv6 in brackets', () => {
    expect(serverSetting('smtp', '[2001:db8::1]:587', 'tls')).toEqual({ host: '2001:db8::1', port: 587, security: 'tls' });
  });

  it('needs the flag on a non-standard port, naming it', () => {
    expect(() => serverSetting('smtp', '127.0.0.1:2525')).toThrow(/--smtp port 2525 .* --smtp-security tls or --smtp-security starttls/);
    expect(serverSetting('smtp', '127.0.0.1:2525', 'starttls').security).toBe('starttls');
  });

  it('has no clear-text choice', () => {
    expect(() => serverSetting('imap', 'mail.example.org:143', 'none')).toThrow(expect.objectContaining({ code: 'bad-option' }));
    expect(() => serverSetting('imap', 'mail.example.org:143', 'plain')).toThrow(/never connects without TLS/);
  });

  it('refuses what is not HOST:PORT', () => {
    for (const bad of ['mail.example.org', 'mail.example.org:0', 'mail.example.org:70000', '[not-ipv6]:993', 'a b:993']) {
      expect(() => serverSetting('imap', bad)).toThrow(/is not HOST:PORT/);
    }
  });
});
