// A bare IMAP client for tests: tagged commands as written, with the untagged lines and status to assert on.
import { LineSocket, type TlsTrust } from './line-socket.js';
import type { RigEndpoint } from './rig.js';

export interface ImapResponse {
  status: 'OK' | 'NO' | 'BAD';
  /** The tagged line's text after the status. */
  text: string;
  /** The untagged ("* ...") lines before it. */
  untagged: string[];
}

export class ImapClient {
  private tags = 0;

  private constructor(
    readonly socket: LineSocket,
    readonly greeting: string,
  ) {}

  /** Connects and reads the greeting; with `tls`, TLS starts with the first byte. */
  static async open(at: RigEndpoint, tls?: TlsTrust): Promise<ImapClient> {
    const socket = await LineSocket.connect(at.host, at.port, tls);
    const greeting = await socket.readLine();
    if (!greeting.startsWith('* OK')) throw new Error(`unexpected IMAP greeting: ${greeting}`);
    return new ImapClient(socket, greeting);
  }

  /** Sends one command (no literals) and reads up to its tagged response. */
  async command(command: string): Promise<ImapResponse> {
    const tag = `t${++this.tags}`;
    this.socket.send(`${tag} ${command}`);
    const untagged: string[] = [];
    for (;;) {
      const line = await this.socket.readLine();
      if (!line.startsWith(`${tag} `)) {
        untagged.push(line);
        continue;
      }
      const match = /^(OK|NO|BAD)\b ?(.*)$/i.exec(line.slice(tag.length + 1));
      if (!match) throw new Error(`not a tagged IMAP response: ${line}`);
      return { status: (match[1] ?? '').toUpperCase() as ImapResponse['status'], text: match[2] ?? '', untagged };
    }
  }

  /** The server's capabilities as it states them now, upper-cased. */
  async capabilities(): Promise<string[]> {
    const response = await this.command('CAPABILITY');
    const line = response.untagged.find((l) => /^\* CAPABILITY /i.test(l));
    if (response.status !== 'OK' || line === undefined) throw new Error(`CAPABILITY failed: ${response.text}`);
    return line.slice('* CAPABILITY '.length).toUpperCase().split(' ');
  }

  login(user: string, password: string): Promise<ImapResponse> {
    return this.command(`LOGIN ${quoted(user)} ${quoted(password)}`);
  }

  async startTls(trust: TlsTrust): Promise<void> {
    const response = await this.command('STARTTLS');
    if (response.status !== 'OK') throw new Error(`STARTTLS refused: ${response.status} ${response.text}`);
    await this.socket.startTls(trust);
  }

  close(): void {
    this.socket.close();
  }
}

/** An IMAP quoted string (RFC 3501 section 4.3). */
function quoted(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}
