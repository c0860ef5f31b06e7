// The autoconfig document reader and the TLS-only server choice: what a hostile or sloppy document cannot slip past.
import { describe, expect, it } from 'vitest';
import { parseAutoconfig } from '../../../app/autoconfig/config-xml.js';
import { parseMailAddress } from '../../../app/autoconfig/mail-domain.js';
import { tlsServers } from '../../../app/autoconfig/server-choice.js';
import { configXml, server } from './test-site.js';

const alice = parseMailAddress('alice@example.test');

describe('parseAutoconfig', () => {
  it('reads each server\'s host, port, socket type, user name and logins, decoding entities', () => {
    const document = parseAutoconfig(configXml([
      server('incomingServer', 'imap', 'imap.example.test', 993, 'SSL', 'a&amp;b&#x40;c'),
      `    <outgoingServer type='smtp'><hostname>smtp.example.test</hostname><port>465</port><socketType>SSL</socketType>
      <authentication>OAuth2</authentication><authentication>password-cleartext</authentication></outgoingServer>`,
    ].join('\n')));
    expect(document.incoming).toEqual([
      { type: 'imap', hostname: 'imap.example.test', port: '993', socketType: 'SSL', username: 'a&b@c', authentication: ['password-cleartext'] },
    ]);
    expect(document.outgoing[0]).toMatchObject({ type: 'smtp', username: '', authentication: ['OAuth2', 'password-cleartext'] });
  });

  it('refuses a DOCTYPE, so no entity can expand or pull in a file', () => {
    const xml = configXml(server('incomingServer', 'imap', '&x;', 993, 'SSL')).replace('<clientConfig', '<!DOCTYPE c [<!ENTITY x "imap.evil.test">]>\n<clientConfig');
    expect(() => parseAutoconfig(xml)).toThrow(expect.objectContaining({ code: 'bad-config' }));
  });

  it('ignores servers inside comments and CDATA, and refuses what is not a clientConfig', () => {
    const hidden = configXml(`<!-- ${server('incomingServer', 'imap', 'imap.evil.test', 993, 'SSL')} -->
<![CDATA[${server('incomingServer', 'imap', 'cdata.evil.test', 993, 'SSL')}]]>`);
    expect(parseAutoconfig(hidden).incoming).toEqual([]);
    expect(() => parseAutoconfig('<html><body>Welcome</body></html>')).toThrow(expect.objectContaining({ code: 'bad-config' }));
  });
});

describe('tlsServers', () => {
  const choose = (servers: string[], type = 'imap'): ReturnType<typeof tlsServers> => {
    const document = parseAutoconfig(configXml(servers.join('\n')));
    return tlsServers(type === 'imap' ? document.incoming : document.outgoing, type, alice);
  };

  it('drops plain servers, logins Sealmail cannot do, other protocols and bad hosts or ports', () => {
    expect(choose([
      server('incomingServer', 'imap', 'plain.example.test', 143, 'plain'),
      server('incomingServer', 'imap', 'nologin.example.test', 993, 'SSL', 'u', 'none'),
      server('incomingServer', 'pop3', 'pop.example.test', 995, 'SSL'),
      server('incomingServer', 'imap', 'evil.test:25/x', 993, 'SSL'),
      server('incomingServer', 'imap', '10.0.0.1', 993, 'SSL'),
      server('incomingServer', 'imap', 'port.example.test', 99999, 'SSL'),
      server('incomingServer', 'imap', 'ok.example.test', 143, 'STARTTLS'),
    ])).toEqual([{ host: 'ok.example.test', port: 143, security: 'starttls', username: 'alice@example.test' }]);
  });

  it('puts implicit TLS before STARTTLS and otherwise keeps the provider\'s order', () => {
    const hosts = choose([
      server('outgoingServer', 'smtp', 'a.example.test', 587, 'STARTTLS'),
      server('outgoingServer', 'smtp', 'b.example.test', 465, 'SSL'),
      server('outgoingServer', 'smtp', 'c.example.test', 465, 'SSL'),
    ], 'smtp').map((s) => `${s.host}:${s.port}`);
    expect(hosts).toEqual(['b.example.test:465', 'c.example.test:465', 'a.example.test:587']);
  });
});
