// The Content-Security-Policy and other headers put on every response of the desktop UI.
import { UI_SECURITY_HEADERS, uiContentSecurityPolicy } from '../ui-content-policy.js';

/** The UI's policy (app/ui-content-policy.ts), the same the browser target sends bar its WebSocket. */
export const CONTENT_SECURITY_POLICY = uiContentSecurityPolicy();

/** Headers for every response of the sealmail:// protocol. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  ...UI_SECURITY_HEADERS,
};
