// The autoconfig library's public surface: discover() and the types it returns.
export { discover, type DiscoverOptions, type Discovery } from './discover.js';
export type { HttpsOptions } from './https-get.js';
export type { SrvResolver } from './srv-records.js';
export type { AttemptCode, DiscoveryAttempt, DiscoverySource, Security, ServerSetting, ServerSettings } from './server-settings.js';
