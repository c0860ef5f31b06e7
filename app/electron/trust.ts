// Who the main process trusts, as pure decisions: the IPC sender, links to open outside, permissions, downloads.
import { APP_ORIGIN, isAppUrl } from './app-protocol.js';

export interface SenderFrame {
  /** The frame's URL and origin, as Electron's WebFrameMain reports them. */
  url: string;
  origin: string;
  /** True only for the top frame of our own window (never the mail iframe, never another window). */
  isMainFrame: boolean;
}

/** An IPC call is served only for the main frame of our window showing our own UI. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.isMainFrame === true && frame.origin === APP_ORIGIN && isAppUrl(frame.url);
}

/**
 * The URL to offer opening in the system browser, or null when it may not be opened at all: only
 * http(s), with no user info (https://bank.example@evil.example/ is a phishing classic), at most 2 KB.
 * The caller still asks the user, showing this exact URL.
 */
export function externalLink(url: string): string | null {
  if (typeof url !== 'string' || url.length > 2048) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return null;
  return parsed.href;
}

/**
 * Whether the page may have a permission. Everything is refused (camera, microphone, notifications,
 * geolocation, fullscreen, HID, USB, reading the clipboard, opening external apps, ...) except writing
 * text to the clipboard from our own UI, which the key manager's "copy public key" needs.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

/**
 * Only files the UI made itself may be saved: an attachment or an exported key turned into a blob: URL
 * by our own page (the save dialog still asks where). Nothing is downloaded from the network.
 */
export function isDownloadAllowed(url: string): boolean {
  return url.startsWith(`blob:${APP_ORIGIN}/`);
}

/**
 * Navigation the shell lets happen. The main frame never leaves the UI's one page (a fragment change
 * within it is fine); a subframe may show only the srcdoc/blank documents the mail view creates, never
 * a page a link in the mail makes it follow.
 */
export function isNavigationAllowed(navigation: { url: string; isMainFrame: boolean; isSameDocument: boolean }): boolean {
  const { url, isMainFrame, isSameDocument } = navigation;
  if (isMainFrame) return isSameDocument && isAppUrl(url);
  return url === 'about:srcdoc' || url === 'about:blank';
}

/** What Electron's webRequest says a request is for (`details.resourceType`). */
export type RequestResourceType = 'mainFrame' | 'subFrame' | 'stylesheet' | 'script' | 'image' | 'font' | 'object' | 'xhr' | 'ping' | 'cspReport' | 'media' | 'webSocket' | 'other';

/**
 * Requests the session lets through: our own scheme and in-page data; from the network only https
 * images, which the page asks for only after the user loaded a message's remote content (the mail
 * frame's own CSP allows none before). No script, frame, fetch or plain-http load, no local files.
 */
export function isRequestAllowed(url: string, resourceType: RequestResourceType): boolean {
  if (isAppUrl(url) || url.startsWith(`blob:${APP_ORIGIN}/`) || url.startsWith('data:') || url.startsWith('devtools:')) return true;
  if (resourceType !== 'image') return false;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Request headers a remote site never gets: no cookie to recognise the reader by, no Referer. */
const WITHHELD_REQUEST_HEADERS = new Set(['cookie', 'referer']);

/** The headers a request goes out with: the same, minus Cookie and Referer, whatever the page's policy says. */
export function outgoingHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !WITHHELD_REQUEST_HEADERS.has(name.toLowerCase())));
}

/** The headers of a response as the page sees them: no Set-Cookie, so a remote image cannot plant a tracking cookie. */
export function incomingHeaders(headers: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'set-cookie'));
}
