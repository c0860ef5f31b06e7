/**
 * Content encryption for CMS: AES-CBC (RFC 3565 section 2.3) and AES-GCM (RFC 5084 section 3.2),
 * with the AlgorithmIdentifiers that name them. WebCrypto does the AES; nothing here falls back to
 * decrypting without the integrity check GCM promises. Legacy mail in 3DES-CBC (RFC 3370 section
 * 5.1) is read, never written, with node-forge, as WebCrypto has no 3DES; RC2 is refused.
 */
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import { AlgorithmIdentifier } from 'pkijs';
import { SealmailError } from '../errors.js';
import type { WebCryptoSubtle } from './webcrypto-types.js';

/** WebCrypto's subtle interface from the global `crypto` that Node 20, browsers and Electron all have. */
export function subtle(): WebCryptoSubtle {
  return (crypto as unknown as { subtle: WebCryptoSubtle }).subtle;
}

export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

export type ContentCipherName = 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc' | 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm' | 'des-ede3-cbc';

interface ContentCipher {
  name: ContentCipherName;
  mode: 'cbc' | 'gcm';
  keyBytes: number;
}

/** NIST AES OIDs (RFC 3565 section 4, RFC 5084 section 3), and 3DES for reading old mail only. */
const CIPHERS: Record<string, ContentCipher> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', mode: 'cbc', keyBytes: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', mode: 'cbc', keyBytes: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', mode: 'cbc', keyBytes: 32 },
  '2.16.840.1.101.3.4.1.6': { name: 'aes-128-gcm', mode: 'gcm', keyBytes: 16 },
  '2.16.840.1.101.3.4.1.26': { name: 'aes-192-gcm', mode: 'gcm', keyBytes: 24 },
  '2.16.840.1.101.3.4.1.46': { name: 'aes-256-gcm', mode: 'gcm', keyBytes: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', mode: 'cbc', keyBytes: 24 },
};
/** RFC 8551 section 2.7 lets a receiver not read RC2/40 (and RC2 at any key size is obsolete). */
const OID_RC2_CBC = '1.2.840.113549.3.2';
const DES_BLOCK_BYTES = 8;
const AES_256_CBC = '2.16.840.1.101.3.4.1.42';
const AES_256_GCM = '2.16.840.1.101.3.4.1.46';
/** RFC 5084 section 3.2: a 12-octet nonce; we always write the full 16-octet tag. */
const GCM_NONCE_BYTES = 12;
const GCM_TAG_BYTES = 16;

export interface ContentEncryption {
  algorithm: AlgorithmIdentifier;
  /** The ciphertext, whole or as consecutive runs (never joined: it is most of a large message). */
  ciphertext: Uint8Array | readonly Uint8Array[];
  /** The GCM authentication tag (the AuthEnvelopedData mac); empty for CBC. */
  mac: Uint8Array;
}

/**
 * AES-256-CBC over content whose beginning is known before its end (a signed message before its signature):
 * `head` starts encrypting the whole blocks of the beginning at once, on WebCrypto's thread pool, while the
 * caller makes the rest; `finish` encrypts the rest chained from the last ciphertext block. CBC chains
 * block by block, so the result is exactly one-shot CBC of the whole content: WebCrypto's padding block
 * after the head's blocks is dropped, and only the end is padded.
 */
export function chainedCbc(cek: Uint8Array): { head(bytes: Uint8Array): void; finish(content: Uint8Array): Promise<ContentEncryption> } {
  const iv = randomBytes(16);
  const key = subtle().importKey('raw', cek, 'AES-CBC', false, ['encrypt']);
  let started: { blocks: number; ciphertext: Promise<Uint8Array> } | null = null;
  return {
    head(bytes) {
      const blocks = bytes.length - (bytes.length % 16);
      const ciphertext = key.then(async (k) => new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv }, k, bytes.subarray(0, blocks))).subarray(0, blocks));
      // Awaited in finish; a failure here must not surface as an unhandled rejection before then.
      ciphertext.catch(() => undefined);
      started = { blocks, ciphertext };
    },
    async finish(content) {
      const head = started ? await started.ciphertext : new Uint8Array(0);
      const chainIv = head.length > 0 ? head.subarray(head.length - 16) : iv;
      const rest = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: chainIv }, await key, content.subarray(head.length)));
      const algorithm = new AlgorithmIdentifier({ algorithmId: AES_256_CBC, algorithmParams: new asn1js.OctetString({ valueHex: iv }) });
      return { algorithm, ciphertext: head.length > 0 ? [head, rest] : [rest], mac: new Uint8Array(0) };
    },
  };
}

