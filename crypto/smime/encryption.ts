// S/MIME encryption and decryption (issue 5 sections 5 and 6): the public surface, re-exported by index.ts.
export { smimeEncrypt, type SmimeEncryptOptions, type SmimeEncrypted } from './encrypt.js';
export { smimeDecrypt, type SmimeDecryptOptions, type SmimeDecrypted, type KeyManagement } from './decrypt.js';
export type { ContentCipherName } from './content-encryption.js';
export type { SmimeType } from './enveloped-mime.js';
