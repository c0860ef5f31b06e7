// sealmail://app/ serves the UI folder and nothing outside it.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, contentType, isAppUrl, resolveAppFile } from '../../../app/electron/app-protocol.js';

const root = resolve('/opt/sealmail/dist/renderer');

describe('resolveAppFile', () => {
  it('maps our URLs to files under the UI folder, "/" to index.html', () => {
    expect(resolveAppFile(root, `${APP_ORIGIN}/`)).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, APP_ENTRY_URL)).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, `${APP_ORIGIN}/assets/index-3f2a.js?v=1#x`)).toBe(join(root, 'assets', 'index-3f2a.js'));
    expect(resolveAppFile(root, `${APP_ORIGIN}/assets/na%C3%AFve.css`)).toBe(join(root, 'assets', 'naïve.css'));
  });

  it.each([`${APP_ORIGIN}/../../../../etc/passwd`, `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`, `${APP_ORIGIN}/assets/%2E%2E/%2E%2E/%2E%2E/etc/passwd`])(
    'keeps dot segments (plain or encoded, folded by the URL parser) inside the UI folder: %s',
    (url) => {
      expect(resolveAppFile(root, url)).toBe(join(root, 'etc', 'passwd'));
    },
  );

  it.each([
    `${APP_ORIGIN}/..%2f..%2fetc%2fpasswd`,
    `${APP_ORIGIN}/..%5c..%5cwindows%5cwin.ini`,
    `${APP_ORIGIN}/assets\\..\\..\\secret`,
    `${APP_ORIGIN}/index.html%00.png`,
    `${APP_ORIGIN}/C:/Windows/win.ini`,
    `${APP_ORIGIN}/%E3%81`,
    'sealmail://other/index.html',
    'sealmail://app:8080/index.html',
    'sealmail://user@app/index.html',
    'file:///etc/passwd',
    'https://app/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });
});

describe('isAppUrl', () => {
  it('knows our own UI from look-alikes', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('sealmail://app.evil.example/')).toBe(false);
    expect(isAppUrl('sealmail://evil/?app')).toBe(false);
    expect(isAppUrl('about:srcdoc')).toBe(false);
  });
});

describe('contentType', () => {
  it('names what the UI build contains and serves anything else as inert bytes', () => {
    expect(contentType('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentType('/x/a.svg')).toBe('image/svg+xml');
    expect(contentType('/x/a.exe')).toBe('application/octet-stream');
    expect(contentType('/x/README')).toBe('application/octet-stream');
  });
});
