// A bare SMTP client for tests: sends commands as written and returns the server's replies, to assert on.
import { LineSocket, type TlsTrust } from './line-socket.js';
import type { RigEndpoint } from './rig.js';

export interface SmtpReply {
  code: number;
  /** The reply's text lines, without the code. */
  lines: string[];
}

export class SmtpClient {
  private constructor(
    readonly socket: LineSocket,
    readonly greeting: SmtpReply,
  ) {}

  /** Connects and reads the greeting; with `tls`, TLS starts with the first byte (RFC 8314). */
  static async open(at: RigEndpoint, tls?: TlsTrust): Promise<SmtpClient> {
    const socket = await LineSocket.connect(at.host, at.port, tls);
    const client = new SmtpClient(socket, await readReply(socket));
    if (client.greeting.code !== 220) throw new Error(`unexpected SMTP greeting: ${format(client.greeting)}`);
    return client;
  }

  async command(line: string): Promise<SmtpReply> {
    this.socket.send(line);
    return readReply(this.socket);
  }

  /** EHLO; returns the extensions offered, upper-cased (e.g. "STARTTLS", "AUTH PLAIN LOGIN"). */
  async ehlo(): Promise<string[]> {
    const reply = await this.command('EHLO client.example');
    if (reply.code !== 250) throw new Error(`EHLO refused: ${format(reply)}`);
    return reply.lines.slice(1).map((line) => line.toUpperCase());
  }

  async startTls(trust: TlsTrust): Promise<void> {
    const reply = await this.command('STARTTLS');
    if (reply.code !== 220) throw new Error(`STARTTLS refused: ${format(reply)}`);
    await this.socket.startTls(trust);
  }

  authPlain(address: string, password: string): Promise<SmtpReply> {
    return this.command(`AUTH PLAIN ${Buffer.from(`\0${address}\0${password}`).toString('base64')}`);
  }

  /** Sends the message text after DATA (dot-stuffed) and returns the final reply. */
  async data(message: string): Promise<SmtpReply> {
    const go = await this.command('DATA');
    if (go.code !== 354) throw new Error(`DATA refused: ${format(go)}`);
    for (const line of message.split(/\r?\n/)) this.socket.send(line.startsWith('.') ? `.${line}` : line);
    return this.command('.');
  }

  close(): void {
    this.socket.close();
  }
}

/** Reads one reply: "250-..." lines until "250 ..." (RFC 5321 section 4.2.1). */
async function readReply(socket: LineSocket): Promise<SmtpReply> {
  const lines: string[] = [];
  for (;;) {
    const line = await socket.readLine();
    const match = /^(\d{3})([ -])(.*)$/.exec(line);
    if (!match) throw new Error(`not an SMTP reply line: ${JSON.stringify(line)}`);
    lines.push(match[3] ?? '');
    if (match[2] === ' ') return { code: Number(match[1]), lines };
  }
}

export function format(reply: SmtpReply): string {
  return `${reply.code} ${reply.lines.join(' / ')}`;
}
