// The one place where Sealmail's security defaults live. Callers get copies; nobody loosens them.
import { config as defaults, enums, type Config, type PartialConfig } from 'openpgp';

/** Largest message `open` will parse, and largest plaintext a compressed packet may inflate to. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
export const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;
/** Deepest MIME nesting `open` follows before calling the message malformed. */
export const MAX_MIME_DEPTH = 32;
/** Most MIME parts in one message. */
export const MAX_MIME_PARTS = 2000;
/** Autocrypt headers larger than this are ignored (Autocrypt Level 1, section 2.1). */
export const MAX_AUTOCRYPT_HEADER_BYTES = 10 * 1024;

const hardened: PartialConfig = Object.freeze({
  // RFC 4880 SED packets and streamed plaintext before the MDC is checked are never released.
  allowUnauthenticatedMessages: false,
  allowUnauthenticatedStream: false,
  // Bleichenbacher-style timing oracles on RSA session keys.
  constantTimePKCS1Decryption: true,
  // Decompression bombs.
  maxDecompressedMessageSize: MAX_DECOMPRESSED_BYTES,
  // SHA-1 (and worse) message signatures are refused; MD5/RIPEMD are refused everywhere.
  rejectMessageHashAlgorithms: new Set([enums.hash.md5, enums.hash.ripemd, enums.hash.sha1]),
  rejectHashAlgorithms: new Set([enums.hash.md5, enums.hash.ripemd]),
  rejectCurves: new Set([enums.curve.secp256k1]),
  minRSABits: 2047,
  // A signing-only key must never decrypt, and reformatted keys must not verify old signatures.
  allowInsecureDecryptionWithSigningKeys: false,
  allowInsecureVerificationWithReformattedKeys: false,
  enableParsingV5Entities: false,
  // Compression only adds attack surface (CRIME-like leaks, bombs); we never compress.
  preferredCompressionAlgorithm: enums.compression.uncompressed,
  preferredSymmetricAlgorithm: enums.symmetric.aes256,
  preferredHashAlgorithm: enums.hash.sha512,
  // SEIPDv1 for v4 keys, so GnuPG 2.2 and Thunderbird can read what we send.
  aeadProtect: false,
  v6Keys: false,
  showVersion: false,
  showComment: false,
});

/** The hardened openpgp.js configuration, as a fresh object per call. */
export function pgpConfig(overrides: { v6Keys?: boolean } = {}): PartialConfig {
  return {
    ...hardened,
    rejectMessageHashAlgorithms: new Set(hardened.rejectMessageHashAlgorithms),
    rejectHashAlgorithms: new Set(hardened.rejectHashAlgorithms),
    rejectCurves: new Set(hardened.rejectCurves),
    ...(overrides.v6Keys === undefined ? {} : { v6Keys: overrides.v6Keys }),
  };
}

/** The same, merged over openpgp.js's defaults, for the few key methods that want a complete Config. */
export function pgpFullConfig(): Config {
  return { ...defaults, ...pgpConfig() } as Config;
}