/** A fresh random content-encryption key for AES-256. */
export function newContentKey(): Uint8Array {
  return randomBytes(32);
}

export async function encryptContent(mode: 'cbc' | 'gcm', cek: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = new Uint8Array(0)): Promise<ContentEncryption> {
  if (mode === 'cbc') {
    const iv = randomBytes(16);
    const key = await subtle().importKey('raw', cek, 'AES-CBC', false, ['encrypt']);
    const ciphertext = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv }, key, plaintext));
    const algorithm = new AlgorithmIdentifier({ algorithmId: AES_256_CBC, algorithmParams: new asn1js.OctetString({ valueHex: iv }) });
    return { algorithm, ciphertext, mac: new Uint8Array(0) };
  }
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const key = await subtle().importKey('raw', cek, 'AES-GCM', false, ['encrypt']);
  const sealed = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: GCM_TAG_BYTES * 8 }, key, plaintext));
  const params = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: nonce }), new asn1js.Integer({ value: GCM_TAG_BYTES })] });
  return {
    algorithm: new AlgorithmIdentifier({ algorithmId: AES_256_GCM, algorithmParams: params }),
    // Views, not copies: the ciphertext of a large message is most of its size.
    ciphertext: sealed.subarray(0, sealed.length - GCM_TAG_BYTES),
    mac: sealed.subarray(sealed.length - GCM_TAG_BYTES),
  };
}

/** The cipher an AlgorithmIdentifier names, or a 'bad-message' error for one we do not read. */
export function contentCipher(algorithm: AlgorithmIdentifier): ContentCipher {
  if (algorithm.algorithmId === OID_RC2_CBC) {
    throw new SealmailError('bad-message', 'the message is encrypted with RC2, a cipher too weak to read: ask the sender to use AES');
  }
  const cipher = CIPHERS[algorithm.algorithmId];
  if (!cipher) throw new SealmailError('bad-message', `the message is encrypted with an algorithm Sealmail does not read (${algorithm.algorithmId})`);
  return cipher;
}

export interface ContentDecryption {
  cipher: ContentCipher;
  cek: Uint8Array;
  ciphertext: Uint8Array;
  /** The AuthEnvelopedData mac for GCM. */
  mac?: Uint8Array;
  /** GCM additional data: the DER of the authenticated attributes, if any (RFC 5083 section 2.2). */
  aad?: Uint8Array;
  /**
   * Set when the key unwrap already failed and `cek` is a random stand-in (RFC 3218 section 2.3):
   * the content is still decrypted so that a bad key costs the same time, then refused.
   */
  keyInvalid?: boolean;
}

/** Decrypts all of the content or throws: CBC padding errors are 'decrypt-failed', GCM tag failures 'integrity'. */
export async function decryptContent(d: ContentDecryption, algorithm: AlgorithmIdentifier): Promise<Uint8Array> {
  const { cipher } = d;
  const failed = new SealmailError('decrypt-failed', 'the message could not be decrypted with your key: it was not encrypted to it, or it is damaged');
  const cek = d.cek.length === cipher.keyBytes ? d.cek : randomBytes(cipher.keyBytes);
  const keyInvalid = d.keyInvalid === true || d.cek.length !== cipher.keyBytes;
  if (cipher.name === 'des-ede3-cbc') {
    const iv = octets(algorithm.algorithmParams);
    if (iv?.length !== DES_BLOCK_BYTES) throw new SealmailError('bad-message', 'the message has a malformed 3DES-CBC initialisation vector');
    const plaintext = decryptDesEde3Cbc(cek, iv, d.ciphertext);
    if (plaintext === null || keyInvalid) throw failed;
    return plaintext;
  }
  if (cipher.mode === 'cbc') {
    const iv = octets(algorithm.algorithmParams);
    if (iv?.length !== 16) throw new SealmailError('bad-message', 'the message has a malformed AES-CBC initialisation vector');
    const key = await subtle().importKey('raw', cek, 'AES-CBC', false, ['decrypt']);
    let plaintext: Uint8Array;
    try {
      plaintext = new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv }, key, d.ciphertext));
    } catch {
      throw failed;
    }
    if (keyInvalid) throw failed;
    return plaintext;
  }
  const { nonce, tagBytes } = gcmParameters(algorithm.algorithmParams);
  const mac = d.mac ?? new Uint8Array(0);
  if (mac.length !== tagBytes) throw new SealmailError('bad-message', 'the message has a GCM tag of the wrong length');
  const key = await subtle().importKey('raw', cek, 'AES-GCM', false, ['decrypt']);
  const sealed = new Uint8Array(d.ciphertext.length + mac.length);
  sealed.set(d.ciphertext);
  sealed.set(mac, d.ciphertext.length);
  let plaintext: Uint8Array;
  try {
    plaintext = new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: nonce, additionalData: d.aad ?? new Uint8Array(0), tagLength: tagBytes * 8 }, key, sealed));
  } catch {
    if (keyInvalid) throw failed;
    throw new SealmailError('integrity', 'the message was changed after it was encrypted (its AES-GCM authentication tag does not match); nothing of it is shown');
  }
  if (keyInvalid) throw failed;
  return plaintext;
}

