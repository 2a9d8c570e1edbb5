// Types for json-size.cjs (plain CommonJS so the worker bootstrap can load it without tsx).

/** Index of the first byte JSON.stringify escapes in an ASCII buffer (`"`, `\`, U+0000..U+001F), or -1. */
export function findJsonEscape(buf: Uint8Array): number;
/** A string body's UTF-8 bytes and the byte length of JSON.stringify(s). */
export function encodeBody(s: string): { bytes: Buffer; jsonBytes: number };
/** Byte length of JSON.stringify(s) for a string. */
export function jsonStringBytes(s: string): number;
/** Splits a handler result for the proxy path (see json-size.cjs). */
export function splitProxyResult(result: unknown): { envelopeJson: string; body: Buffer | undefined; resultJsonBytes: number };
