// The mail iframe's document is the one place hostile HTML is drawn: its policy must come first and hold.
import { describe, expect, it } from 'vitest';
import { MAIL_CSP, MAIL_CSP_REMOTE, MAIL_FRAME_SANDBOX, MAIL_REFERRER_META, buildMailSrcdoc } from '../../renderer/mail-frame.js';

const CSP_META = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;

describe('mail iframe srcdoc', () => {
  it('starts with the CSP meta, before any byte of the mail', () => {
    const doc = buildMailSrcdoc('"><meta http-equiv="Content-Security-Policy" content="default-src *"><p>hi</p>', { remoteContent: false });
    expect(doc.startsWith(CSP_META)).toBe(true);
    expect(MAIL_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  });

  it('sends no Referer: a no-referrer meta comes right after the CSP, before the mail', () => {
    for (const remoteContent of [false, true]) {
      const doc = buildMailSrcdoc('<meta name="referrer" content="unsafe-url"><img src="https://tracker.example/p.gif">', { remoteContent });
      const csp = remoteContent ? MAIL_CSP_REMOTE : MAIL_CSP;
      expect(doc.startsWith(`<meta http-equiv="Content-Security-Policy" content="${csp}">${MAIL_REFERRER_META}`)).toBe(true);
      expect(MAIL_REFERRER_META).toBe('<meta name="referrer" content="no-referrer">');
      expect(doc).not.toContain('<meta name="referrer" content="unsafe-url">');
    }
  });

  it('uses an empty sandbox: no scripts, no forms, no same-origin, no popups', () => {
    expect(MAIL_FRAME_SANDBOX).toBe('');
  });

  it('allows no script source and no remote source at all while remote content is off', () => {
    const doc = buildMailSrcdoc('<script>alert(1)</script>', { remoteContent: false });
    const csp = /content="([^"]*)"/.exec(doc)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|https?:|\*/);
  });

  it('adds only https: images when the user loads remote content', () => {
    const doc = buildMailSrcdoc('<img src="https://tracker.example/p.gif">', { remoteContent: true });
    const csp = /content="([^"]*)"/.exec(doc)?.[1] ?? '';
    expect(csp).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data: https:");
  });

  it('disarms every <meta> of the mail, so a meta refresh cannot navigate the frame', () => {
    const html = [
      '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
      '<META HTTP-EQUIV=Refresh CONTENT="0;url=https://evil.example/">',
      '<meta\nhttp-equiv="refresh" content="0">',
      '<meta/http-equiv="refresh" content="0">',
      '<svg><meta http-equiv="refresh" content="0"></svg>',
    ].join('');
    const doc = buildMailSrcdoc(html, { remoteContent: true });
    const metas = doc.match(/<meta[\t\n\f\r />]/gi) ?? [];
    expect(metas).toHaveLength(2);
    expect(doc.startsWith(`<meta http-equiv="Content-Security-Policy" content="${MAIL_CSP_REMOTE}"><meta name="referrer" content="no-referrer">`)).toBe(true);
  });

  it('disarms every <link> of the mail, so no prefetch rides on the https: images of remote content', () => {
    const html = [
      '<link rel="prefetch" href="https://tracker.example/p">',
      '<LINK REL=preload as=image href="https://tracker.example/q">',
      '<link\nrel="stylesheet" href="https://tracker.example/s.css">',
      '<link/rel="dns-prefetch" href="//tracker.example">',
    ].join('');
    const doc = buildMailSrcdoc(html, { remoteContent: true });
    expect(doc).not.toMatch(/<link[\t\n\f\r />]/i);
    expect(doc.match(/<sealmail-inert-link[\t\n\f\r />]/g)).toHaveLength(4);
  });

  it('keeps the text of the mail', () => {
    expect(buildMailSrcdoc('<p>Hello <b>Bob</b></p>', { remoteContent: false })).toContain('<p>Hello <b>Bob</b></p>');
  });
});
