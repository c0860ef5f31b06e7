import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { displayContent } from '../../../crypto/mime/content.js';
import { parseMessage } from '../../../crypto/mime/entity.js';
import { bytes } from '../../helpers/message.js';

// The plain-text fast path must show exactly what postal-mime shows for every other message.
const cases: Record<string, Uint8Array> = {
  'CRLF 8-bit UTF-8': bytes('Content-Type: text/plain; charset=utf-8\r\n\r\nGrüße\r\nzwei\r\n'),
  'bare LF': bytes('Content-Type: text/plain\n\nline1\nline2\n'),
  'quoted-printable with soft breaks and an encoded CRLF': bytes(
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nH=C3=A4llo soft=\r\nbreak=0D=0Aline\r\nx\r\n',
  ),
  'base64 with CRLF inside': bytes(
    `Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('a\r\nb\r\n').toString('base64')}\r\n`,
  ),
  'latin-1': new Uint8Array([...bytes('Content-Type: text/plain; charset=iso-8859-1\r\n\r\n'), 0x47, 0x72, 0xfc, 0xdf, 0x65, 0x0d, 0x0a]),
  'unknown charset': bytes('Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nplain\r\n'),
  'format=flowed': bytes('Content-Type: text/plain; format=flowed\r\n\r\nThis is a \r\nflowed line.\r\nNext\r\n'),
  // Bodies are converted a mebibyte at a time: a CRLF and a UTF-8 character straddling that seam.
  'CRLF across a slice seam': bytes(`Content-Type: text/plain\r\n\r\n${'a'.repeat(1024 * 1024 - 1)}\r\nb\r\n`),
  'UTF-8 across a slice seam': bytes(`Content-Type: text/plain; charset=utf-8\r\n\r\n${'a'.repeat(1024 * 1024 - 1)}€\r\n`),
  'format=flowed delsp': bytes('Content-Type: text/plain; format=flowed; delsp=yes\r\n\r\nsplit wo \r\nrd\r\n'),
};

describe('plain text shown the way postal-mime shows it', () => {
  for (const [name, raw] of Object.entries(cases)) {
    it(name, async () => {
      const ours = await displayContent(parseMessage(raw));
      const theirs = await PostalMime.parse(raw);
      expect(ours.text).toBe(theirs.text);
      expect(ours.attachments).toEqual([]);
    });
  }

  it('leaves a text/plain attachment to postal-mime, as an attachment', async () => {
    const raw = bytes('Content-Type: text/plain\r\nContent-Disposition: attachment; filename="notes.txt"\r\n\r\nnotes\r\n');
    const shown = await displayContent(parseMessage(raw));
    expect(shown.attachments.map((a) => a.name)).toEqual(['notes.txt']);
  });
});

describe('large plain text, decoded a slice at a time', () => {
  const MiB = 1024 * 1024;
  const body = (charset: string, ...pieces: (string | number[])[]) =>
    new Uint8Array([
      ...bytes(`Content-Type: text/plain; charset=${charset}\r\n\r\n`),
      ...pieces.flatMap((p) => (typeof p === 'string' ? [...bytes(p)] : p)),
    ]);
  /** What one streaming decoder over the whole body gives: the text before the body was cut into slices. */
  const oneDecoder = (raw: Uint8Array, charset: string) => {
    const entity = parseMessage(raw);
    const lf = Buffer.from(Buffer.from(entity.body).toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    const decoder = new TextDecoder(charset);
    return decoder.decode(lf, { stream: true }) + decoder.decode();
  };
  const a = (n: number) => 'a'.repeat(n);
  const cases: Record<string, [string, Uint8Array]> = {
    'a four-byte character across the seam': ['utf-8', body('utf-8', a(MiB - 2), '😀 after\r\n')],
    'a truncated sequence just before the seam': ['utf-8', body('utf-8', a(MiB - 2), [0xe2, 0x82], 'b\r\n')],
    'stray continuation bytes across the seam': ['utf-8', body('utf-8', a(MiB - 3), [0x80, 0x80, 0x80, 0x80, 0x80, 0x80], '\r\n')],
    'a four-byte character, then a stray continuation byte at the seam': ['utf-8', body('utf-8', a(MiB - 4), [0xf0, 0x9f, 0x98, 0x80, 0x80, 0x80], '\r\n')],
    'a byte order mark at the start and one at the seam': ['utf-8', body('utf-8', [0xef, 0xbb, 0xbf], a(MiB - 3), [0xef, 0xbb, 0xbf], 'x\r\n')],
    'a CR at the seam, then LF': ['utf-8', body('utf-8', a(MiB - 1), '\r\nnext\r\n')],
    'us-ascii, all ASCII': ['us-ascii', body('us-ascii', 'line\r\n'.repeat(MiB / 3))],
    'windows-1252 with 0x80-0x9F in the second slice': ['windows-1252', body('windows-1252', a(MiB + 5), [0x80, 0x9f, 0xe9], '\r\n')],
    'windows-1252 bytes that happen to be valid UTF-8': ['windows-1252', body('windows-1252', 'caf', [0xc3, 0xa9], '\r\n')],
    'latin1 with 0xE9 in the first slice only': ['latin1', body('latin1', [0xe9], a(2 * MiB), '\r\n')],
  };
  for (const [name, [charset, raw]] of Object.entries(cases)) {
    it(name, async () => {
      const shown = await displayContent(parseMessage(raw));
      expect(shown.text === oneDecoder(raw, charset)).toBe(true);
    });
  }
});
