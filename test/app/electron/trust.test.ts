// The main process's trust decisions: IPC senders, external links, permissions, navigation, requests, downloads.
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../app/electron/app-protocol.js';
import {
  externalLink,
  incomingHeaders,
  isDownloadAllowed,
  isNavigationAllowed,
  isPermissionAllowed,
  isRequestAllowed,
  isTrustedSender,
  outgoingHeaders,
} from '../../../app/electron/trust.js';

describe('isTrustedSender', () => {
  it('trusts only the main frame of our own UI', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, origin: APP_ORIGIN, isMainFrame: true })).toBe(true);
  });

  it.each([
    ['the mail iframe (srcdoc, opaque origin)', { url: 'about:srcdoc', origin: 'null', isMainFrame: false }],
    ['a subframe of our origin', { url: APP_ENTRY_URL, origin: APP_ORIGIN, isMainFrame: false }],
    ['a remote page', { url: 'https://evil.example/', origin: 'https://evil.example', isMainFrame: true }],
    ['a local file', { url: 'file:///tmp/x.html', origin: 'file://', isMainFrame: true }],
    ['a look-alike host', { url: 'sealmail://app.evil/', origin: 'sealmail://app.evil', isMainFrame: true }],
    ['an origin that does not match the URL', { url: 'https://evil.example/', origin: APP_ORIGIN, isMainFrame: true }],
  ])('refuses %s', (_what, frame) => {
    expect(isTrustedSender(frame)).toBe(false);
  });

  it('refuses a call without a frame (the frame navigated away or was destroyed)', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('externalLink', () => {
  it('offers http and https links as the browser would show them', () => {
    expect(externalLink('https://example.org/a?b=c#d')).toBe('https://example.org/a?b=c#d');
    expect(externalLink('HTTP://Example.org')).toBe('http://example.org/');
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'smb://attacker/share',
    'ms-msdt:/id PCWDiagnostic',
    'mailto:a@example.org',
    'sealmail://app/index.html',
    'https://bank.example@evil.example/',
    'https://user:pass@example.org/',
    `https://example.org/${'a'.repeat(3000)}`,
    'not a url',
  ])('refuses %s', (url) => {
    expect(externalLink(url)).toBeNull();
  });
});

describe('isPermissionAllowed', () => {
  it('allows only clipboard writing, and only for our UI', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', '')).toBe(false);
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'usb', 'serial', 'display-capture', 'unknown'])(
    'refuses %s even to our UI',
    (permission) => {
      expect(isPermissionAllowed(permission, APP_ENTRY_URL)).toBe(false);
    },
  );
});

describe('isNavigationAllowed', () => {
  it('keeps the main frame on its page; a fragment change within our UI is fine', () => {
    expect(isNavigationAllowed({ url: 'https://evil.example/', isMainFrame: true, isSameDocument: false })).toBe(false);
    expect(isNavigationAllowed({ url: APP_ENTRY_URL, isMainFrame: true, isSameDocument: false })).toBe(false);
    expect(isNavigationAllowed({ url: `${APP_ENTRY_URL}#/keys`, isMainFrame: true, isSameDocument: true })).toBe(true);
    expect(isNavigationAllowed({ url: 'https://evil.example/#x', isMainFrame: true, isSameDocument: true })).toBe(false);
  });

  it('lets the mail frame show its srcdoc, never a page a link in the mail points to', () => {
    expect(isNavigationAllowed({ url: 'about:srcdoc', isMainFrame: false, isSameDocument: false })).toBe(true);
    expect(isNavigationAllowed({ url: 'about:blank', isMainFrame: false, isSameDocument: false })).toBe(true);
    expect(isNavigationAllowed({ url: 'https://tracker.example/pixel', isMainFrame: false, isSameDocument: false })).toBe(false);
    expect(isNavigationAllowed({ url: 'data:text/html,<h1>Verified</h1>', isMainFrame: false, isSameDocument: false })).toBe(false);
    expect(isNavigationAllowed({ url: APP_ENTRY_URL, isMainFrame: false, isSameDocument: false })).toBe(false);
  });
});

describe('isRequestAllowed', () => {
  it('lets our own scheme and in-page data through', () => {
    expect(isRequestAllowed(`${APP_ORIGIN}/assets/a.js`, 'script')).toBe(true);
    expect(isRequestAllowed(APP_ENTRY_URL, 'mainFrame')).toBe(true);
    expect(isRequestAllowed(`blob:${APP_ORIGIN}/8c1e`, 'other')).toBe(true);
    expect(isRequestAllowed('data:image/png;base64,AAAA', 'image')).toBe(true);
  });

  it('lets an https image through: what "Load remote content" of a message asks for', () => {
    expect(isRequestAllowed('https://images.example/logo.png', 'image')).toBe(true);
  });

  it.each([
    ['an https script', 'https://cdn.example/x.js', 'script'],
    ['an https fetch or XHR', 'https://tracker.example/beacon', 'xhr'],
    ['an https frame', 'https://evil.example/', 'subFrame'],
    ['an https page in the window', 'https://evil.example/', 'mainFrame'],
    ['an https stylesheet', 'https://cdn.example/a.css', 'stylesheet'],
    ['an https font', 'https://cdn.example/a.woff2', 'font'],
    ['an https media file', 'https://cdn.example/a.mp4', 'media'],
    ['an https ping', 'https://tracker.example/ping', 'ping'],
    ['an https object', 'https://evil.example/a.swf', 'object'],
    ['an https WebSocket', 'wss://x.example/', 'webSocket'],
    ['something else over https', 'https://tracker.example/p', 'other'],
    ['an http image', 'http://tracker.example/p.gif', 'image'],
    ['an http image on this machine', 'http://127.0.0.1:8080/p.gif', 'image'],
    ['an ftp image', 'ftp://x/p.gif', 'image'],
    ['a local file as an image', 'file:///etc/passwd', 'image'],
    ['a blob of another origin', 'blob:https://evil.example/1', 'image'],
    ['a look-alike scheme', 'https-evil://x/p.gif', 'image'],
  ] as const)('refuses %s', (_what, url, resourceType) => {
    expect(isRequestAllowed(url, resourceType)).toBe(false);
  });
});

describe('the headers of a request and its response', () => {
  it('sends a remote image no cookie and no Referer, in any spelling', () => {
    const sent = outgoingHeaders({ Accept: 'image/avif,image/webp,*/*', Cookie: 'id=42', referer: 'sealmail://app/index.html', 'User-Agent': 'x' });
    expect(sent).toEqual({ Accept: 'image/avif,image/webp,*/*', 'User-Agent': 'x' });
  });

  it('lets no response set a cookie', () => {
    const seen = incomingHeaders({ 'content-type': ['image/gif'], 'Set-Cookie': ['track=1; Secure; SameSite=None'], 'set-cookie': ['b=2'] });
    expect(seen).toEqual({ 'content-type': ['image/gif'] });
  });
});

describe('isDownloadAllowed', () => {
  it('saves only blobs our UI made', () => {
    expect(isDownloadAllowed(`blob:${APP_ORIGIN}/5b1f`)).toBe(true);
    expect(isDownloadAllowed('https://evil.example/payload.exe')).toBe(false);
    expect(isDownloadAllowed('blob:https://evil.example/1')).toBe(false);
    expect(isDownloadAllowed('data:application/octet-stream,x')).toBe(false);
  });
});
