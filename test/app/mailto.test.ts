// mailto: links become a draft's fields and nothing more: no attachments, no extra headers.
import { describe, expect, it } from 'vitest';
import { mailtoFromArgv, parseMailto } from '../../app/mailto.js';

describe('parseMailto', () => {
  it('reads the address, subject and body of a plain link', () => {
    expect(parseMailto('mailto:bob@example.org?subject=Hello&body=See%20you')).toEqual({
      to: ['bob@example.org'],
      cc: [],
      bcc: [],
      subject: 'Hello',
      body: 'See you',
      inReplyTo: null,
      ignored: [],
    });
  });

  it('returns null for anything but mailto:', () => {
    expect(parseMailto('https://example.org/?to=a@b.c')).toBeNull();
    expect(parseMailto('file:///etc/passwd')).toBeNull();
    expect(parseMailto('')).toBeNull();
  });

  it('accepts the scheme and field names in any case', () => {
    const draft = parseMailto('MAILTO:a@example.org?SUBJECT=Hi&Cc=c@example.org');
    expect(draft?.to).toEqual(['a@example.org']);
    expect(draft?.cc).toEqual(['c@example.org']);
    expect(draft?.subject).toBe('Hi');
  });

  it('adds up several addresses in the path and in repeated to/cc/bcc fields', () => {
    const draft = parseMailto('mailto:a@example.org,b@example.org?to=c@example.org&to=d@example.org,e@example.org&cc=f@example.org&bcc=g@example.org');
    expect(draft?.to).toEqual(['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org', 'e@example.org']);
    expect(draft?.cc).toEqual(['f@example.org']);
    expect(draft?.bcc).toEqual(['g@example.org']);
  });

  it('takes the recipients from the fields when the path is empty', () => {
    expect(parseMailto('mailto:?to=a@example.org&subject=x')?.to).toEqual(['a@example.org']);
  });

  it('does not list an address twice', () => {
    expect(parseMailto('mailto:a@example.org?to=a@example.org')?.to).toEqual(['a@example.org']);
  });

  it('percent-decodes UTF-8, and keeps + as a plus sign (RFC 6068 §5)', () => {
    const draft = parseMailto('mailto:user%2Btag@example.org?subject=%E3%81%93%E3%82%93%E3%81%AB%E3%81%A1%E3%81%AF+1&body=a%26b%3Dc');
    expect(draft?.to).toEqual(['user+tag@example.org']);
    expect(draft?.subject).toBe('こんにちは+1');
    expect(draft?.body).toBe('a&b=c');
  });

  it('keeps line breaks in the body as \\n', () => {
    expect(parseMailto('mailto:a@example.org?body=line%201%0D%0Aline%202%0Aline%203')?.body).toBe('line 1\nline 2\nline 3');
  });

  it('reads in-reply-to only when it is one <message-id>', () => {
    expect(parseMailto('mailto:a@example.org?In-Reply-To=%3C3469A91.D10AF4C%40example.com%3E')?.inReplyTo).toBe('<3469A91.D10AF4C@example.com>');
    const bad = parseMailto('mailto:a@example.org?in-reply-to=not-an-id');
    expect(bad?.inReplyTo).toBeNull();
    expect(bad?.ignored).toContain('in-reply-to');
  });

  describe('the "Mailto: Me Your Secrets" attack', () => {
    it('ignores attach=/etc/passwd', () => {
      const draft = parseMailto('mailto:attacker@example.org?subject=Report&attach=/etc/passwd');
      expect(draft?.to).toEqual(['attacker@example.org']);
      expect(draft?.ignored).toEqual(['attach']);
      expect(JSON.stringify(draft)).not.toContain('passwd');
    });

    it('ignores attachment=, encoded or not, and file: URLs in it', () => {
      const draft = parseMailto('mailto:a@example.org?attachment=file:///home/alice/.gnupg/private-keys-v1.d&%61ttach=~/.ssh/id_ed25519&ATTACHMENT=C:%5CUsers%5Ca%5Ckey.asc');
      expect(draft?.ignored).toEqual(['attachment', 'attach', 'attachment']);
      expect(JSON.stringify(draft)).not.toMatch(/gnupg|ssh|key\.asc/);
    });

    it('ignores every other non-standard field (from, reply-to, x- headers, ...)', () => {
      const draft = parseMailto('mailto:a@example.org?from=ceo@example.org&reply-to=evil@example.net&x-mailer=x&references=%3Ca@b%3E&keywords=k&sign=false&encrypt=false');
      expect(draft?.ignored).toEqual(['from', 'reply-to', 'x-mailer', 'references', 'keywords', 'sign', 'encrypt']);
      expect(Object.keys(draft ?? {}).sort()).toEqual(['bcc', 'body', 'cc', 'ignored', 'inReplyTo', 'subject', 'to']);
    });
  });

  describe('header injection', () => {
    it('turns CR/LF in the subject into spaces, so no header can be added', () => {
      const draft = parseMailto('mailto:a@example.org?subject=Hi%0D%0ABcc:%20spy@example.net%0D%0A%0D%0Abody');
      expect(draft?.subject).toBe('Hi Bcc: spy@example.net body');
      expect(draft?.bcc).toEqual([]);
    });

    it('drops an address carrying CR/LF or a second header', () => {
      const draft = parseMailto('mailto:a@example.org%0D%0ABcc:spy@example.net?cc=b@example.org%0ABcc:%20spy@example.net');
      expect(draft?.to).toEqual([]);
      expect(draft?.cc).toEqual([]);
      expect(draft?.bcc).toEqual([]);
      expect(draft?.ignored).toHaveLength(2);
    });

    it('drops an in-reply-to that smuggles a header', () => {
      expect(parseMailto('mailto:a@example.org?in-reply-to=%3Ca@b%3E%0D%0ABcc:%20spy@example.net')?.inReplyTo).toBeNull();
    });

    it('keeps only addr-specs: no display names, groups or angle brackets', () => {
      const draft = parseMailto('mailto:?to=Bob%20%3Cbob@example.org%3E&cc=undisclosed:;&bcc=@example.org');
      expect(draft?.to).toEqual([]);
      expect(draft?.cc).toEqual([]);
      expect(draft?.bcc).toEqual([]);
      expect(draft?.ignored).toHaveLength(3);
    });
  });

  it('keeps the first subject and body when a link repeats them', () => {
    const draft = parseMailto('mailto:a@example.org?subject=first&subject=second&body=one&body=two');
    expect(draft?.subject).toBe('first');
    expect(draft?.body).toBe('one');
  });

  it('drops a malformed percent escape instead of guessing', () => {
    const draft = parseMailto('mailto:a@example.org?subject=%E3%81&body=ok%ZZ');
    expect(draft?.subject).toBe('');
    expect(draft?.body).toBe('');
    expect(draft?.ignored).toEqual(['subject', 'body']);
  });

  it('splits recipients before decoding, so %2C stays inside one (invalid) address', () => {
    const draft = parseMailto('mailto:a%2Cb@example.org');
    expect(draft?.to).toEqual([]);
  });

  it('ignores the fragment', () => {
    expect(parseMailto('mailto:a@example.org?subject=s#attach=/etc/passwd')).toMatchObject({ subject: 's', ignored: [] });
  });

  it('cuts an overlong subject to one RFC 5322 line', () => {
    expect(parseMailto(`mailto:a@example.org?subject=${'x'.repeat(5000)}`)?.subject).toHaveLength(998);
  });
});

describe('mailtoFromArgv', () => {
  it('finds the link a second instance was started with', () => {
    expect(mailtoFromArgv(['/usr/bin/sealmail', '--no-sandbox-is-not-here', 'mailto:a@example.org'])).toBe('mailto:a@example.org');
    expect(mailtoFromArgv(['/usr/bin/sealmail', '.'])).toBeUndefined();
  });
});
