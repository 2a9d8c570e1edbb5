/**
 * Base64 as API Gateway needs it: strict decoding of a Lambda's `body` (docs/aws-binary-rules.md §1.3, §11.1 "Body")
 * and encoding of request bodies (docs/aws-binary-rules.md §2). No node: imports — this runs in the browser too; where
 * Node's Buffer exists (emulator, server) it is used as a native fast path, found through globalThis.
 *
 * Strictness (AWS unknown, docs/aws-binary-rules.md §11.1 "Unknowns"; modelled on RFC 4648 §4 as
 * java.util.Base64.getDecoder() implements it):
 *  - alphabet A–Z a–z 0–9 + / only: whitespace, line breaks and the URL-safe "-" "_" are rejected;
 *  - "=" only as final padding; padding optional, but if present it must complete the last quantum;
 *  - a data length ≡ 1 (mod 4) is rejected (it cannot encode whole bytes);
 *  - non-zero bits in the last partial quantum are tolerated (as Java does).
 * A failure with a matching Accept is AWS's 500 (docs/aws-binary-rules.md §1.3, [V1] row 19).
 */

interface NodeBufferLike extends Uint8Array {
  toString(encoding?: string): string;
  write(value: string, offset: number, encoding: string): number;
  indexOf(value: number | string, byteOffset?: number): number;
}
interface NodeBufferCtor {
  from(value: string, encoding: string): NodeBufferLike;
  from(arrayBuffer: ArrayBufferLike, byteOffset?: number, length?: number): NodeBufferLike;
}

/** Node's Buffer when running under Node, else null (browser). Not imported, so bundlers don't polyfill it. */
export const NodeBuffer: NodeBufferCtor | null =
  typeof (globalThis as { Buffer?: unknown }).Buffer === "function"
    ? ((globalThis as { Buffer?: unknown }).Buffer as NodeBufferCtor)
    : null;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// 255 = not in the alphabet.
const DECODE_TABLE = (() => {
  const t = new Uint8Array(256).fill(255);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();
const EQ = 0x3d;

/**
 * Where a decode may put its bytes: given the decoded length, a Uint8Array of exactly that length (e.g. a view of
 * a reused buffer, so a server decoding megabytes per request does not fault in fresh memory each time).
 */
export type DecodeTarget = (byteLength: number) => Uint8Array;

/**
 * Strictly decodes standard base64 (text or its ASCII bytes); null if it is not valid base64
 * (docs/aws-binary-rules.md §1.3, §11.1).
 */
export function decodeBase64Strict(input: string | Uint8Array, into?: DecodeTarget): Uint8Array | null {
  const n = input.length;
  let pad = 0;
  if (typeof input === "string") {
    while (pad < n && input.charCodeAt(n - 1 - pad) === EQ) pad++;
  } else {
    while (pad < n && input[n - 1 - pad] === EQ) pad++;
  }
  const dataLen = n - pad;
  if (pad > 2 || dataLen % 4 === 1) return null;
  if (pad > 0 && n % 4 !== 0) return null;
  const expected = Math.floor((dataLen * 3) / 4);
  if (n === 0) return new Uint8Array(0);

  if (NodeBuffer !== null) {
    // Node's decoder is lenient: it skips characters outside the alphabet (whitespace, "!", non-ASCII) and
    // stops at an inner "=", which always makes the output shorter than `expected` (for any data length that
    // is not ≡ 1 mod 4, checked above). It also accepts the URL-safe alphabet, which we look for natively.
    let out: NodeBufferLike;
    if (typeof input === "string") {
      if (input.indexOf("-") >= 0 || input.indexOf("_") >= 0) return null;
      if (into) {
        // Same leniency as Buffer.from, so the same length check: a skipped character makes it write fewer bytes.
        const target = into(expected);
        const written = NodeBuffer.from(target.buffer, target.byteOffset, target.byteLength).write(input, 0, "base64");
        return written === expected ? target : null;
      }
      out = NodeBuffer.from(input, "base64");
    } else {
      const view = NodeBuffer.from(input.buffer, input.byteOffset, input.byteLength);
      if (view.indexOf(0x2d) >= 0 || view.indexOf(0x5f) >= 0) return null;
      // latin1 maps each byte to one char, so a byte ≥ 0x80 becomes a non-alphabet char and is caught by length.
      out = NodeBuffer.from(view.toString("latin1"), "base64");
    }
    return out.length === expected ? out : null;
  }
  return decodePortable(input, dataLen, expected);
}

function decodePortable(input: string | Uint8Array, dataLen: number, expected: number): Uint8Array | null {
  const out = new Uint8Array(expected);
  const code = typeof input === "string" ? (i: number) => input.charCodeAt(i) : (i: number) => input[i];
  let o = 0;
  let i = 0;
  const full = dataLen - (dataLen % 4);
  for (; i < full; i += 4) {
    const c0 = code(i),
      c1 = code(i + 1),
      c2 = code(i + 2),
      c3 = code(i + 3);
    if ((c0 | c1 | c2 | c3) > 255) return null;
    const a = DECODE_TABLE[c0],
      b = DECODE_TABLE[c1],
      c = DECODE_TABLE[c2],
      d = DECODE_TABLE[c3];
    if ((a | b | c | d) === 255) return null;
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
  }
  const rest = dataLen - full;
  if (rest >= 2) {
    const c0 = code(i),
      c1 = code(i + 1);
    if ((c0 | c1) > 255) return null;
    const a = DECODE_TABLE[c0],
      b = DECODE_TABLE[c1];
    if ((a | b) === 255) return null;
    out[o++] = (a << 2) | (b >> 4);
    if (rest === 3) {
      const c2c = code(i + 2);
      if (c2c > 255) return null;
      const c = DECODE_TABLE[c2c];
      if (c === 255) return null;
      out[o++] = ((b & 15) << 4) | (c >> 2);
    }
  }
  return out;
}

/**
 * Standard, padded base64 of bytes — what API Gateway puts in the Lambda event for binary requests
 * (docs/aws-binary-rules.md §2).
 */
export function encodeBase64(bytes: Uint8Array): string {
  if (NodeBuffer !== null) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    let s = "";
    let i = start;
    for (; i + 2 < end; i += 3) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      s += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63];
    }
    if (i < end) {
      const b0 = bytes[i];
      const b1 = i + 1 < end ? bytes[i + 1] : 0;
      s += ALPHABET[b0 >> 2] + ALPHABET[((b0 & 3) << 4) | (b1 >> 4)];
      s += i + 1 < end ? ALPHABET[(b1 & 15) << 2] + "=" : "==";
    }
    parts.push(s);
  }
  return parts.join("");
}

