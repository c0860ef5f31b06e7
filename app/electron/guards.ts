// The shell's guards, wired onto Electron objects: the UI protocol, the session's refusals, each page's navigation rules.
import { readFile } from 'node:fs/promises';
import type { Session, WebContents } from 'electron';
import { APP_SCHEME, contentType, resolveAppFile } from './app-protocol.js';
import { SECURITY_HEADERS } from './content-policy.js';
import { externalLink, incomingHeaders, isDownloadAllowed, isNavigationAllowed, isPermissionAllowed, isRequestAllowed, outgoingHeaders } from './trust.js';

/** Serves dist/renderer on sealmail://app/, every response with the CSP; nothing else is reachable. */
export function serveApp(session: Session, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return new Response('Method not allowed', { status: 405, headers: SECURITY_HEADERS });
    const file = resolveAppFile(rendererRoot, request.url);
    const body = file === null ? null : await readFile(file).catch(() => null);
    if (file === null || body === null) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(new Uint8Array(body), { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentType(file) } });
  });
}

/** Refuses every permission but clipboard writing from the UI, every device, every network request but https images (sent without cookies or Referer), and foreign downloads. */
export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionAllowed(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, origin, details) => isPermissionAllowed(permission, details.requestingUrl ?? origin));
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isRequestAllowed(details.url, details.resourceType) }));
  session.webRequest.onBeforeSendHeaders((details, callback) => callback({ requestHeaders: outgoingHeaders(details.requestHeaders) }));
  session.webRequest.onHeadersReceived((details, callback) => callback(details.responseHeaders ? { responseHeaders: incomingHeaders(details.responseHeaders) } : {}));
  session.on('will-download', (event, item) => {
    if (!isDownloadAllowed(item.getURL())) event.preventDefault();
  });
}

/**
 * Every page (the main window, and anything that might ever be created): no navigation away, no
 * redirects, no <webview>, no new windows. An http(s) link meant for a new window is handed to
 * `openExternal`, which asks the user first.
 */
export function guardContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => {
    if (!isNavigationAllowed(event)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(event)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const link = externalLink(url);
    if (link !== null) openExternal(link);
    return { action: 'deny' };
  });
}
