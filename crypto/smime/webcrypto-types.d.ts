// The slice of WebCrypto (W3C Web Cryptography API) that S/MIME encryption uses, typed for crypto/,
// which is checked without DOM or Node types. A module, not globals: Node's own typing of the global
// `crypto` would clash with a second global declaration in the Node-typed project.

export interface WebCryptoKey {
  readonly type: 'public' | 'private' | 'secret';
  readonly extractable: boolean;
  readonly algorithm: { name: string };
  readonly usages: readonly string[];
}

export interface WebCryptoKeyPair {
  publicKey: WebCryptoKey;
  privateKey: WebCryptoKey;
}

export type WebCryptoAlgorithm =
  | string
  | { name: string; hash?: string; namedCurve?: string; length?: number; iv?: Uint8Array; additionalData?: Uint8Array; tagLength?: number; label?: Uint8Array; public?: WebCryptoKey };

export interface WebCryptoSubtle {
  importKey(format: 'raw' | 'spki' | 'pkcs8', keyData: Uint8Array, algorithm: WebCryptoAlgorithm, extractable: boolean, usages: string[]): Promise<WebCryptoKey>;
  exportKey(format: 'raw' | 'spki' | 'pkcs8', key: WebCryptoKey): Promise<ArrayBuffer>;
  generateKey(algorithm: WebCryptoAlgorithm, extractable: boolean, usages: string[]): Promise<WebCryptoKeyPair>;
  encrypt(algorithm: WebCryptoAlgorithm, key: WebCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  decrypt(algorithm: WebCryptoAlgorithm, key: WebCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  digest(algorithm: WebCryptoAlgorithm, data: Uint8Array): Promise<ArrayBuffer>;
  deriveBits(algorithm: WebCryptoAlgorithm, baseKey: WebCryptoKey, length: number): Promise<ArrayBuffer>;
  wrapKey(format: 'raw', key: WebCryptoKey, wrappingKey: WebCryptoKey, algorithm: WebCryptoAlgorithm): Promise<ArrayBuffer>;
  unwrapKey(
    format: 'raw',
    wrappedKey: Uint8Array,
    unwrappingKey: WebCryptoKey,
    unwrapAlgorithm: WebCryptoAlgorithm,
    unwrappedKeyAlgorithm: WebCryptoAlgorithm,
    extractable: boolean,
    usages: string[],
  ): Promise<WebCryptoKey>;
}
