// The SMTP side of a check (RFC 5321): replies, EHLO extensions, STARTTLS; it never sends DATA or credentials.
import { ConversationError, LineConnection } from './connection.js';

export interface SmtpReply {
  code: number;
  /** The reply's text lines, without the code. */
  lines: string[];
}

/** The name the check introduces itself with: `.invalid` (RFC 2606) so it can never be anyone's real host. */
export const CHECK_CLIENT_NAME = 'sealmail-check.invalid';

export class SmtpSession {
  private constructor(readonly connection: LineConnection) {}

  /** Connects over TCP; the caller starts TLS first on an implicit-TLS port, then reads the greeting. */
  static async connect(host: string, port: number, timeoutMs: number): Promise<SmtpSession> {
    return new SmtpSession(await LineConnection.open(host, port, timeoutMs));
  }

  /** The 220 greeting; any other answer means the server will not talk to us. */
  async greeting(): Promise<SmtpReply> {
    const reply = await readReply(this.connection, 'the greeting');
    if (reply.code !== 220) throw new ConversationError(`the server refused the session: ${formatReply(reply)}`);
    return reply;
  }

  async command(line: string): Promise<SmtpReply> {
    this.connection.send(line);
    // Only the verb goes into messages: arguments may be addresses.
    return readReply(this.connection, `the reply to ${line.split(' ')[0] ?? line}`);
  }

  /** EHLO; the extensions offered, upper-cased ("STARTTLS", "AUTH PLAIN LOGIN"). An old HELO-only server offers none. */
  async ehlo(): Promise<string[]> {
    const reply = await this.command(`EHLO ${CHECK_CLIENT_NAME}`);
    if (reply.code === 250) return reply.lines.slice(1).map((line) => line.toUpperCase());
    const helo = await this.command(`HELO ${CHECK_CLIENT_NAME}`);
    if (helo.code !== 250) throw new ConversationError(`the server refused both EHLO and HELO: ${formatReply(helo)}`);
    return [];
  }

  /** QUIT politely and close; a connection that already broke is left closed. */
  async quit(): Promise<void> {
    if (this.connection.closed) return;
    try {
      await this.command('QUIT');
    } catch {
      // The checks are done; a server that hangs up without a 221 changes none of them.
    } finally {
      this.connection.close();
    }
  }

  close(): void {
    this.connection.close();
  }
}

/** Reads one reply: "250-..." lines until "250 ..." (RFC 5321 section 4.2.1). */
async function readReply(connection: LineConnection, waitingFor: string): Promise<SmtpReply> {
  const lines: string[] = [];
  for (;;) {
    const line = await connection.readLine(waitingFor);
    const match = /^(\d{3})([ -]|$)(.*)$/.exec(line);
    if (!match) throw new ConversationError(`the server's answer is not SMTP: ${JSON.stringify(line.slice(0, 80))}`);
    lines.push(match[3] ?? '');
    if (match[2] !== '-') return { code: Number(match[1]), lines };
    if (lines.length > 1000) throw new ConversationError('the server sent a reply of more than 1000 lines');
  }
}

export function formatReply(reply: SmtpReply): string {
  return `${reply.code} ${reply.lines.join(' / ')}`.trim();
}

/** The SASL mechanisms in an EHLO's AUTH extension (also the obsolete "AUTH=" form), or [] when AUTH is not offered. */
export function authMechanisms(extensions: readonly string[]): string[] {
  const found = new Set<string>();
  for (const ext of extensions) {
    const match = /^AUTH[ =](.*)$/.exec(ext);
    for (const mech of match?.[1]?.split(/\s+/) ?? []) if (mech) found.add(mech);
  }
  return [...found];
}
