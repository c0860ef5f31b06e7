// The browser target's SealmailApi: every service method as one JSON call over the loopback WebSocket of `npm run serve`.
import type { Result, SealmailApi, ServiceEvent } from '../../app/contract/index.js';

/** Close codes of app/serve/rpc-socket.ts. */
const CLOSE_UNAUTHORIZED = 4401;
const TOKEN_KEY = 'sealmail.serve-token';
const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 15_000;

type Frame = { ready: true } | { id: number; result: Result<unknown> } | { event: ServiceEvent };

const NO_TOKEN = 'This page has no access token: open the address `npm run serve` printed.';
const REFUSED = 'The server refused this page: open the address the current `npm run serve` printed.';
const NOT_ALLOWED = 'This page may not open a connection to Sealmail.';
const DROPPED = 'The connection to Sealmail dropped; the last action may or may not have been carried out.';

const networkFailure = (message: string): Result<never> => ({ ok: false, error: { code: 'network', message } });

/**
 * The token arrives in the URL fragment (never sent to a server, never in a Referer) and is taken
 * out of the address bar at once. It is kept in this tab's sessionStorage so a reload still works:
 * that adds no exposure, since any script able to read it could use the open socket anyway, and
 * the next `npm run serve` run is another origin (another port) with another token.
 */
function takeToken(): string | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromUrl = fragment.get('token');
  if (fromUrl !== null) {
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest === '' ? '' : `#${rest}`}`);
    remember(fromUrl);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** With storage blocked by the browser the page still works, only a reload then needs the printed address again. */
function remember(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage is a convenience here, never needed for a call.
  }
}

interface Call {
  id: number;
  frame: string;
  resolve(result: Result<unknown>): void;
}

/**
 * The token is the first frame, not a query parameter of the WebSocket URL, so it never appears in
 * a URL (devtools, proxy or server logs). The server already refused any page of another origin at
 * the handshake, and closes a socket that does not send the right token within seconds.
 */
class Connection {
  private socket: WebSocket | null = null;
  private ready = false;
  /** Set when retrying cannot help (no token, token refused): why every call fails. */
  private stopped: string | null = null;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private nextId = 1;
  /** Calls made while the socket connects: sent once it is ready. */
  private waiting: Call[] = [];
  /** Calls sent and not answered yet. */
  private sent = new Map<number, Call>();
  readonly listeners = new Set<(event: ServiceEvent) => void>();
  private firstSettled: (() => void) | null;
  readonly settled: Promise<void>;

  constructor(private readonly token: string | null) {
    let done!: () => void;
    this.settled = new Promise((resolve) => (done = resolve));
    this.firstSettled = done;
    if (token === null) this.stop(NO_TOKEN);
    else this.connect();
  }

  call(method: string, input: unknown): Promise<Result<unknown>> {
    return new Promise((resolve) => {
      if (this.stopped !== null) return resolve(networkFailure(this.stopped));
      const id = this.nextId++;
      const call: Call = { id, frame: JSON.stringify({ id, method, input: input ?? {} }), resolve };
      if (this.ready && this.socket !== null) {
        this.sent.set(id, call);
        this.socket.send(call.frame);
      } else if (this.socket !== null) {
        this.waiting.push(call);
      } else {
        // Between attempts: answer now rather than leave the UI hanging, and try again at once.
        resolve(networkFailure('Sealmail is not reachable: is `npm run serve` still running?'));
        this.reconnectNow();
      }
    });
  }

  private connect(): void {
    this.retryTimer = null;
    let socket: WebSocket;
    try {
      socket = new WebSocket(`ws://${location.host}/rpc`);
    } catch {
      // Only a page policy (CSP) or a malformed address makes the constructor throw: retrying cannot help.
      return this.stop(NOT_ALLOWED);
    }
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ auth: this.token }));
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = (close) => this.dropped(socket, close.code);
  }

  private receive(data: unknown): void {
    let frame: Frame;
    try {
      frame = JSON.parse(String(data)) as Frame;
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    if ('ready' in frame) {
      this.ready = true;
      this.retryMs = FIRST_RETRY_MS;
      for (const call of this.waiting.splice(0)) {
        this.sent.set(call.id, call);
        this.socket?.send(call.frame);
      }
      this.settle();
    } else if ('event' in frame) {
      for (const listener of this.listeners) {
        try {
          listener(frame.event);
        } catch (e) {
          // One failing listener must not keep the event from the others.
          reportError(e);
        }
      }
    } else if ('id' in frame) {
      const call = this.sent.get(frame.id);
      this.sent.delete(frame.id);
      call?.resolve(frame.result);
    }
  }

  private dropped(socket: WebSocket, code: number): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.ready = false;
    if (code === CLOSE_UNAUTHORIZED) {
      remember(null);
      return this.stop(REFUSED);
    }
    this.failPending(DROPPED);
    this.settle();
    // Polite: back off exponentially with jitter, so a stopped server is not hammered.
    const delay = this.retryMs * (0.75 + Math.random() / 2);
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private stop(reason: string): void {
    this.stopped = reason;
    this.failPending(reason);
    this.settle();
  }

  private failPending(message: string): void {
    const lost = networkFailure(message);
    for (const call of [...this.sent.values(), ...this.waiting]) call.resolve(lost);
    this.sent.clear();
    this.waiting = [];
  }

  private reconnectNow(): void {
    if (this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.connect();
  }

  private settle(): void {
    this.firstSettled?.();
    this.firstSettled = null;
  }
}

/** `api.keys.list(input)` sends "keys.list"; the server's schemas decide what exists, so nothing is listed here. */
function remoteApi(connection: Connection): SealmailApi {
  const services = new Map<string, object>();
  const onEvent = (listener: (event: ServiceEvent) => void) => {
    connection.listeners.add(listener);
    return () => void connection.listeners.delete(listener);
  };
  const serviceProxy = (service: string) =>
    new Proxy(
      {},
      {
        // 'then' must stay undefined, or awaiting the api (or a service) would call it as a thenable.
        get: (_target, method) =>
          typeof method === 'string' && method !== 'then' ? (input: unknown) => connection.call(`${service}.${method}`, input) : undefined,
      },
    );
  return new Proxy({} as SealmailApi, {
    get(_target, service) {
      if (service === 'onEvent') return onEvent;
      if (typeof service !== 'string' || service === 'then') return undefined;
      if (!services.has(service)) services.set(service, serviceProxy(service));
      return services.get(service);
    },
  });
}

/**
 * Connects to the server that served this page. Resolves once the first attempt is ready or has failed,
 * never rejects; every call then resolves to a Result, a lost connection to {ok: false, error: {code: 'network'}}.
 */
export async function connectWebSocketApi(): Promise<SealmailApi> {
  const connection = new Connection(takeToken());
  await connection.settled;
  return remoteApi(connection);
}
