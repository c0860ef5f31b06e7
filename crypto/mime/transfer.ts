// RFC 2045 section 6 Content-Transfer-Encoding: decode bodies and re-encode leaves to 7-bit for signing.
import libbase64 from 'libbase64';
import libqp from 'libqp';
import { encodeUtf8 } from './bytes.js';
import { headerValue } from './header.js';
import type { MimeEntity } from './entity.js';

export function transferEncoding(entity: MimeEntity): string {
  return (headerValue(entity.fields, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
}

/** The entity's body with its transfer encoding removed. */
export function decodeBody(entity: MimeEntity): Uint8Array {
  const cte = transferEncoding(entity);
  if (cte === 'base64') return new Uint8Array(libbase64.decode(new TextDecoder('latin1').decode(entity.body)));
  if (cte === 'quoted-printable') return new Uint8Array(libqp.decode(entity.body));
  return entity.body;
}

/** Encodes a decoded body for a 7-bit transport: quoted-printable for text, base64 for the rest. */
export function encodeSevenBit(body: Uint8Array, type: string): { encoding: string; bytes: Uint8Array } {
  if (type.startsWith('text/')) {
    return { encoding: 'quoted-printable', bytes: encodeUtf8(libqp.wrap(libqp.encode(body), 76).replace(/\r?\n/g, '\r\n')) };
  }
  return { encoding: 'base64', bytes: encodeUtf8(libbase64.wrap(libbase64.encode(body), 76).replace(/\r?\n/g, '\r\n')) };
}