/**
 * Portable decoder, exported for tests that prove the Node fast path and the browser path agree
 * (docs/aws-binary-rules.md §11.1).
 */
export function decodeBase64StrictPortable(input: string | Uint8Array): Uint8Array | null {
  const n = input.length;
  let pad = 0;
  if (typeof input === "string") while (pad < n && input.charCodeAt(n - 1 - pad) === EQ) pad++;
  else while (pad < n && input[n - 1 - pad] === EQ) pad++;
  const dataLen = n - pad;
  if (pad > 2 || dataLen % 4 === 1) return null;
  if (pad > 0 && n % 4 !== 0) return null;
  return decodePortable(input, dataLen, Math.floor((dataLen * 3) / 4));
}

/**
 * Says why `input` is not strict base64 (for logs and the doctor; only call it after decodeBase64Strict failed)
 * (docs/aws-binary-rules.md §11.1).
 */
export function describeBase64Problem(input: string | Uint8Array): string {
  const n = input.length;
  const code = typeof input === "string" ? (i: number) => input.charCodeAt(i) : (i: number) => input[i];
  let pad = 0;
  while (pad < n && code(n - 1 - pad) === EQ) pad++;
  for (let i = 0; i < n - pad; i++) {
    const c = code(i);
    if (c <= 255 && DECODE_TABLE[c] !== 255) continue;
    const what =
      c === 0x2d || c === 0x5f
        ? `the URL-safe character "${String.fromCharCode(c)}" (only + and / are accepted)`
        : c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
          ? "whitespace or a line break (not accepted)"
          : c === EQ
            ? `"=" before the end`
            : c > 127
              ? "a non-ASCII character"
              : `the character ${JSON.stringify(String.fromCharCode(c))}`;
    return `not valid base64: ${what} at offset ${i}`;
  }
  if (pad > 2) return `not valid base64: ${pad} "=" at the end (at most 2)`;
  return `not valid base64: a length of ${n} cannot end a base64 text (${n - pad} data characters, ${pad} "=")`;
}
