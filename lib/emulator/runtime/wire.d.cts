// Types for wire.cjs (plain CommonJS so the worker bootstrap can load it without tsx).

export const T_INVOKE: 1;
export const T_CREDIT: 2;
export const T_READY: 10;
export const T_INIT_ERROR: 11;
export const T_LOG: 12;
export const T_RESULT: 13;
export const T_PROXY: 14;
export const T_ERROR: 15;
export const T_BAD_REQUEST: 16;
export const T_RESPONSE: 17;
export const T_CHUNK: 18;
export const T_END: 19;
/** INVOKE header `mode`: the result as JSON (Lambda's Invoke). */
export const MODE_INVOKE: 0;
/** INVOKE header `mode`: the result split (or converted) for the data plane. */
export const MODE_PROXY: 1;
export const HEAD: 5;
export const BODY_NONE: 0;
export const BODY_INLINE: 1;
export const BODY_FILE: 2;
/** A frame's 5-byte head. */
export function frameHead(length: number, type: number): Buffer;
/** Reassembles frames from a byte stream (views of whole chunks; one copy for split frames). */
export class FrameReader {
  constructor(onFrame: (type: number, body: Buffer) => void, maxFrame?: number);
  /** Feeds one chunk; calls onFrame for each frame it completes. Throws on an oversized frame. */
  push(chunk: Buffer): void;
}
