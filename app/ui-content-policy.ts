// The Content-Security-Policy of the UI, one list for both transports (the desktop protocol and the browser target).

/** Where the page may open a connection besides its own origin: the browser target's one WebSocket. */
export interface UiPolicyOptions {
  connectSrc?: readonly string[];
}

/**
 * The UI's own code only: no inline or remote script, no eval, no plugins, no forms, no framing.
 * The HTML mail iframe is a srcdoc document, which inherits this policy on top of its own
 * (renderer/mail-frame.ts), so a mail can load nothing this forbids. Images alone may come over
 * https:, because the frame's own policy is the per-message switch: it allows https: images only
 * after the user's "Load remote content" for that message, and the app's own code loads none.
 * Styles stay 'self': inline styles of a mail are not applied (deliberately; see README).
 */
export function uiContentSecurityPolicy(options: UiPolicyOptions = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob: https:",
    "font-src 'self'",
    ["connect-src 'self'", ...(options.connectSrc ?? [])].join(' '),
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
}

/** The headers besides the CSP that every UI response carries, on both transports. */
export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
