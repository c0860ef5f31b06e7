// Notices plaintext a server (or a man in the middle) sent between the STARTTLS reply and the TLS handshake.
import type { SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';

type Logger = Exclude<NonNullable<SMTPConnectionOptions['logger']>, boolean>;

/**
 * RFC 3207 section 6: nothing received before TLS may be trusted after it. nodemailer already
 * discards such bytes (the STARTTLS response injection of CVE-2011-0411 and its client-side
 * kin) and reports how many through its logger; no honest server sends any, so Sealmail
 * treats them as an attack and ends the session before AUTH.
 */
export class InjectionWatch {
  discarded = 0;

  readonly logger: Logger = {
    warn: (entry: unknown) => {
      const discarded = (entry as { discarded?: unknown } | undefined)?.discarded;
      if (typeof discarded === 'number' && discarded > 0) this.discarded += discarded;
    },
    // Every other level is dropped: nodemailer would otherwise route them to warn.
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    error: () => undefined,
    fatal: () => undefined,
  };
}
