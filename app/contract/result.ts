// The envelope every service result crosses the UI boundary in: errors are data, never thrown across IPC or a WebSocket.

export interface ServiceError {
  /** A stable code (SealmailError codes, plus 'bad-request' and 'internal'). */
  code: string;
  /** One line a user can act on; never a stack trace, never key material or plaintext. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ServiceError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const failure = (code: string, message: string): Result<never> => ({ ok: false, error: { code, message } });
