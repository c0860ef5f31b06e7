// One line-based connection to the server under check, over node:net and node:tls, where every wait is bounded.
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { SealmailError, type SealmailErrorCode } from '../../crypto/errors.js';

/** The conversation broke after connecting (silence, hang-up, garbage); the checks not yet made say so. */
export class ConversationError extends Error {
  override readonly name = 'ConversationError';
}

/**
 * The server sent bytes between its go-ahead for STARTTLS and the handshake. They would be read as
 * if they came over TLS (the command injection of CVE-2011-0411), so the upgrade is refused.
 */
export class InjectedDataError extends ConversationError {}

// A hostile server could send an endless line; no honest SMTP or IMAP line comes near this.
const MAX_LINE = 16_384;

export class LineConnection {
  private buffer = '';
  private isClosed = false;
  private readonly opened = Date.now();
  private ended: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly onData = (chunk: string): void => {
    this.buffer += chunk;
    if (this.buffer.length > MAX_LINE && !this.buffer.includes('\n')) this.finish(new ConversationError(`the server sent a line longer than ${MAX_LINE} bytes`));
    this.wake?.();
  };
  private readonly onEnd = (): void => this.finish(new ConversationError('the server closed the connection'));
  private readonly onError = (e: Error): void => this.finish(new ConversationError(`the connection failed: ${e.message}`));

  private constructor(
    private socket: Socket | TLSSocket,
    readonly timeoutMs: number,
  ) {
    this.attach(socket);
  }

  /** Connects over TCP; failing that is the one failure that stops the whole check. */
  static open(host: string, port: number, timeoutMs: number): Promise<LineConnection> {
    return new Promise((resolve, reject) => {
      const socket = connectTcp({ host, port });
      const timer = setTimeout(() => fail(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
      const fail = (e: NodeJS.ErrnoException): void => {
        clearTimeout(timer);
        socket.destroy();
        const { code, why } = connectFailure(e, timeoutMs);
        reject(new SealmailError(code, `cannot connect to ${host}:${port}: ${why}`));
      };
      socket.once('error', fail);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', fail);
        resolve(new LineConnection(socket, timeoutMs));
      });
    });
  }

  /** The TLS socket once encrypted, to read the protocol, cipher and certificate. */
  get tls(): TLSSocket | undefined {
    return 'encrypted' in this.socket ? this.socket : undefined;
  }

  /** Closed by us, or by a failed TLS handshake (which destroys the socket). */
  get closed(): boolean {
    return this.isClosed;
  }

  send(line: string): void {
    if (this.isClosed) throw new ConversationError('the connection is already closed');
    this.socket.write(`${line}\r\n`);
  }

  /** The next line without its line end; `waitingFor` names what was expected, for the timeout message. */
  async readLine(waitingFor: string): Promise<string> {
    // Each line gets one timeout, and the whole connection ten: a server trickling out endless
    // reply lines cannot hold the check for longer than that.
    const deadline = Math.min(Date.now() + this.timeoutMs, this.opened + 10 * this.timeoutMs);
    for (;;) {
      const end = this.buffer.indexOf('\n');
      if (end >= 0) {
        const line = this.buffer.slice(0, end).replace(/\r$/, '');
        this.buffer = this.buffer.slice(end + 1);
        return line;
      }
      if (this.ended) throw this.ended;
      const left = deadline - Date.now();
      if (left <= 0) {
        const whole = 10 * this.timeoutMs;
        if (Date.now() >= this.opened + whole) throw new ConversationError(`the server kept the check busy for more than ${seconds(whole)} (waiting for ${waitingFor})`);
        throw new ConversationError(`the server did not answer within ${seconds(this.timeoutMs)} (waiting for ${waitingFor})`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /**
   * Starts TLS on this connection with `options` (certificate validation always on). A handshake failure rejects with Node's error, whose
   * `code` says why (e.g. DEPTH_ZERO_SELF_SIGNED_CERT); the connection is closed then. Unread
   * bytes from before the handshake reject with InjectedDataError.
   */
  async startTls(options: ConnectionOptions): Promise<TLSSocket> {
    if (this.buffer !== '') {
      throw new InjectedDataError(`the server sent data between its STARTTLS reply and the TLS handshake: ${JSON.stringify(this.buffer.slice(0, 80))}`);
    }
    const plain = this.socket;
    plain.off('data', this.onData).off('end', this.onEnd).off('error', this.onError);
    // From here the TLS socket reports every failure; a stray one on the plain socket must not crash the process.
    plain.on('error', () => undefined);
    const secure = connectTls({ ...options, socket: plain });
    // Until the handshake is done, a failure ends this connection for good.
    this.isClosed = true;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new ConversationError(`the TLS handshake took more than ${seconds(this.timeoutMs)}`)), this.timeoutMs);
      const fail = (e: Error): void => {
        clearTimeout(timer);
        secure.on('error', () => undefined);
        secure.destroy();
        reject(e);
      };
      secure.once('error', fail);
      secure.once('secureConnect', () => {
        clearTimeout(timer);
        secure.off('error', fail);
        resolve();
      });
    });
    this.socket = secure;
    this.isClosed = false;
    this.attach(secure);
    return secure;
  }

  close(): void {
    this.isClosed = true;
    this.socket.destroy();
  }

  private attach(socket: Socket | TLSSocket): void {
    // latin1 maps every byte to one character, so a split multi-byte sequence can never garble a line.
    socket.setEncoding('latin1');
    socket.on('data', this.onData).on('end', this.onEnd).on('error', this.onError);
  }

  private finish(reason: Error): void {
    this.ended ??= reason;
    this.wake?.();
  }
}

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function connectFailure(e: NodeJS.ErrnoException, timeoutMs: number): { code: SealmailErrorCode; why: string } {
  switch (e.code) {
    case 'ECONNREFUSED':
      return { code: 'connection-refused', why: 'connection refused' };
    case 'ETIMEDOUT':
      return { code: 'timeout', why: `no answer within ${seconds(timeoutMs)}` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'network', why: 'no such host' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { code: 'network', why: 'host unreachable' };
    default:
      return { code: 'network', why: e.message };
  }
}
