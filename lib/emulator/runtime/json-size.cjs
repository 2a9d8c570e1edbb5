"use strict";
// Plain CommonJS on purpose: the Node worker bootstrap loads this without tsx (user code runs in a bare `node`).
// It measures what JSON.stringify would produce without stringifying a multi-megabyte body on the hot path
// (the data plane needs the exact size for Lambda's 6,291,556-byte response limit, docs/aws-binary-rules.md §8).

const { isAscii } = require("node:buffer");

/**
 * Whether an ASCII buffer holds a byte JSON.stringify escapes: `"`, `\` or U+0000..U+001F. `"` and `\` are
 * found by indexOf (memchr); control bytes four words at a time: for ASCII, byte < 0x20 ⇔ bits 5 and 6 are
 * both clear ⇔ bit 6 of (b | b << 1) is clear. About 3× faster than a RegExp on a 1 MB body.
 */
function hasJsonEscape(buf) {
  if (buf.indexOf(0x22) !== -1 || buf.indexOf(0x5c) !== -1) return true;
  const len = buf.length;
  let i = 0;
  // Unaligned head, byte by byte.
  while (i < len && ((buf.byteOffset + i) & 3) !== 0) {
    if (buf[i] < 0x20) return true;
    i++;
  }
  const words = (len - i) >>> 2;
  if (words > 0) {
    const w32 = new Uint32Array(buf.buffer, buf.byteOffset + i, words);
    let k = 0;
    for (; k + 4 <= words; k += 4) {
      const a = w32[k];
      const b = w32[k + 1];
      const c = w32[k + 2];
      const d = w32[k + 3];
      if (~((a | (a << 1)) & (b | (b << 1)) & (c | (c << 1)) & (d | (d << 1))) & 0x40404040) {
        // Some byte in these 16 lacks bit 6 of (b | b << 1) in at least one word: check each word exactly.
        if (((a | (a << 1)) & 0x40404040) !== 0x40404040) return true;
        if (((b | (b << 1)) & 0x40404040) !== 0x40404040) return true;
        if (((c | (c << 1)) & 0x40404040) !== 0x40404040) return true;
        if (((d | (d << 1)) & 0x40404040) !== 0x40404040) return true;
      }
    }
    for (; k < words; k++) {
      const a = w32[k];
      if (((a | (a << 1)) & 0x40404040) !== 0x40404040) return true;
    }
    i += words << 2;
  }
  for (; i < len; i++) if (buf[i] < 0x20) return true;
  return false;
}

/**
 * Encodes a string body for the wire and measures its JSON form: `bytes` are its UTF-8 bytes and
 * `jsonBytes` is Buffer.byteLength(JSON.stringify(s)), computed without building the JSON when the
 * string is plain ASCII with nothing to escape (the base64 case).
 */
function encodeBody(s) {
  const bytes = Buffer.from(s, "utf8");
  if (bytes.length === s.length && isAscii(bytes) && !hasJsonEscape(bytes)) {
    return { bytes, jsonBytes: bytes.length + 2 };
  }
  return { bytes, jsonBytes: Buffer.byteLength(JSON.stringify(s), "utf8") };
}

/** Byte length of JSON.stringify(s) for a string. */
function jsonStringBytes(s) {
  return encodeBody(s).jsonBytes;
}

// Reused by measureString: up to Lambda's response limit (6,291,556 B, docs/aws-binary-rules.md §8) plus one; longer
// strings fail that limit anyway and are measured the allocating way.
const SCRATCH_MAX = 6291556 + 1;
let scratch = null;

/**
 * Byte length of JSON.stringify(s), like encodeBody(s).jsonBytes but without allocating the UTF-8 bytes (the
 * in-worker conversion path needs only the size): the string is written, at most length + 1 bytes, into a reused
 * buffer; exactly `length` ASCII bytes means the whole string is ASCII (a non-ASCII character takes ≥ 2 bytes,
 * and any prefix written up to one shows up as non-ASCII). About half encodeBody's time on a 1 MB base64 body.
 */
function measureString(s) {
  const len = s.length;
  if (len + 1 > SCRATCH_MAX) return encodeBody(s).jsonBytes;
  if (scratch === null || scratch.length < len + 1)
    scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX, Math.max(len + 1, 64 * 1024) * 2));
  const n = scratch.write(s, 0, len + 1, "utf8");
  const view = scratch.subarray(0, n);
  if (n === len && isAscii(view) && !hasJsonEscape(view)) return len + 2;
  return Buffer.byteLength(JSON.stringify(s), "utf8");
}

const BODY_KEY_BYTES = Buffer.byteLength('"body":');

/**
 * Splits a handler's result for the proxy path: `envelopeJson` is the JSON of the result without a
 * string `body` (or of the whole result otherwise), `body` the body's UTF-8 bytes, and `resultJsonBytes`
 * the exact byte length of JSON.stringify(result) (undefined → "null", as Lambda's runtime sends it).
 * Throws what JSON.stringify throws (cycles, BigInt). `encode` may memoise encodeBody.
 */
function splitProxyResult(result, encode = encodeBody) {
  if (result === undefined) result = null;
  // A result with toJSON serialises as something else: split what JSON.stringify would actually send (rare path).
  if (result !== null && typeof result === "object" && typeof result.toJSON === "function") {
    const json = JSON.stringify(result);
    result = json === undefined ? null : JSON.parse(json);
  }
  if (
    result !== null &&
    typeof result === "object" &&
    !Array.isArray(result) &&
    typeof result.body === "string" &&
    Object.prototype.propertyIsEnumerable.call(result, "body")
  ) {
    const { body, ...rest } = result;
    const envelopeJson = JSON.stringify(rest);
    const encoded = encode(body);
    const envBytes = Buffer.byteLength(envelopeJson, "utf8");
    // {"a":1} + body → {"a":1,"body":"…"}; {} + body → {"body":"…"}.
    const resultJsonBytes = envBytes + (envelopeJson === "{}" ? 0 : 1) + BODY_KEY_BYTES + encoded.jsonBytes;
    return { envelopeJson, body: encoded.bytes, resultJsonBytes };
  }
  let json = JSON.stringify(result);
  // A function or symbol as the whole result stringifies to undefined: Lambda's runtime sends null then.
  if (json === undefined) json = "null";
  return { envelopeJson: json, body: undefined, resultJsonBytes: Buffer.byteLength(json, "utf8") };
}

module.exports = { hasJsonEscape, encodeBody, jsonStringBytes, measureString, splitProxyResult };
