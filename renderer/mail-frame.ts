// The document a received HTML mail is shown in: a sandboxed iframe's srcdoc whose own CSP comes first.

/** The iframe's sandbox attribute: empty, so no scripts, no forms, no popups, no same-origin, no top navigation. */
export const MAIL_FRAME_SANDBOX = '';

/** What an HTML mail may load: inline styles and data: images, nothing from the network. */
export const MAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** After the user asked for remote content of this one message: images over HTTPS too, still no scripts, styles or frames from anywhere. */
export const MAIL_CSP_REMOTE = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:";

const BASE_STYLE = '<style>html{color-scheme:light}body{margin:12px;font:14px/1.45 system-ui,sans-serif;color:#111;background:#fff;overflow-wrap:anywhere}img{max-width:100%}</style>';

/**
 * Renames every <meta> tag of the mail to an inert element. A meta refresh would navigate the frame
 * and the empty sandbox does not stop it; a mail's own CSP meta could only loosen nothing, but there
 * is no meta a mail needs. The HTML tokenizer ends a tag name at whitespace, "/" or ">", and
 * matches it case-insensitively, so this pattern sees every tag the parser would build as <meta>.
 */
function neutralizeMeta(html: string): string {
  return html.replace(/<(\/?)meta(?=[\t\n\f\r />])/gi, '<$1sealmail-inert-meta');
}

/**
 * The srcdoc for a mail's HTML body. It starts with the CSP meta, so the policy is in force before a
 * single byte of the mail is parsed; the mail cannot come before it, and a second policy could only
 * make it stricter.
 */
export function buildMailSrcdoc(html: string, options: { remoteContent: boolean }): string {
  const csp = options.remoteContent ? MAIL_CSP_REMOTE : MAIL_CSP;
  return `<meta http-equiv="Content-Security-Policy" content="${csp}">${BASE_STYLE}</head><body>${neutralizeMeta(html)}</body>`;
}
