// A CRLF line protocol client over node:net/node:tls for tests: every wait is bounded, STARTTLS upgrades in place.
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';

/** How a test trusts the rig: its CA, and the name its certificate must carry. */
export interface TlsTrust {
  ca: string;
  servername: string;
}

const WAIT_MS = 5_000;

export class LineSocket {
  private buffer = '';
  private ended: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly onData = (chunk: string): void => {
    this.buffer += chunk;
    this.wake?.();
  };
  private readonly onEnd = (): void => this.finish(new Error(`the server closed the connection (unread: ${JSON.stringify(this.buffer)})`));
  private readonly onError = (e: Error): void => this.finish(e);

  private constructor(private socket: Socket | TLSSocket) {
    this.attach(socket);
  }

  /** Connects in the clear, or with TLS from the first byte when `tls` is given (verifying it). */
  static async connect(host: string, port: number, tls?: TlsTrust): Promise<LineSocket> {
    const socket = tls
      ? connectTls({ host, port, ca: tls.ca, servername: tls.servername, minVersion: 'TLSv1.2' })
      : connectTcp({ host, port });
    await settle(socket, tls ? 'secureConnect' : 'connect', `connecting to ${host}:${port}`);
    return new LineSocket(socket);
  }

  /** The TLS socket once encrypted (to inspect the protocol or certificate), else undefined. */
  get tls(): TLSSocket | undefined {
    return 'encrypted' in this.socket ? this.socket : undefined;
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  /** The next line, without its CRLF. */
  async readLine(): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return line;
      }
      if (this.ended) throw this.ended;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no complete line from the server within ${WAIT_MS} ms (got so far: ${JSON.stringify(this.buffer)})`);
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
   * Switches to TLS on the same connection, verifying the certificate against `trust`. Bytes the
   * server sent after its go-ahead and before the handshake would be plaintext injection: refused.
   */
  async startTls(trust: TlsTrust): Promise<void> {
    if (this.buffer !== '') throw new Error(`the server sent data before the TLS handshake: ${JSON.stringify(this.buffer)}`);
    const plain = this.socket;
    plain.off('data', this.onData).off('end', this.onEnd).off('error', this.onError);
    const secure = connectTls({ socket: plain, ca: trust.ca, servername: trust.servername, minVersion: 'TLSv1.2' });
    await settle(secure, 'secureConnect', 'the TLS handshake');
    this.socket = secure;
    this.attach(secure);
  }

  close(): void {
    this.socket.destroy();
  }

  private attach(socket: Socket | TLSSocket): void {
    socket.setEncoding('utf8');
    socket.on('data', this.onData).on('end', this.onEnd).on('error', this.onError);
  }

  private finish(reason: Error): void {
    this.ended ??= reason;
    this.wake?.();
  }
}

/** Waits for `event`, or fails on an error or after WAIT_MS; the socket is destroyed on failure. */
function settle(socket: Socket, event: 'connect' | 'secureConnect', what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${what} took more than ${WAIT_MS} ms`)), WAIT_MS);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(e);
    };
    socket.once('error', fail);
    socket.once(event, () => {
      clearTimeout(timer);
      socket.off('error', fail);
      resolve();
    });
  });
}
