// Types for json-size.cjs (plain CommonJS so the worker bootstrap can load it without tsx).

/** Whether an ASCII buffer holds a byte JSON.stringify escapes (`"`, `\`, U+0000..U+001F). */
export function hasJsonEscape(buf: Uint8Array): boolean;
/** A string body's UTF-8 bytes and the byte length of JSON.stringify(s). */
export function encodeBody(s: string): { bytes: Buffer; jsonBytes: number };
/** Byte length of JSON.stringify(s) for a string. */
export function jsonStringBytes(s: string): number;
/** Byte length of JSON.stringify(s) for a string, without allocating its UTF-8 bytes. */
export function measureString(s: string): number;
/** Splits a handler result for the proxy path (see json-size.cjs). */
export function splitProxyResult(
  result: unknown,
  encode?: (s: string) => { bytes: Buffer | undefined; jsonBytes: number },
): { envelopeJson: string; body: Buffer | undefined; resultJsonBytes: number };
