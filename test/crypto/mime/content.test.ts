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
