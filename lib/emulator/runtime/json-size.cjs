"use strict";
// Plain CommonJS on purpose: the Node worker bootstrap loads this without tsx (user code runs in a bare `node`).
// It measures what JSON.stringify would produce without stringifying a multi-megabyte body on the hot path
// (the data plane needs the exact size for Lambda's 6,291,556-byte response limit, spec §8).

const { isAscii } = require("node:buffer");

/**
 * Index of the first 4-byte word holding a byte JSON.stringify escapes in an ASCII buffer (`"`, `\`,
 * U+0000..U+001F), or -1 when none. Word-wise SWAR test: ~4× faster than a per-byte loop or a RegExp.
 */
function findJsonEscape(buf) {
  const len = buf.length;
  let i = 0;
  if ((buf.byteOffset & 3) === 0 && len >= 4) {
    const words = new Uint32Array(buf.buffer, buf.byteOffset, len >>> 2);
    const n = words.length;
    for (; i < n; i++) {
      const w = words[i];
      const q = w ^ 0x22222222;
      const b = w ^ 0x5c5c5c5c;
      // Bytes are < 0x80 (ASCII), so "has a byte below 0x20 / equal to 0" is exact with these masks.
      if ((((w - 0x20202020) & ~w) | ((q - 0x01010101) & ~q) | ((b - 0x01010101) & ~b)) & 0x80808080) return i;
    }
    i = n << 2;
  }
  for (; i < len; i++) {
    const c = buf[i];
    if (c < 0x20 || c === 0x22 || c === 0x5c) return i;
  }
  return -1;
}

/**
 * Encodes a string body for the wire and measures its JSON form: `bytes` are its UTF-8 bytes and
 * `jsonBytes` is Buffer.byteLength(JSON.stringify(s)), computed without building the JSON when the
 * string is plain ASCII with nothing to escape (the base64 case).
 */
function encodeBody(s) {
  const bytes = Buffer.from(s, "utf8");
  if (bytes.length === s.length && isAscii(bytes) && findJsonEscape(bytes) === -1) {
    return { bytes, jsonBytes: bytes.length + 2 };
  }
  return { bytes, jsonBytes: Buffer.byteLength(JSON.stringify(s), "utf8") };
}

/** Byte length of JSON.stringify(s) for a string. */
function jsonStringBytes(s) {
  return encodeBody(s).jsonBytes;
}

const BODY_KEY_BYTES = Buffer.byteLength('"body":');

/**
 * Splits a handler's result for the proxy path: `envelopeJson` is the JSON of the result without a
 * string `body` (or of the whole result otherwise), `body` the body's UTF-8 bytes, and `resultJsonBytes`
 * the exact byte length of JSON.stringify(result) (undefined → "null", as Lambda's runtime sends it).
 * Throws what JSON.stringify throws (cycles, BigInt).
 */
function splitProxyResult(result) {
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
    const encoded = encodeBody(body);
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

module.exports = { findJsonEscape, encodeBody, jsonStringBytes, splitProxyResult };
