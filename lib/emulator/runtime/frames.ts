/**
 * The emulator side of the worker wire: constants and the frame reader come from wire.cjs (shared with
 * bootstrap-node.cjs); this adds the typed encoders and decoders of the frames only the emulator reads.
 */

import { BODY_FILE, BODY_INLINE, HEAD, T_INVOKE } from "./wire.cjs";

export {
  FrameReader,
  MODE_INVOKE,
  MODE_PROXY,
  T_BAD_REQUEST,
  T_CHUNK,
  T_CREDIT,
  T_END,
  T_ERROR,
  T_INIT_ERROR,
  T_INVOKE,
  T_LOG,
  T_PROXY,
  T_READY,
  T_RESPONSE,
  T_RESULT,
} from "./wire.cjs";

/** The INVOKE header (wire.cjs): what a worker needs besides the event. */
export interface InvokeHeader {
  id: string;
  /** Epoch ms at which the function's own Timeout ends (context.getRemainingTimeInMillis). */
  deadline: number;
  mode: 0 | 1;
  arn: string;
  /** Present when the worker should convert a proxy result with lib/binary (Node workers). */
  conversion?: { accept: string | null; types: readonly string[] };
}

/** An INVOKE frame as two buffers (frame head + header JSON, then the event bytes untouched) for one writev. */
export function invokeFrame(header: InvokeHeader, payload: Buffer): [Buffer, Buffer] {
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
  if (mode === BODY_FILE)
    return { envelopeJson, resultJsonBytes, body: undefined, bodyFileLength: body.readUInt32LE(13 + envLen) };
  return {
    envelopeJson,
    resultJsonBytes,
    body: mode === BODY_INLINE ? body.subarray(13 + envLen) : undefined,
    bodyFileLength: undefined,
  };
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
  if (mode === BODY_FILE)
    return { meta, resultJsonBytes, body: undefined, bodyFileLength: body.readUInt32LE(13 + metaLen) };
  // A view of the frame: the frame buffer belongs to this message alone (FrameReader never reuses it).
  return {
    meta,
    resultJsonBytes,
    body: mode === BODY_INLINE ? body.subarray(13 + metaLen) : Buffer.alloc(0),
    bodyFileLength: undefined,
  };
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
