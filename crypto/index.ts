// Public surface of crypto/: what app/ may use.
export { seal, type SealOptions } from './seal.js';
export { sealStream, type SealStreamOptions } from './seal-stream.js';
export { open, type OpenOptions, type KnownKey } from './open.js';
export { openStream, type OpenStreamOptions } from './open-stream.js';
export type * from './report.js';
export { SealmailError, isSealmailError, type SealmailErrorCode } from './errors.js';
export { pgpConfig } from './policy.js';
