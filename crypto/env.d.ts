// The few web-platform globals crypto/ relies on, present in Node 20, browsers and Electron alike.
// crypto/ is type-checked without DOM or Node types so that it cannot reach for either by accident.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
declare function atob(data: string): string;
declare function btoa(data: string): string;
