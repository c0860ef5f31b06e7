// Reads a message stream chunk by chunk, refusing it once it has grown past the size open() accepts.
import type { SealmailError } from './errors.js';

export interface BoundedReader {
  /** The next chunk, or null at the end. Throws `tooLarge()` once more than `limit` bytes came, and on every read after. */
  read(): Promise<Uint8Array | null>;
  /** Releases the stream (say, closes the file) when reading stops early. */
  cancel(reason: unknown): Promise<void>;
}

export function boundedReader(stream: ReadableStream<Uint8Array>, limit: number, tooLarge: () => SealmailError): BoundedReader {
  const reader = stream.getReader();
  let total = 0;
  let refusal: SealmailError | null = null;
  return {
    async read() {
      if (refusal) throw refusal;
      const next = await reader.read();
      if (next.done) return null;
      total += next.value.length;
      if (total > limit) {
        refusal = tooLarge();
        await reader.cancel(refusal).catch(() => undefined);
        throw refusal;
      }
      return next.value;
    },
    cancel: (reason) => reader.cancel(reason).catch(() => undefined),
  };
}
