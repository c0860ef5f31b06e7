// One MIME part's body as a stream, cut off at the delimiter line after it (RFC 2046 section 5.1.1) as the input streams past.
import { DelimiterProbe, delimiterKind } from './boundary.js';
import { concatBytes, lineContentEnd } from './bytes.js';

const LF = 0x0a;
const DASH = 0x2d;
const CR = 0x0d;
const CR_ONLY = new Uint8Array([CR]);
const CRLF = new Uint8Array([CR, LF]);

export interface PartBody {
  /** The body, byte for byte what the MIME tree parser gives as the part's body. */
  body: ReadableStream<Uint8Array>;
  /**
   * The input from the delimiter line that ends the body to its end (empty when the input ends inside the body).
   * Call it once the body's reader is done with it; if that reader stopped early, the rest of the body is read and dropped.
   */
  rest(): Promise<Uint8Array>;
}

/**
 * `first` is what was already read of the body, `read` gives the rest of the input. Bytes are passed on as they come,
 * except the current line while it may still be the delimiter line, with the line break before it: RFC 2046 gives
 * that line break to the delimiter, not to the body.
 */
export function partBodyStream(first: Uint8Array, read: () => Promise<Uint8Array | null>, dashBoundary: Uint8Array): PartBody {
  const splitter = new BodySplitter(dashBoundary);
  let started = false;
  let inputEnded = false;
  // One chunk at a time, in order, even when rest() starts while a cancelled body still has a read in flight.
  let turn: Promise<unknown> = Promise.resolve();
  const advance = (): Promise<Uint8Array[]> => {
    const next = turn.then(async () => {
      if (splitter.after) return [];
      if (!started) {
        started = true;
        return splitter.push(first);
      }
      const chunk = await read();
      if (chunk !== null) return splitter.push(chunk);
      inputEnded = true;
      return splitter.finish();
    });
    turn = next.catch(() => undefined);
    return next;
  };
  const queue: Uint8Array[] = [];
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const piece = queue.shift();
          if (piece) return controller.enqueue(piece);
          if (splitter.after) return controller.close();
          for (const p of await advance()) if (p.length > 0) queue.push(p);
        }
      },
      // Nothing to release: rest() reads on, since the parts after this one still count.
      cancel: () => undefined,
    },
    { highWaterMark: 0 },
  );
  return {
    body,
    async rest() {
      while (!splitter.after) await advance();
      const after = splitter.after;
      while (!inputEnded) {
        const chunk = await read();
        if (chunk === null) inputEnded = true;
        else after.push(chunk);
      }
      return concatBytes(after);
    },
  };
}

/**
 * The state of one body as its chunks arrive; push() and finish() return the body bytes now known. Whole lines inside
 * a chunk only cost a search for their LF: body bytes go out as a few ranges per chunk, not line by line.
 */
class BodySplitter {
  private readonly probe: DelimiterProbe;
  /** The current line (the last, unfinished one) may still be the delimiter... */
  private ruledOut = false;
  /** ...so the line break before it is held, */
  private heldBreak: Uint8Array[] = [];
  /** and so is the line so far. */
  private heldLine: Uint8Array[] = [];
  /** Or it is no delimiter, and only a final CR is held, as it may begin the line break before the next line. */
  private heldCr = false;
  /** Once the body has ended: the delimiter line and what came after it. */
  after: Uint8Array[] | null = null;

