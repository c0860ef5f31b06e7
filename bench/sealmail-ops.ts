// One Sealmail round as the app does it: seal({sign, encrypt}) from Alice to Bob, and open as Bob, with the report checked.
import type { ReadableStream } from 'node:stream/web';
import { open, openStream, seal, sealStream, type SecurityReport } from '../crypto/index.js';
import type { SealmailKeys } from './sealmail-keys.js';

const toBob = (keys: SealmailKeys) => ({ sign: true, encrypt: true, signingKey: keys.alice, encryptionKeys: [keys.bobPublic] });

export function sealForBob(message: Uint8Array, keys: SealmailKeys): Promise<Uint8Array> {
  return seal({ message, ...toBob(keys) });
}

export function sealStreamForBob(message: ReadableStream<Uint8Array>, keys: SealmailKeys): Promise<ReadableStream<Uint8Array>> {
  return sealStream({ message, ...toBob(keys) });
}

export function openAsBob(message: Uint8Array, keys: SealmailKeys): Promise<SecurityReport> {
  return open({ message, verificationKeys: keys.known, decryptionKeys: async () => [keys.bob] });
}

export function openStreamAsBob(message: ReadableStream<Uint8Array>, keys: SealmailKeys): Promise<SecurityReport> {
  return openStream({ message, verificationKeys: keys.known, decryptionKeys: async () => [keys.bob] });
}

/** The bench refuses to time broken output: the report must say encrypted and validly signed. */
export function checkReport(report: SecurityReport, what: string): void {
  if (report.encryption.state !== 'encrypted' || report.signature.state !== 'valid') {
    throw new Error(`${what}: open reported encryption=${report.encryption.state} signature=${report.signature.state} (${report.warnings.join('; ')})`);
  }
}
