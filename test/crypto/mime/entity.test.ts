import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../crypto/mime/entity.js';
import { isSealmailError } from '../../../crypto/errors.js';
import { bytes, text } from '../../helpers/message.js';

describe('MIME tree over exact bytes', () => {
  const raw = bytes(
    [
      'From: a@example.org',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      'preamble',
      '--b1',
      'Content-Type: text/plain',
      '',
      'first  ',
      'part',
      '--b1 ',
      'Content-Type: multipart/alternative; boundary=b2',
      '',
      '--b2',
      '',
      'plain',
      '--b2--',
      '--b1--',
      'epilogue',
    ].join('\r\n'),
  );

  it('keeps every part byte-exact, without the CRLF that belongs to the boundary', () => {
    const root = parseMessage(raw);
    expect(root.children).toHaveLength(2);
    expect(text(root.children[0]!.raw)).toBe('Content-Type: text/plain\r\n\r\nfirst  \r\npart');
    expect(root.children[1]!.type).toBe('multipart/alternative');
    expect(root.children[1]!.children[0]!.path).toBe('2.1');
    expect(text(root.children[1]!.children[0]!.body)).toBe('plain');
    expect(root.malformed).toBeNull();
  });

  it('does not take a longer boundary for ours', () => {
    const root = parseMessage(bytes('Content-Type: multipart/mixed; boundary=x\n\n--x\n\n--xy\n--x--\n'));
    expect(root.children).toHaveLength(1);
    expect(text(root.children[0]!.body)).toBe('--xy');
  });

  it('flags a multipart whose closing boundary is missing', () => {
    const root = parseMessage(bytes('Content-Type: multipart/mixed; boundary=x\n\n--x\n\nbody\n'));
    expect(root.malformed).toBe('multipart without its closing boundary');
  });

  it('refuses garbage and truncated input with a one-line reason', () => {
    for (const input of ['', '\u0000\u0001binary junk', 'just some words\nno header here\n', 'Subject: cut off in the hea']) {
      try {
        parseMessage(bytes(input));
        expect.unreachable(`accepted ${JSON.stringify(input)}`);
      } catch (e) {
        expect(isSealmailError(e) && e.code).toBe('bad-message');
        expect((e as Error).message).not.toContain('\n');
      }
    }
  });

  it('stops at absurd nesting instead of exhausting the stack', () => {
    let body = '';
    for (let i = 0; i < 60; i++) body += `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n`;
    expect(() => parseMessage(bytes(`From: a@b.example\n${body}`))).toThrow(/deeper than/);
  });
});
