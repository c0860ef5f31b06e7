// RFC 9788 header protection: which fields travel inside the cryptographic payload, and reading them back.
import { encodeUtf8 } from './mime/bytes.js';
import type { MimeEntity } from './mime/entity.js';
import type { HeaderField } from './mime/header.js';

/** Outer Subject of an encrypted message (RFC 9788 section 4.2.1 suggests "..."). */
export const OBSCURED_SUBJECT = '...';

/** Fields that describe the MIME structure rather than the message; they never move. */
export function isContentField(f: HeaderField): boolean {
  return f.name.startsWith('content-') || f.name === 'mime-version';
}

/** Fields copied into the payload: every user-facing field except Bcc, which must stay secret. */
export function protectedFields(fields: readonly HeaderField[]): HeaderField[] {
  return fields.filter((f) => !isContentField(f) && f.name !== 'bcc' && f.name !== 'autocrypt');
}

/** RFC 9788 section 2.2: HP-Outer records what the outer header said, so readers can see what was changed. */
export function hpOuterFields(outer: readonly { name: string; value: string }[]): Uint8Array[] {
  return outer.map((f) => encodeUtf8(`HP-Outer: ${f.name}: ${f.value}`));
}

/**
 * The entity carries protected headers when its Content-Type says so: RFC 9788 `hp=` or the
 * older `protected-headers="v1"` that Thunderbird and Enigmail use.
 */
export function hasProtectedHeaders(entity: MimeEntity): boolean {
  return entity.params.hp === 'cipher' || entity.params.hp === 'clear' || entity.params['protected-headers'] === 'v1';
}
