// RFC 2046 section 5.1.1 delimiter lines, one rule for the MIME tree parser and the streaming splitter alike.
import { startsWithAt } from './bytes.js';

export type DelimiterKind = 'open' | 'close';

/**
 * What the line whose content (line break excluded) is buf[pos, contentEnd) is: a delimiter (`--boundary`),
 * a close delimiter (`--boundary--`), either followed only by spaces and tabs, or null for any other line.
 * `--boundary` is matched against buf[pos, end): a boundary decoded from RFC 2231 may hold a CR or LF, and
 * then matches across the line break. For a boundary of printable characters `end` makes no difference.
 */
export function delimiterKind(buf: Uint8Array, pos: number, contentEnd: number, end: number, dashBoundary: Uint8Array): DelimiterKind | null {
  if (!startsWithAt(buf, pos, end, dashBoundary)) return null;
  let p = pos + dashBoundary.length;
  let kind: DelimiterKind = 'open';
  if (p + 1 < contentEnd && buf[p] === 0x2d && buf[p + 1] === 0x2d) {
    kind = 'close';
    p += 2;
  }
  for (; p < contentEnd; p++) if (buf[p] !== 0x20 && buf[p] !== 0x09) return null;
  return kind;
}

/**
 * Follows one line as it arrives, for a boundary of printable characters: whether it can still turn out to be a
 * delimiter line, i.e. it is a prefix of `--boundary`, or `--boundary` followed by a prefix of `--`, white space, and
 * at most a final CR. Each byte is looked at once, however the line is cut. The verdict on a whole line is delimiterKind's.
 */
export class DelimiterProbe {
  private matched = 0;
  private state: 'boundary' | 'after-boundary' | 'one-dash' | 'space' | 'cr' | 'no' = 'boundary';

  constructor(private readonly dashBoundary: Uint8Array) {}

  /** Starts a new line. */
  reset(): void {
    this.matched = 0;
    this.state = 'boundary';
  }

  /** Feeds buf[from, to), the next bytes of the line (no LF among them); returns whether it may still be a delimiter. */
  feed(buf: Uint8Array, from: number, to: number): boolean {
    for (let p = from; p < to && this.state !== 'no'; p++) this.step(buf[p] as number);
    return this.state !== 'no';
  }

  private step(b: number): void {
    switch (this.state) {
      case 'boundary':
        if (b !== this.dashBoundary[this.matched]) this.state = 'no';
        else if (++this.matched === this.dashBoundary.length) this.state = 'after-boundary';
        return;
      case 'after-boundary':
        this.state = b === 0x2d ? 'one-dash' : afterSpace(b);
        return;
      case 'one-dash':
        this.state = b === 0x2d ? 'space' : 'no';
        return;
      case 'space':
        this.state = afterSpace(b);
        return;
      default:
        this.state = 'no';
    }
  }
}

function afterSpace(b: number): 'space' | 'cr' | 'no' {
  if (b === 0x20 || b === 0x09) return 'space';
  return b === 0x0d ? 'cr' : 'no';
}
