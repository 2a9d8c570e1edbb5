/**
 * The metadata prelude of a streamed Lambda proxy response (docs/streaming.md §0.5, §2.2): JSON, then 8 NUL
 * bytes, within the first 16 KB, then the payload. An incremental scanner, since chunk boundaries are arbitrary
 * (docs/streaming.md §2.6): it holds at most the limit's bytes and hands back the payload bytes of the chunk
 * that ended the prelude without copying them.
 */
import { utf8Decode } from "./utf8";

/** The delimiter: 8 bytes 0x00 (docs/streaming.md §2.2). */
export const PRELUDE_DELIMITER_BYTES = 8;

/**
 * "Within the first 16 KB": 16 000 or 16 384 bytes, and whether the delimiter itself must fit, are not
 * established (docs/streaming.md §6.5). The reading taken: 16 384, delimiter included.
 */
export const PRELUDE_LIMIT_BYTES = 16 * 1024;

/** Why a stream's output does not follow the format. */
export type PreludeProblem =
  | "no-delimiter"
  | "too-long"
  | "not-json"
  | "not-object"
  | "unknown-key"
  | "bad-status"
  | "bad-headers"
  | "bad-multi-value-headers"
  | "bad-cookies";

/** A valid prelude: the status and the headers to send (lower-cased names, in arrival order). */
export interface StreamPrelude {
  statusCode: number;
  headers: Record<string, string[]>;
}

/** What one step of the scanner found. */
export type PreludeStep =
  | { kind: "need-more" }
  | { kind: "prelude"; prelude: StreamPrelude; rest: Uint8Array; preludeBytes: number }
  | { kind: "bad"; problem: PreludeProblem; detail: string };

/** An incremental prelude scanner: `push` each chunk until it stops answering need-more, `end` at the stream's end. */
export interface PreludeScanner {
  push(chunk: Uint8Array): PreludeStep;
  end(): PreludeStep;
}

const ALLOWED_KEYS = new Set(["statusCode", "headers", "multiValueHeaders", "cookies"]);

/** A scanner for one stream; `limit` is the bytes within which the delimiter must end. */
export function createPreludeScanner(limit: number = PRELUDE_LIMIT_BYTES): PreludeScanner {
  let held: Uint8Array = new Uint8Array(0);
  let zeros = 0;
  let done: PreludeStep | null = null;
  return {
    push(chunk) {
      if (done) return done;
      const room = Math.min(chunk.length, limit - held.length);
      for (let i = 0; i < room; i++) {
        zeros = chunk[i] === 0 ? zeros + 1 : 0;
        if (zeros === PRELUDE_DELIMITER_BYTES) {
          const json = concat(held, chunk.subarray(0, i + 1)).subarray(
            0,
            held.length + i + 1 - PRELUDE_DELIMITER_BYTES,
          );
          const parsed = parsePreludeJson(json);
          const preludeBytes = held.length + i + 1;
          held = new Uint8Array(0);
          done = parsed.ok
            ? { kind: "prelude", prelude: parsed.prelude, rest: chunk.subarray(i + 1), preludeBytes }
            : { kind: "bad", problem: parsed.problem, detail: parsed.detail };
          return done;
        }
      }
      if (held.length + chunk.length >= limit) {
        done = { kind: "bad", problem: "too-long", detail: `no 8-NUL delimiter within the first ${limit} bytes` };
        return done;
      }
      held = concat(held, chunk);
      return { kind: "need-more" };
    },
    end() {
      if (done) return done;
      done = {
        kind: "bad",
        problem: "no-delimiter",
        detail: `the stream ended after ${held.length} bytes without the 8-NUL delimiter`,
      };
      return done;
    },
  };
}

/** Parses and checks the JSON before the delimiter (docs/streaming.md §2.2): an object with only the four keys. */
export function parsePreludeJson(
  json: Uint8Array,
): { ok: true; prelude: StreamPrelude } | { ok: false; problem: PreludeProblem; detail: string } {
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(json));
  } catch {
    return {
      ok: false,
      problem: "not-json",
      detail: "the metadata before the delimiter is not JSON (at least {} is needed)",
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problem: "not-object", detail: "the metadata is not a JSON object" };
  }
  const meta = value as Record<string, unknown>;
  for (const key of Object.keys(meta)) {
    if (!ALLOWED_KEYS.has(key)) {
      return {
        ok: false,
        problem: "unknown-key",
        detail: `unknown key "${key}": only statusCode, headers, multiValueHeaders and cookies are allowed`,
      };
    }
  }
  // A missing statusCode is 200 (not established, docs/streaming.md §2.2; the obvious reading).
  const statusCode = meta.statusCode ?? 200;
  if (typeof statusCode !== "number" || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    return {
      ok: false,
      problem: "bad-status",
      detail: `statusCode ${JSON.stringify(statusCode)} is not an HTTP status`,
    };
  }
  const headers: Record<string, string[]> = {};
  if (meta.headers !== undefined) {
    if (!isPlainObject(meta.headers)) return { ok: false, problem: "bad-headers", detail: "headers is not an object" };
    for (const [name, v] of Object.entries(meta.headers)) {
      // Arrays in `headers` made a deployed API answer 502 (docs/streaming.md §2.2, DP5).
      if (!isSingleValue(v))
        return { ok: false, problem: "bad-headers", detail: `headers["${name}"] is not a single value` };
      headers[name.toLowerCase()] = [String(v)];
    }
  }
  if (meta.multiValueHeaders !== undefined) {
    const mvh = meta.multiValueHeaders;
    if (!isPlainObject(mvh))
      return { ok: false, problem: "bad-multi-value-headers", detail: "multiValueHeaders is not an object" };
    for (const [name, v] of Object.entries(mvh)) {
      if (!Array.isArray(v) || !v.every(isSingleValue)) {
        return {
          ok: false,
          problem: "bad-multi-value-headers",
          detail: `multiValueHeaders["${name}"] is not a list of values`,
        };
      }
      // A name in both: only the multiValueHeaders values appear (docs/streaming.md §2.2, DP9).
      headers[name.toLowerCase()] = v.map(String);
    }
  }
  if (meta.cookies !== undefined) {
    if (!Array.isArray(meta.cookies) || !meta.cookies.every((c) => typeof c === "string")) {
      return { ok: false, problem: "bad-cookies", detail: "cookies is not a list of strings" };
    }
    // One Set-Cookie each, after any in multiValueHeaders (not established, docs/streaming.md §6.11).
    if (meta.cookies.length > 0) headers["set-cookie"] = [...(headers["set-cookie"] ?? []), ...meta.cookies];
  }
  return { ok: true, prelude: { statusCode, headers } };
}

/**
 * The status API Gateway answers for output that breaks the format: 500 per AWS's docs, except headers given as
 * arrays, observed as 502 (docs/streaming.md §0.7, §6.4, DP4, DP5). The body is always
 * `{"message": "Internal server error"}`.
 */
export function badStreamOutputStatus(problem: PreludeProblem): 500 | 502 {
  return problem === "bad-headers" ? 502 : 500;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isSingleValue(v: unknown): v is string | number | boolean {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
