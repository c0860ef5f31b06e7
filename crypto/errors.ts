// Errors that cross every boundary as data: a stable code plus one line a user can act on.

export type SealmailErrorCode =
  | 'bad-message' // the input is not a readable RFC 5322 / MIME message
  | 'bad-key' // key data that cannot be parsed or used
  | 'bad-option' // a caller passed an unknown or malformed option
  | 'no-key' // no key was found for the given ID
  | 'no-recipient-key' // a recipient has no usable encryption key
  | 'no-signing-key' // the sender has no usable secret signing key
  | 'wrong-passphrase' // the passphrase does not unlock the secret key
  | 'passphrase-required' // a secret key is needed and no passphrase was supplied
  | 'decrypt-failed' // no key of ours can decrypt the message
  | 'integrity' // ciphertext without integrity protection, or whose integrity check failed
  | 'too-large' // a size limit in crypto/policy.ts was exceeded
  | 'profile' // the profile folder or keyring cannot be read or written
  | 'io' // reading or writing a file failed
  // Mail transport (app/transport): each names what the user can change.
  | 'auth-failed' // the server refused the user name and password or token
  | 'auth-unavailable' // the server offers no login Sealmail uses over TLS
  | 'tls-unavailable' // the server did not offer STARTTLS (or it was stripped)
  | 'tls-failed' // TLS could not be set up safely (handshake failure, injected plaintext)
  | 'certificate' // the server certificate is invalid: self-signed, expired, wrong name, unknown CA
  | 'recipient-rejected' // the server refused a recipient address
  | 'message-too-large' // the server's size limit is below the message size
  | 'connection-refused' // nothing listens at host:port
  | 'timeout' // the server did not answer in time
  | 'network' // the host cannot be found, or the connection broke
  | 'smtp' // any other refusal or protocol error from the SMTP server
  | 'imap'; // any other refusal or protocol error from the IMAP server

export class SealmailError extends Error {
  readonly code: SealmailErrorCode;

  constructor(code: SealmailErrorCode, message: string) {
    super(message);
    this.name = 'SealmailError';
    this.code = code;
  }
}

export function isSealmailError(e: unknown): e is SealmailError {
  return e instanceof SealmailError;
}

/** Rejects option names a function does not know, so a typo never silently weakens a call. */
export function checkOptions(fn: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new SealmailError('bad-option', `${fn}: unknown option "${key}"`);
  }
}
