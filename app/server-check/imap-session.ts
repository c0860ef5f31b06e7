// The IMAP side of a check (RFC 9051): greeting, tagged commands and CAPABILITY; it never sends LOGIN or AUTHENTICATE.
import { ConversationError, LineConnection } from './connection.js';

export interface ImapResponse {
  /** OK, NO or BAD. */
  status: string;
  untagged: string[];
}

export class ImapSession {
  private tags = 0;

  private constructor(readonly connection: LineConnection) {}

  static async connect(host: string, port: number, timeoutMs: number): Promise<ImapSession> {
    return new ImapSession(await LineConnection.open(host, port, timeoutMs));
  }

  /** The untagged greeting; BYE means the server will not talk to us. */
  async greeting(): Promise<void> {
    const line = await this.connection.readLine('the greeting');
    if (!/^\* (OK|PREAUTH)\b/i.test(line)) throw new ConversationError(`the server refused the session: ${JSON.stringify(line.slice(0, 80))}`);
  }

  async command(text: string): Promise<ImapResponse> {
    const tag = `c${++this.tags}`;
    const verb = text.split(' ')[0] ?? text;
    this.connection.send(`${tag} ${text}`);
    const untagged: string[] = [];
    for (;;) {
      const line = await this.connection.readLine(`the reply to ${verb}`);
      if (line.startsWith(`${tag} `)) return { status: (line.slice(tag.length + 1).split(' ')[0] ?? '').toUpperCase(), untagged };
      if (untagged.length > 1000) throw new ConversationError(`the server sent more than 1000 lines in reply to ${verb}`);
      untagged.push(line);
    }
  }

  /** The capabilities, upper-cased ("STARTTLS", "LOGINDISABLED", "AUTH=PLAIN"). */
  async capabilities(): Promise<string[]> {
    const reply = await this.command('CAPABILITY');
    const line = reply.untagged.find((l) => /^\* CAPABILITY /i.test(l));
    if (reply.status !== 'OK' || line === undefined) throw new ConversationError('the server did not list its capabilities');
    return line.slice('* CAPABILITY '.length).toUpperCase().split(/\s+/).filter(Boolean);
  }

  /** LOGOUT politely and close; a connection that already broke is left closed. */
  async logout(): Promise<void> {
    if (this.connection.closed) return;
    try {
      await this.command('LOGOUT');
    } catch {
      // The checks are done; a server that hangs up without a tagged OK changes none of them.
    } finally {
      this.connection.close();
    }
  }

  close(): void {
    this.connection.close();
  }
}

/**
 * The ways to log in a server offers: its SASL mechanisms, plus the LOGIN command unless
 * LOGINDISABLED forbids it, since LOGIN exposes the password just as SASL PLAIN does.
 */
export function imapLogins(capabilities: readonly string[]): string[] {
  const sasl = capabilities.filter((c) => c.startsWith('AUTH=')).map((c) => c.slice('AUTH='.length));
  return capabilities.includes('LOGINDISABLED') || sasl.includes('LOGIN') ? sasl : [...sasl, 'LOGIN'];
}
