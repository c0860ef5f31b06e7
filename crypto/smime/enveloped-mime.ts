/**
 * The MIME wrapping of encrypted S/MIME (RFC 8551 section 3.3): application/pkcs7-mime with
 * smime-type=enveloped-data or authEnveloped-data and the name smime.p7m, in base64.
 */
import { SealmailError } from '../errors.js';
import { entityBytes, field } from '../mime/build.js';
import { parseMessage } from '../mime/entity.js';
import { headerValue, parseStructured } from '../mime/header.js';
import { decodeBody } from '../mime/transfer.js';

export type SmimeType = 'enveloped-data' | 'authEnveloped-data';

/** The application/pkcs7-mime entity (header fields and base64 body, CRLF) around a CMS ContentInfo. */
export function envelopedEntity(cms: Uint8Array, smimeType: SmimeType): Uint8Array {
  return entityBytes(
    [
      field('Content-Type', `application/pkcs7-mime; smime-type=${smimeType}; name=smime.p7m`),
      field('Content-Transfer-Encoding', 'base64'),
      field('Content-Disposition', 'attachment; filename=smime.p7m'),
    ],
    base64Lines(cms),
  );
}

const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const LINE_BYTES = 57; // 76 base64 characters (RFC 2045 section 6.8)

/**
 * Base64 in CRLF-ended lines of 76 characters, written straight into one buffer: the ciphertext of
 * a large message is most of its size, and string-based encoders take several times longer here.
 */
function base64Lines(bytes: Uint8Array): Uint8Array {
  const lines = Math.ceil(bytes.length / LINE_BYTES);
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4 + lines * 2);
  let o = 0;
  for (let start = 0; start < bytes.length; start += LINE_BYTES) {
    const end = Math.min(start + LINE_BYTES, bytes.length);
    let i = start;
    for (; i + 3 <= end; i += 3) {
      const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
      out[o++] = ALPHABET[n >>> 18] as number;
      out[o++] = ALPHABET[(n >>> 12) & 63] as number;
      out[o++] = ALPHABET[(n >>> 6) & 63] as number;
      out[o++] = ALPHABET[n & 63] as number;
    }
    if (i < end) {
      const rest = end - i;
      const n = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0);
      out[o++] = ALPHABET[n >>> 18] as number;
      out[o++] = ALPHABET[(n >>> 12) & 63] as number;
      out[o++] = rest === 2 ? (ALPHABET[(n >>> 6) & 63] as number) : 0x3d;
      out[o++] = 0x3d;
    }
    out[o++] = 0x0d;
    out[o++] = 0x0a;
  }
  return out;
}

/**
 * The CMS bytes of an encrypted S/MIME message or entity. Also takes the legacy
 * application/x-pkcs7-mime and, as RFC 8551 section 3.2.1 allows, application/octet-stream named *.p7m.
 */
export function envelopedCms(message: Uint8Array): Uint8Array {
  const entity = parseMessage(message);
  const name = (entity.params.name ?? parseStructured(headerValue(entity.fields, 'content-disposition')).params.filename ?? '').toLowerCase();
  const isPkcs7 = entity.type === 'application/pkcs7-mime' || entity.type === 'application/x-pkcs7-mime';
  if (!isPkcs7 && !(entity.type === 'application/octet-stream' && name.endsWith('.p7m'))) {
    throw new SealmailError('bad-message', `this is not an S/MIME encrypted message (its type is ${entity.type})`);
  }
  const smimeType = (entity.params['smime-type'] ?? '').toLowerCase();
  if (smimeType !== '' && smimeType !== 'enveloped-data' && smimeType !== 'authenveloped-data') {
    throw new SealmailError('bad-message', `this S/MIME message is ${smimeType}, not encrypted`);
  }
  const cms = decodeBody(entity);
  if (cms.length === 0) throw new SealmailError('bad-message', 'the S/MIME message has an empty body');
  return cms;
}
