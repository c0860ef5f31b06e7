// The CSP on every UI response: our own code only, no remote loads.
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../../app/electron/content-policy.js';

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

  it('names no remote origin or scheme anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|ftp:|file:|filesystem:/);
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
