// The one WebCrypto engine every S/MIME operation hands to PKI.js (RFC 5652 needs digests and signatures; PKI.js has none of its own).
import { CryptoEngine } from 'pkijs';

let engine: CryptoEngine | null = null;

/**
 * PKI.js's CryptoEngine over the platform's WebCrypto (globalThis.crypto: Node 20, browsers, Electron).
 * Passed explicitly to every PKI.js call instead of relying on pkijs.setEngine's process-wide global,
 * so nothing else in the process can swap the engine under a verification.
 */
export function smimeEngine(): CryptoEngine {
  engine ??= new CryptoEngine({ name: 'sealmail-webcrypto', crypto: crypto as unknown as ConstructorParameters<typeof CryptoEngine>[0]['crypto'] });
  return engine;
}
