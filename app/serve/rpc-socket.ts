// One browser connection of the browser target: the token first, then {id, method, input} calls answered through dispatch(), and pushed events.
import { timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { dispatch } from '../contract/dispatch.js';
import { failure } from '../contract/result.js';
import type { SealmailServices } from '../contract/services.js';
import type { ServiceEvent } from '../contract/views.js';
import { isRecord } from '../json-record.js';

/**
 * Close codes the page can act on; the reason text is always empty so a refused peer learns nothing.
 * 4400: a frame that is not a well-formed call (a real client never sends one). 4401: no valid token in time.
 */
export const CLOSE_PROTOCOL = 4400;
export const CLOSE_UNAUTHORIZED = 4401;

/** Subscribes to the services' pushed events and returns the unsubscribe function (createServices().onEvent). */
export type ServiceEventSource = (listener: (event: ServiceEvent) => void) => () => void;

export interface RpcSocketOptions {
  services: SealmailServices;
  onEvent?: ServiceEventSource | undefined;
  token: Buffer;
  /** How long a new connection may take to send its token. */
  authTimeoutMs: number;
}

type CallId = number | string;

function isCallId(v: unknown): v is CallId {
  return (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && v.length > 0 && v.length <= 64);
}

/** Compares in time independent of where the strings differ; a wrong length is refused after a same-length compare too. */
function tokenMatches(expected: Buffer, offered: unknown): boolean {
  if (typeof offered !== 'string' || offered.length > 256) return false;
  const given = Buffer.from(offered, 'utf8');
  const same = given.length === expected.length;
  return timingSafeEqual(same ? given : expected, expected) && same;
}

function parse(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): Record<string, unknown> | null {
  if (isBinary) return null;
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function serialise(id: CallId, result: unknown): string {
  try {
    return JSON.stringify({ id, result });
  } catch {
    return JSON.stringify({ id, result: failure('internal', 'the answer could not be sent to the page') });
  }
}

/**
 * Speaks the browser target's protocol on an accepted (Origin-checked) socket.
 * The first frame must be {auth: token}; the server then answers {ready: true} and from then on
 * takes {id, method, input} frames, answering each {id, result} with dispatch()'s Result,
 * and pushes {event} frames. Anything else closes the socket with a code and no reason.
 */
export function serveRpcSocket(socket: WebSocket, options: RpcSocketOptions): void {
  let authenticated = false;
  let unsubscribe: (() => void) | undefined;
  const deadline = setTimeout(() => socket.close(CLOSE_UNAUTHORIZED), options.authTimeoutMs);
  const forward = (event: ServiceEvent) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event }));
  };

  socket.on('message', (data, isBinary) => {
    const frame = parse(data, isBinary);
    if (!authenticated) {
      clearTimeout(deadline);
      if (frame === null || !tokenMatches(options.token, frame.auth)) {
        socket.close(CLOSE_UNAUTHORIZED);
        return;
      }
      authenticated = true;
      unsubscribe = options.onEvent?.(forward);
      socket.send(JSON.stringify({ ready: true }));
      return;
    }
    if (frame === null || !isCallId(frame.id)) {
      socket.close(CLOSE_PROTOCOL);
      return;
    }
    const id = frame.id;
    const answer = (result: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(serialise(id, result));
    };
    dispatch(options.services, frame.method, frame.input).then(answer, () => answer(failure('internal', 'the call failed unexpectedly')));
  });
  socket.on('close', () => {
    clearTimeout(deadline);
    unsubscribe?.();
  });
  // A socket error (e.g. an oversized frame) is followed by 'close'; without a listener it would be thrown.
  socket.on('error', () => undefined);
}
