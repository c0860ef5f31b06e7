// Inline PGP (read only): an armored message or a cleartext-signed block in a text/plain body (RFC 9580 section 7).
import { readCleartextMessage, readSignature, type Signature } from 'openpgp';
import { pgpConfig } from './policy.js';

export type InlineBlock =
  | { kind: 'message'; armored: string; alone: boolean }
  | { kind: 'cleartext'; text: string; signature: Signature; alone: boolean }
  | { kind: 'none' };

const MESSAGE = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/;
const SIGNED = /-----BEGIN PGP SIGNED MESSAGE-----[\s\S]*?-----END PGP SIGNATURE-----/;

/** Finds the first inline block; `alone` tells whether it is all the text there is. */
export async function findInlineBlock(text: string): Promise<InlineBlock> {
  const signed = SIGNED.exec(text);
  if (signed) {
    const alone = text.trim() === signed[0];
    try {
      const cleartext = await readCleartextMessage({ cleartextMessage: signed[0], config: pgpConfig() });
      const armoredSignature = /-----BEGIN PGP SIGNATURE-----[\s\S]*$/.exec(signed[0])?.[0] ?? '';
      const signature = await readSignature({ armoredSignature, config: pgpConfig() });
      return { kind: 'cleartext', text: cleartext.getText(), signature, alone };
    } catch {
      return { kind: 'none' };
    }
  }
  const message = MESSAGE.exec(text);
  if (message) return { kind: 'message', armored: message[0], alone: text.trim() === message[0] };
  return { kind: 'none' };
}

export type { Signature };