/** What the report says of content encrypted with an obsolete cipher, or null. */
export function obsoleteCipherWarning(name: ContentCipherName): string | null {
  return name === 'des-ede3-cbc' ? 'this message was encrypted with 3DES, an obsolete cipher: ask the sender to use AES' : null;
}

/**
 * 3DES-CBC decryption with node-forge, in chunks so that no binary string holds the whole message. PKCS#7
 * padding is checked in full here (node-forge only checks the count): null when the ciphertext or padding is wrong.
 */
function decryptDesEde3Cbc(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array | null {
  if (ciphertext.length === 0 || ciphertext.length % DES_BLOCK_BYTES !== 0) return null;
  const decipher = forge.cipher.createDecipher('3DES-CBC', forge.util.binary.raw.encode(key));
  decipher.start({ iv: forge.util.binary.raw.encode(iv) });
  const plaintext = new Uint8Array(ciphertext.length);
  let written = 0;
  const CHUNK = 32 * 1024;
  for (let at = 0; at < ciphertext.length; at += CHUNK) {
    // Whole blocks only (CHUNK is a multiple of 8), so update() decrypts all of each chunk; finish() is not needed.
    decipher.update(forge.util.createBuffer(forge.util.binary.raw.encode(ciphertext.subarray(at, at + CHUNK))));
    const out = decipher.output.getBytes();
    forge.util.binary.raw.decode(out, plaintext, written);
    written += out.length;
  }
  if (written !== ciphertext.length) return null;
  const pad = plaintext[written - 1] ?? 0;
  if (pad < 1 || pad > DES_BLOCK_BYTES) return null;
  for (let i = written - pad; i < written; i++) if (plaintext[i] !== pad) return null;
  return plaintext.subarray(0, written - pad);
}

/** GCMParameters ::= SEQUENCE { aes-nonce OCTET STRING, aes-ICVlen INTEGER DEFAULT 12 } (RFC 5084 section 3.2). */
function gcmParameters(params: unknown): { nonce: Uint8Array; tagBytes: number } {
  const bad = new SealmailError('bad-message', 'the message has malformed AES-GCM parameters');
  if (!(params instanceof asn1js.Sequence)) throw bad;
  const [nonceBlock, icvBlock] = params.valueBlock.value;
  const nonce = octets(nonceBlock);
  if (!nonce || nonce.length === 0) throw bad;
  let tagBytes = 12;
  if (icvBlock !== undefined) {
    if (!(icvBlock instanceof asn1js.Integer)) throw bad;
    tagBytes = icvBlock.valueBlock.valueDec;
  }
  if (![12, 13, 14, 15, 16].includes(tagBytes)) throw bad;
  return { nonce, tagBytes };
}

/** The bytes of a primitive or constructed (BER) OCTET STRING, or null for anything else. */
export function octets(block: unknown): Uint8Array | null {
  if (!(block instanceof asn1js.OctetString)) return null;
  if (!block.idBlock.isConstructed) return block.valueBlock.valueHexView.slice();
  return new Uint8Array(block.getValue());
}