  constructor(private readonly dashBoundary: Uint8Array) {
    this.probe = new DelimiterProbe(dashBoundary);
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.after) {
      this.after.push(chunk);
      return [];
    }
    // First the line begun in an earlier chunk; `before` is then what precedes chunk[0, p) in the body.
    const lf = chunk.indexOf(LF);
    if (lf === -1) return this.pushInsideLine(chunk);
    let before: Uint8Array[];
    if (this.ruledOut) {
      before = this.heldCr ? [CR_ONLY] : [];
    } else {
      const mayBe = this.probe.feed(chunk, 0, lf);
      const whole = this.heldLine.length === 0 ? chunk.subarray(0, lf + 1) : concatBytes([...this.heldLine, chunk.subarray(0, lf + 1)]);
      if (this.isDelimiter(whole, mayBe)) {
        this.after = [whole, chunk.subarray(lf + 1)];
        return [];
      }
      before = [...this.heldBreak, ...this.heldLine];
    }
    // Then the lines that start in this chunk. A delimiter line starts with a dash, so only lines that do are looked
    // at: an armored or base64 body has none but its last, and is passed over at the speed of one search.
    for (let dash = chunk.indexOf(DASH, lf + 1); dash !== -1; dash = chunk.indexOf(DASH, dash + 1)) {
      if (chunk[dash - 1] !== LF) continue;
      const next = chunk.indexOf(LF, dash);
      if (next === -1) break;
      if (this.isDelimiter(chunk.subarray(dash, next + 1), true)) {
        this.after = [chunk.subarray(dash)];
        return nonEmpty(splitLineBreak(before, chunk, dash)[0]);
      }
      dash = next;
    }
    // Last, the unfinished line.
    const p = chunk.lastIndexOf(LF) + 1;
    this.probe.reset();
    this.heldBreak = [];
    this.heldLine = [];
    this.heldCr = false;
    this.ruledOut = !this.probe.feed(chunk, p, chunk.length);
    if (this.ruledOut) return nonEmpty([...before, ...this.heldCrOff(chunk.subarray(0, chunk.length))]);
    const [body, lineBreak] = splitLineBreak(before, chunk, p);
    this.heldBreak = [lineBreak];
    if (p < chunk.length) this.heldLine = [chunk.subarray(p)];
    return nonEmpty(body);
  }

  /** The input ended: the last line, unterminated, is judged as the MIME tree parser judges the last line of its input. */
  finish(): Uint8Array[] {
    if (this.after) return [];
    this.after = [];
    if (this.ruledOut) return this.heldCr ? [CR_ONLY] : [];
    const last = concatBytes(this.heldLine);
    if (this.isDelimiter(last, true)) {
      this.after.push(last);
      return [];
    }
    return nonEmpty([...this.heldBreak, last]);
  }

  /** A chunk without LF, inside the current line. */
  private pushInsideLine(chunk: Uint8Array): Uint8Array[] {
    if (this.ruledOut) return nonEmpty([...(this.heldCr ? [CR_ONLY] : []), ...this.heldCrOff(chunk)]);
    if (this.probe.feed(chunk, 0, chunk.length)) {
      this.heldLine.push(chunk);
      return [];
    }
    this.ruledOut = true;
    const held = [...this.heldBreak, ...this.heldLine];
    this.heldBreak = [];
    this.heldLine = [];
    return nonEmpty([...held, ...this.heldCrOff(chunk)]);
  }

  /** `bytes` without its final CR, which is held instead. */
  private heldCrOff(bytes: Uint8Array): Uint8Array[] {
    this.heldCr = bytes[bytes.length - 1] === CR;
    return [this.heldCr ? bytes.subarray(0, bytes.length - 1) : bytes];
  }

  /** Whether a whole line is the delimiter that ends the body; `mayBe` is the probe's verdict on it so far. */
  private isDelimiter(line: Uint8Array, mayBe: boolean): boolean {
    return mayBe && delimiterKind(line, 0, lineContentEnd(line, 0, line.length), line.length, this.dashBoundary) !== null;
  }
}

/**
 * Splits `before` followed by chunk[0, p), whose last byte chunk[p - 1] is an LF, into what precedes the line break
 * (LF or CR LF) and the line break, as lineBreakStart does: RFC 2046 gives that line break to a delimiter after it.
 */
function splitLineBreak(before: Uint8Array[], chunk: Uint8Array, p: number): [Uint8Array[], Uint8Array] {
  if (p >= 2) {
    const start = chunk[p - 2] === CR ? p - 2 : p - 1;
    return [[...before, chunk.subarray(0, start)], chunk.subarray(start, p)];
  }
  const kept = nonEmpty(before);
  const last = kept[kept.length - 1];
  if (last && last[last.length - 1] === CR) return [[...kept.slice(0, -1), last.subarray(0, last.length - 1)], CRLF];
  return [kept, chunk.subarray(0, p)];
}

function nonEmpty(pieces: Uint8Array[]): Uint8Array[] {
  return pieces.filter((piece) => piece.length > 0);
}
