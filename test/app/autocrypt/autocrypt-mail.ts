// Received test mail for Autocrypt: headers written out as text, and PGP/MIME encrypted mail with a hand-made inner header.
import { createMessage, encrypt, type PublicKey } from 'openpgp';

export const keydata = (key: PublicKey): string => Buffer.from(key.toPublic().write()).toString('base64');

/** One Autocrypt (or Autocrypt-Gossip) field, folded as senders fold it. */
export function autocryptHeader(addr: string, key: PublicKey, options: { preferEncrypt?: 'mutual'; name?: string } = {}): string {
  const pref = options.preferEncrypt ? ` prefer-encrypt=${options.preferEncrypt};` : '';
  const lines = keydata(key).match(/.{1,72}/g) ?? [];
  return `${options.name ?? 'Autocrypt'}: addr=${addr};${pref} keydata=\r\n ${lines.join('\r\n ')}`;
}

export interface MailOptions {
  from: string;
  to?: string;
  cc?: string;
  /** An RFC 5322 date, or null for a message without Date. */
  date?: string | null;
  headers?: string[];
  contentType?: string;
  body?: string;
}

export function receivedMail(options: MailOptions): Uint8Array {
  const lines = [
    `From: ${options.from}`,
    `To: ${options.to ?? 'me@example.org'}`,
    ...(options.cc ? [`Cc: ${options.cc}`] : []),
    ...(options.date === null ? [] : [`Date: ${options.date ?? 'Sat, 28 Nov 2026 10:00:00 +0000'}`]),
    'Subject: hello',
    ...(options.headers ?? []),
    `Content-Type: ${options.contentType ?? 'text/plain; charset=us-ascii'}`,
    '',
    options.body ?? 'Hi.\r\n',
  ];
  return new TextEncoder().encode(lines.join('\r\n'));
}

/** PGP/MIME (RFC 3156) whose encrypted payload has exactly `innerHeaders` above a short text. */
export async function encryptedMail(options: MailOptions & { innerHeaders: string[]; encryptTo: PublicKey[] }): Promise<Uint8Array> {
  const inner = [...options.innerHeaders, 'Content-Type: text/plain; charset=us-ascii', '', 'Secret hello.', ''].join('\r\n');
  const armored = await encrypt({ message: await createMessage({ binary: new TextEncoder().encode(inner) }), encryptionKeys: options.encryptTo, format: 'armored' });
  const body = [
    'This is an OpenPGP/MIME encrypted message',
    '--b1',
    'Content-Type: application/pgp-encrypted',
    '',
    'Version: 1',
    '',
    '--b1',
    'Content-Type: application/octet-stream; name="encrypted.asc"',
    '',
    armored.replace(/\r?\n/g, '\r\n'),
    '--b1--',
    '',
  ].join('\r\n');
  return receivedMail({ ...options, contentType: 'multipart/encrypted; protocol="application/pgp-encrypted"; boundary="b1"', body });
}
