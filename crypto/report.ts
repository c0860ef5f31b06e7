// The security report: what `open` tells the user about one message, and the only thing the UI trusts.

export type EncryptionState = 'encrypted' | 'none' | 'failed';
export type EncryptionScheme = 'pgp-mime' | 'pgp-inline' | 'smime' | null;
export type SignatureState =
  | 'valid' // the whole displayed content is signed by a good, current key whose user ID matches the single From
  | 'invalid' // a signature over the content does not verify
  | 'unknown-signer' // signed by a key we do not have
  | 'mismatch' // good signature, but the signer is not the single From address (or From is ambiguous)
  | 'partial' // only part of the displayed content is signed
  | 'expired' // the signing key was expired when the signature was made
  | 'revoked' // the signing key is revoked
  | 'none'; // nothing is signed
export type SignatureScheme = 'pgp-mime' | 'pgp-inline' | 'pgp-cleartext' | 'smime' | null;

/** How far the user trusts a key in the keyring; independent of whether a signature is good. */
export type Acceptance = 'own' | 'verified' | 'accepted' | 'imported' | 'unaccepted';

export interface Signer {
  /** The signer's address that matched From, else the key's first user-ID address, else null. */
  address: string | null;
  fingerprint: string;
}

export interface AttachmentInfo {
  name: string | null;
  type: string;
  size: number;
  /** The decoded bytes, only when open() was asked for them (attachmentContent). */
  content?: Uint8Array;
}

export interface AutocryptOffer {
  addr: string;
  fingerprint: string;
  preferEncrypt: 'mutual' | 'nopreference';
  /** The offered key, base64 as in the header, so the keyring can store it later. */
  keydata: string;
}

export interface SecurityReport {
  /** The single From address (lower-cased), or null when there is none or several. */
  from: string | null;
  /** The From display name, when there is exactly one From. */
  fromName: string | null;
  /** The subject to show: the protected one when the message carries protected headers. */
  subject: string | null;
  /** True when the shown headers come from inside the cryptographic payload (RFC 9788). */
  protectedHeaders: boolean;
  encryption: {
    state: EncryptionState;
    scheme: EncryptionScheme;
    /** Why decryption failed, in one line, when state is "failed". */
    error: string | null;
    /**
     * Whether the decrypted content was protected against change on the way: 'authenticated' (OpenPGP
     * MDC/AEAD, S/MIME AES-GCM) or 'none' (S/MIME AES-CBC EnvelopedData); null when not decrypted.
     * A UI must never load remote content for 'none' (EFAIL).
     */
    integrity: 'authenticated' | 'none' | null;
  };
  signature: {
    state: SignatureState;
    scheme: SignatureScheme;
    signer: Signer | null;
    /** The acceptance of the signer's key in the keyring, separate from `state`. */
    acceptance: Acceptance | null;
    /** When the signature says it was made (ISO 8601), if there is one. */
    signedAt: string | null;
  };
  /** The readable body; null when it is not safe to show (e.g. failed decryption). */
  text: string | null;
  /** The HTML body, only for sandboxed rendering by the UI; null when absent or unsafe. */
  html: string | null;
  attachments: AttachmentInfo[];
  autocrypt: AutocryptOffer | null;
  warnings: string[];
}
