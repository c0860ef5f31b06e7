// The Content-Security-Policy and other headers put on every response of the desktop UI.

/**
 * The UI's own code only: no inline or remote script, no eval, no plugins, no remote loads of any
 * kind, the same rules as the browser target (app/serve/server.ts) so the UI tests there see what the
 * desktop app enforces. The HTML mail iframe is a srcdoc document, which inherits this policy on top
 * of its own (renderer/mail-frame.ts): a mail can never load more than this allows either.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'self'",
  "child-src 'self'",
  "worker-src 'self'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers for every response of the sealmail:// protocol. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
