/**
 * The emulator side of the worker wire (the worker side lives in bootstrap-node.cjs / bootstrap-python.py):
 * frames of [u32 LE length][u8 type][length bytes] on a dedicated pipe (fd 3), so stdout/stderr stay the
 * handler's and a multi-megabyte body crosses as raw bytes, never as JSON.
 */

export const T_INVOKE = 1;
export const T_READY = 10;
export const T_INIT_ERROR = 11;
export const T_LOG = 12;
export const T_RESULT = 13;
export const T_PROXY = 14;
export const T_ERROR = 15;
export const T_BAD_REQUEST = 16;
export const T_RESPONSE = 17;

const HEAD = 5;
const EMPTY = Buffer.alloc(0);

/**
 * Reassembles frames from a byte stream. A frame that arrives whole is handed out as a view of the chunk
 * (no copy); a larger one is preallocated from its length prefix and chunks are copied in once, so no
 * Buffer.concat of many chunks happens on the hot path.
 */
export class FrameReader {
  private head: Buffer = EMPTY;
  private pending: { type: number; buf: Buffer; filled: number } | null = null;

  constructor(
    private readonly onFrame: (type: number, body: Buffer) => void,
    /** Frames larger than this are a protocol violation (a broken or hostile worker). */
    private readonly maxFrame = 64 * 1024 * 1024,
  ) {}

  /** Feeds one chunk; calls onFrame for each frame it completes. Throws on an oversized frame. */
  push(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.pending === null) {
        let len: number;
        let type: number;
        if (this.head.length > 0 || chunk.length - off < HEAD) {
          const need = HEAD - this.head.length;
          const take = Math.min(need, chunk.length - off);
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

/** An INVOKE frame as two buffers (frame head + header JSON, then the event bytes untouched) for one writev. */
export function invokeFrame(header: Record<string, unknown>, payload: Buffer): [Buffer, Buffer] {
  const json = JSON.stringify(header);
  const jsonLen = Buffer.byteLength(json);
  const head = Buffer.allocUnsafe(HEAD + 4 + jsonLen);
  head.writeUInt32LE(4 + jsonLen + payload.length, 0);
  head[4] = T_INVOKE;
  head.writeUInt32LE(jsonLen, HEAD);
  head.write(json, HEAD + 4, "utf8");
  return [head, payload];
}

/** A decoded PROXY frame: envelope JSON text, the exact JSON size of the whole result, and where the body is. */
export function decodeProxyFrame(body: Buffer): {
  envelopeJson: string;
  resultJsonBytes: number;
  /** The body's bytes when they came inline. */
  body: Buffer | undefined;
  /** The body's length when the worker wrote it to its body file instead (large bodies). */
  bodyFileLength: number | undefined;
} {
  const envLen = body.readUInt32LE(0);
  const resultJsonBytes = body.readDoubleLE(4);
  const mode = body[12];
  const envelopeJson = body.toString("utf8", 13, 13 + envLen);
  if (mode === 2) return { envelopeJson, resultJsonBytes, body: undefined, bodyFileLength: body.readUInt32LE(13 + envLen) };
  return { envelopeJson, resultJsonBytes, body: mode === 1 ? body.subarray(13 + envLen) : undefined, bodyFileLength: undefined };
}

/** The small part of a RESPONSE frame: lib/binary's ProxyResponse without its body (names kept short on the wire). */
export interface ResponseMeta {
  kind: "response" | "error";
  statusCode: number;
  headers: Record<string, string[]>;
  bodyMode?: "binary" | "text";
  reason?: "malformed-result" | "invalid-base64";
  detail?: string;
}

/**
 * A decoded RESPONSE frame (a proxy result converted by lib/binary inside the worker):
 * [u32 metaLen][f64 resultJsonBytes][u8 body][meta JSON][body bytes | u32 length when they are in the body file].
 * Throws on a frame that does not have this shape (a broken or hostile worker is then killed).
 */
export function decodeResponseFrame(body: Buffer): {
  meta: ResponseMeta;
  resultJsonBytes: number;
  body: Buffer | undefined;
  bodyFileLength: number | undefined;
} {
  const metaLen = body.readUInt32LE(0);
  const resultJsonBytes = body.readDoubleLE(4);
  const mode = body[12];
  if (13 + metaLen > body.length) throw new Error("RESPONSE frame shorter than its meta");
  const meta = checkMeta(JSON.parse(body.toString("utf8", 13, 13 + metaLen)) as unknown);
  if (mode === 2) return { meta, resultJsonBytes, body: undefined, bodyFileLength: body.readUInt32LE(13 + metaLen) };
  // A view of the frame: the frame buffer belongs to this message alone (FrameReader never reuses it).
  return { meta, resultJsonBytes, body: mode === 1 ? body.subarray(13 + metaLen) : Buffer.alloc(0), bodyFileLength: undefined };
}

function checkMeta(v: unknown): ResponseMeta {
  const m = v as ResponseMeta;
  const ok =
    m !== null &&
    typeof m === "object" &&
    (m.kind === "response" || m.kind === "error") &&
    // lib/binary only ever produces final statuses; anything else (a 1xx would break HTTP framing) is a forged frame.
    Number.isInteger(m.statusCode) &&
    m.statusCode >= 200 &&
    m.statusCode <= 599 &&
    m.headers !== null &&
    typeof m.headers === "object" &&
    Object.values(m.headers).every((list) => Array.isArray(list) && list.every((x) => typeof x === "string"));
  if (!ok) throw new Error("RESPONSE frame with a malformed meta");
  return m;
}
