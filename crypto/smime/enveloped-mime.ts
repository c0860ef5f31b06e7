/**
 * The MIME wrapping of encrypted S/MIME (RFC 8551 section 3.3): application/pkcs7-mime with
 * smime-type=enveloped-data or authEnveloped-data and the name smime.p7m, in base64.
 */
import { SealmailError } from '../errors.js';
import { entityBytes, field } from '../mime/build.js';
import { parseMessage } from '../mime/entity.js';
import { headerValue, parseStructured } from '../mime/header.js';
import { decodeBody, encodeSevenBit } from '../mime/transfer.js';

export type SmimeType = 'enveloped-data' | 'authEnveloped-data';

/** The application/pkcs7-mime entity (header fields and base64 body, CRLF) around a CMS ContentInfo. */
export function envelopedEntity(cms: Uint8Array, smimeType: SmimeType): Uint8Array {
  const body = encodeSevenBit(cms, 'application/pkcs7-mime');
  return entityBytes(
    [
      field('Content-Type', `application/pkcs7-mime; smime-type=${smimeType}; name=smime.p7m`),
      field('Content-Transfer-Encoding', body.encoding),
      field('Content-Disposition', 'attachment; filename=smime.p7m'),
    ],
    body.bytes,
  );
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
