// What one rig run is made of: its files under one temporary directory, its ports, its users.
import { join } from 'node:path';

/** The one mail domain the rig serves; mail to any other domain never leaves it. */
export const RIG_DOMAIN = 'example.test';

export interface RigLayout {
  root: string;
  certs: string;
  logs: string;
  /** Postfix's config directory (`postfix -c`): main.cf, master.cf and the mailbox map. */
  postfixConfig: string;
  postfixQueue: string;
  postfixData: string;
  dovecotConfigFile: string;
  dovecotUsersFile: string;
  /** Dovecot's base_dir: its pid file and sockets, the two Postfix uses among them. */
  dovecotBase: string;
  dovecotState: string;
  lmtpSocket: string;
  authSocket: string;
  /** Mail homes, `<mail>/<domain>/<user>`, owned by the `mail` account. */
  mail: string;
}

export function rigLayout(root: string): RigLayout {
  const dovecotBase = join(root, 'dovecot-run');
  return {
    root,
    certs: join(root, 'certs'),
    logs: join(root, 'log'),
    postfixConfig: join(root, 'postfix'),
    postfixQueue: join(root, 'postfix-queue'),
    postfixData: join(root, 'postfix-data'),
    dovecotConfigFile: join(root, 'dovecot', 'dovecot.conf'),
    dovecotUsersFile: join(root, 'dovecot', 'users'),
    dovecotBase,
    dovecotState: join(root, 'dovecot-state'),
    lmtpSocket: join(dovecotBase, 'lmtp-postfix'),
    authSocket: join(dovecotBase, 'auth-postfix'),
    mail: join(root, 'mail'),
  };
}

export interface RigPorts {
  /** SMTP as an MX: no TLS, no AUTH, mail for the rig's domain only (127.0.0.1). */
  mx: number;
  /** Submission: STARTTLS required, AUTH only after it, authenticated clients only (127.0.0.1). */
  submission: number;
  /** Submission over implicit TLS, RFC 8314 (127.0.0.1). */
  submissions: number;
  /** IMAP with STARTTLS required, on 127.0.0.2 (see dovecot.ts for why not 127.0.0.1). */
  imap: number;
  /** IMAP over implicit TLS (127.0.0.1). */
  imaps: number;
}

export interface RigUser {
  address: string;
  password: string;
  /** The user's Maildir; delivered mail appears in its `new/`. */
  maildir: string;
}

export function rigUser(layout: RigLayout, local: string, password: string): RigUser {
  return { address: `${local}@${RIG_DOMAIN}`, password, maildir: join(layout.mail, RIG_DOMAIN, local, 'Maildir') };
}
