// The server settings autoconfig proposes, and what each lookup step reports when it finds none.

/** Only TLS choices exist: 'tls' is implicit TLS (RFC 8314), 'starttls' is STARTTLS required. */
export type Security = 'tls' | 'starttls';

export interface ServerSetting {
  host: string;
  port: number;
  security: Security;
  username: string;
}

export type DiscoverySource = 'autoconfig' | 'well-known' | 'srv';

export interface ServerSettings {
  imap: ServerSetting;
  smtp: ServerSetting;
  source: DiscoverySource;
}

export type AttemptCode =
  | 'not-found' // the server answered 404/410, or DNS has no such record
  | 'timeout' // no complete answer within the time limit
  | 'too-large' // the response passed the size limit
  | 'certificate' // the HTTPS certificate did not verify
  | 'redirect' // too many redirects, or one to a non-HTTPS address
  | 'http-status' // any other HTTP status
  | 'network' // the host cannot be found or the connection broke
  | 'bad-config' // the XML is not a Mozilla autoconfig document Sealmail can read
  | 'no-tls-server'; // servers were offered, but none over TLS with a login Sealmail uses

/** Why one step found nothing: shown to the user so they know what to enter by hand. */
export interface DiscoveryAttempt {
  source: DiscoverySource;
  /** The URL fetched or the DNS domain queried. */
  where: string;
  code: AttemptCode;
  message: string;
}

export class AttemptFailure extends Error {
  readonly code: AttemptCode;

  constructor(code: AttemptCode, message: string) {
    super(message);
    this.name = 'AttemptFailure';
    this.code = code;
  }
}
