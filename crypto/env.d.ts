// The few web-platform globals crypto/ relies on, present in Node 20, browsers and Electron alike.
// crypto/ is type-checked without DOM or Node types so that it cannot reach for either by accident.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
declare function atob(data: string): string;
declare function btoa(data: string): string;

// WHATWG streams, as far as sealStream and openStream use them.
interface ReadableStreamDefaultReader<R> {
  read(): Promise<{ done: false; value: R } | { done: true; value?: undefined }>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}
interface ReadableStreamDefaultController<R> {
  enqueue(chunk: R): void;
  close(): void;
  error(reason?: unknown): void;
}
declare class ReadableStream<R = unknown> {
  constructor(
    source: {
      start?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
      pull?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
      cancel?(reason?: unknown): void | Promise<void>;
    },
    strategy?: { highWaterMark?: number },
  );
  getReader(): ReadableStreamDefaultReader<R>;
  cancel(reason?: unknown): Promise<void>;
}
