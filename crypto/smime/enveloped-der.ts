/**
 * DER (X.690 section 10) assembly of an EnvelopedData or AuthEnvelopedData ContentInfo around its
 * ciphertext, as byte runs: the small fields come from asn1js/PKI.js, the ciphertext is never copied
 * (the base64 writer reads the runs). Encoding a 100 MB ciphertext through asn1js copies it several times.
 */
import * as asn1js from 'asn1js';

/** A DER element as a list of byte runs: its tag, its definite length, then its content runs. */
export type DerRuns = Uint8Array[];

export function tlv(tag: number, content: readonly Uint8Array[]): DerRuns {
  let length = 0;
  for (const run of content) length += run.length;
  return [new Uint8Array([tag, ...derLength(length)]), ...content];
}

/** An asn1js element, DER-encoded. */
export function der(block: asn1js.BaseBlock): Uint8Array {
  return new Uint8Array(block.toBER());
}

/** ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT } around `content`, as byte runs (the ciphertext not copied). */
export function contentInfoRuns(contentType: string, content: DerRuns): DerRuns {
  return tlv(0x30, [der(new asn1js.ObjectIdentifier({ value: contentType })), ...tlv(0xa0, content)]);
}

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}
