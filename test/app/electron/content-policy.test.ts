// The CSP on every UI response: our own code only; from the network, https images alone (the mail frame's opt-in).
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../../app/electron/content-policy.js';
import { uiContentSecurityPolicy } from '../../../app/ui-content-policy.js';

const directives = new Map(
  CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [name as string, values];
  }),
);

describe('the desktop CSP', () => {
  it('allows scripts from our own origin only: no inline, no eval, no remote', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|unsafe-hashes|strict-dynamic|\*/);
  });

  it('names https: only in img-src, and no other remote origin or scheme anywhere', () => {
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https:']);
    for (const [name, values] of directives) {
      if (name !== 'img-src') expect(values.join(' '), name).not.toMatch(/https?:|wss?:|ftp:|file:|filesystem:|\*/);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/http:|wss?:|ftp:|file:|filesystem:/);
    expect(CONTENT_SECURITY_POLICY.match(/https:/g)).toHaveLength(1);
  });

  it('keeps styles, fonts, connections, media and workers to our own origin', () => {
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('font-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(directives.get('child-src')).toEqual(["'self'"]);
    expect(directives.get('manifest-src')).toEqual(["'none'"]);
  });

  it('is the browser target\'s policy too, bar the one WebSocket it names', () => {
    expect(uiContentSecurityPolicy()).toBe(CONTENT_SECURITY_POLICY);
    expect(uiContentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:4000'] })).toBe(
      CONTENT_SECURITY_POLICY.replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:4000"),
    );
  });

  it('forbids plugins, forms, <base>, being framed and manifest or media loads', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('media-src')).toEqual(["'none'"]);
  });

  it('lets frames come only from our origin (the mail view uses srcdoc, which inherits this policy)', () => {
    expect(directives.get('frame-src')).toEqual(["'self'"]);
  });

  it('comes with nosniff and no referrer', () => {
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(SECURITY_HEADERS['Referrer-Policy']).toBe('no-referrer');
  });
});
