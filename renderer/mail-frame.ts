// The document a received HTML mail is shown in: a sandboxed iframe's srcdoc whose own CSP comes first.

/** The iframe's sandbox attribute: empty, so no scripts, no forms, no popups, no same-origin, no top navigation. */
export const MAIL_FRAME_SANDBOX = '';

/** What an HTML mail may load: inline styles and data: images, nothing from the network. */
export const MAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** After the user asked for remote content of this one message: images over HTTPS too, still no scripts, styles or frames from anywhere. */
export const MAIL_CSP_REMOTE = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:";

const BASE_STYLE = '<style>html{color-scheme:light}body{margin:12px;font:14px/1.45 system-ui,sans-serif;color:#111;background:#fff;overflow-wrap:anywhere}img{max-width:100%}</style>';

/**
 * Renames every <meta> and <link> tag of the mail to an inert element. A meta refresh would navigate
 * the frame and the empty sandbox does not stop it; a mail's own CSP meta could only loosen nothing.
 * A <link rel=prefetch> is fetched by Chromium whenever img-src allows https:, so once remote content
 * is loaded it would fetch more than images; stylesheets and the rest are blocked anyway. No mail
 * needs either tag. The HTML tokenizer ends a tag name at whitespace, "/" or ">", and matches it
 * case-insensitively, so this pattern sees every tag the parser would build as <meta> or <link>.
 */
function neutralizeHeadTags(html: string): string {
  return html.replace(/<(\/?)(meta|link)(?=[\t\n\f\r />])/gi, (_tag, slash: string, name: string) => `<${slash}sealmail-inert-${name.toLowerCase()}`);
}

/** No Referer on anything the frame loads: a remote image, once allowed, learns nothing of the page it is shown in. */
export const MAIL_REFERRER_META = '<meta name="referrer" content="no-referrer">';

/**
 * The srcdoc for a mail's HTML body. It starts with the CSP meta, so the policy is in force before a
 * single byte of the mail is parsed; the mail cannot come before it, and a second policy could only
 * make it stricter. The referrer meta follows, before the mail too.
 */
export function buildMailSrcdoc(html: string, options: { remoteContent: boolean }): string {
  const csp = options.remoteContent ? MAIL_CSP_REMOTE : MAIL_CSP;
  return `<meta http-equiv="Content-Security-Policy" content="${csp}">${MAIL_REFERRER_META}${BASE_STYLE}</head><body>${neutralizeHeadTags(html)}</body>`;
}
