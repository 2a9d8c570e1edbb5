"use strict";
// The worker wire, once for both sides: the emulator (frames.ts, worker.ts) and the Node worker
// (bootstrap-node.cjs) load this file; bootstrap-python.py repeats the numbers, and wire.test.ts checks that
// they agree. Plain CommonJS so a worker loads it in a bare `node`.
//
// Frames on a dedicated pipe (fd 3): [u32 LE length][u8 type][length bytes]. stdout/stderr stay the handler's.
//   emulator → worker
//      1 INVOKE    [u32 headerLen][header JSON][event JSON bytes]
//                  header: {id, deadline, mode, arn, conversion?: {accept, types}, window?}
//      2 CREDIT    [u32 bytes]: the emulator forwarded that many streamed bytes; the worker may send as many more
//   worker → emulator
//     10 READY     {initMs}                 11 INIT_ERROR  error JSON
//     12 LOG       UTF-8 text               13 RESULT      result JSON bytes (Invoke)
//     14 PROXY     [u32 envLen][f64 resultJsonBytes][u8 body][envelope JSON][body]
//                  body 0: none; 1: the bytes follow; 2: [u32 length], the bytes are in the body file
//     15 ERROR     [u8 fatal][error JSON]   16 BAD_REQUEST  message (event not JSON)
//     17 RESPONSE  [u32 metaLen][f64 resultJsonBytes][u8 body][meta JSON][body]   (body as in PROXY): the client
//                  response lib/binary made of the result (when INVOKE carried `conversion`)
//     18 CHUNK     raw bytes of a streamed response, in order (docs/streaming.md): the worker sends at most
//                  `window` bytes beyond what CREDIT frames have acknowledged, so a client that stops reading
//                  stops the handler's writes instead of filling the emulator's memory
//     19 END       JSON {} or an error JSON: the streamed response is complete (RESULT/ERROR never follow it)

const T_INVOKE = 1;
const T_CREDIT = 2;
const T_READY = 10;
const T_INIT_ERROR = 11;
const T_LOG = 12;
const T_RESULT = 13;
const T_PROXY = 14;
const T_ERROR = 15;
const T_BAD_REQUEST = 16;
const T_RESPONSE = 17;
const T_CHUNK = 18;
const T_END = 19;

/** What an INVOKE's header `mode` says the caller wants back. */
const MODE_INVOKE = 0; // RESULT: the result as JSON (Lambda's Invoke)
const MODE_PROXY = 1; // PROXY or RESPONSE: the result split for the data plane

/** Bytes of a frame's head: u32 length, u8 type. */
const HEAD = 5;
/** Body modes of PROXY and RESPONSE frames. */
const BODY_NONE = 0;
const BODY_INLINE = 1;
const BODY_FILE = 2;
const EMPTY = Buffer.alloc(0);

/** A frame's 5-byte head. */
function frameHead(length, type) {
  const head = Buffer.allocUnsafe(HEAD);
  head.writeUInt32LE(length, 0);
  head[4] = type;
  return head;
}

/**
 * Reassembles frames from a byte stream. A frame that arrives whole is handed out as a view of the chunk
 * (no copy); a larger one is preallocated from its length prefix and chunks are copied in once, so no
 * Buffer.concat of many chunks happens on the hot path. The frame's buffer is never reused by the reader.
 */
class FrameReader {
  /**
   * @param {(type: number, body: Buffer) => void} onFrame
   * @param {number} [maxFrame] frames larger than this are a protocol violation (a broken or hostile peer)
   */
  constructor(onFrame, maxFrame = 64 * 1024 * 1024) {
    this.onFrame = onFrame;
    this.maxFrame = maxFrame;
    this.head = EMPTY;
    this.pending = null; // { type, buf, filled }
  }

  /** Feeds one chunk; calls onFrame for each frame it completes. Throws on an oversized frame. */
  push(chunk) {
    let off = 0;
    while (off < chunk.length) {
      if (this.pending === null) {
        let len;
        let type;
        if (this.head.length > 0 || chunk.length - off < HEAD) {
          const take = Math.min(HEAD - this.head.length, chunk.length - off);
          this.head = Buffer.concat([this.head, chunk.subarray(off, off + take)]);
          off += take;
          if (this.head.length < HEAD) return;
          len = this.head.readUInt32LE(0);
          type = this.head[4];
          this.head = EMPTY;
        } else {
          len = chunk.readUInt32LE(off);
          type = chunk[off + 4];
          off += HEAD;
        }
        if (len > this.maxFrame) throw new Error(`worker frame of ${len} bytes exceeds ${this.maxFrame}`);
        if (chunk.length - off >= len) {
          const body = chunk.subarray(off, off + len);
          off += len;
          this.onFrame(type, body);
          continue;
        }
        // Fully overwritten by the copies below before anyone reads it.
        this.pending = { type, buf: Buffer.allocUnsafe(len), filled: 0 };
      }
      const p = this.pending;
      const n = Math.min(p.buf.length - p.filled, chunk.length - off);
      chunk.copy(p.buf, p.filled, off, off + n);
      p.filled += n;
      off += n;
      if (p.filled === p.buf.length) {
        this.pending = null;
        this.onFrame(p.type, p.buf);
      }
    }
  }
}

module.exports = {
  T_INVOKE,
  T_CREDIT,
  T_READY,
  T_INIT_ERROR,
  T_LOG,
  T_RESULT,
  T_PROXY,
  T_ERROR,
  T_BAD_REQUEST,
  T_RESPONSE,
  T_CHUNK,
  T_END,
  MODE_INVOKE,
  MODE_PROXY,
  HEAD,
  BODY_NONE,
  BODY_INLINE,
  BODY_FILE,
  frameHead,
  FrameReader,
};
