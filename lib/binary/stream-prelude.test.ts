// The streamed response's prelude (docs/streaming.md §0.5, §2.2, vectors DP1, DP2, DP4, DP5, DP7–DP10).
import { describe, expect, it } from "vitest";
import {
  badStreamOutputStatus,
  createPreludeScanner,
  PRELUDE_LIMIT_BYTES,
  type PreludeStep,
  parsePreludeJson,
} from "./stream-prelude";

const enc = (s: string) => new TextEncoder().encode(s);
const NUL8 = new Uint8Array(8);
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

/** Feeds `bytes` in chunks of `size` and returns the first step that is not need-more (or end()'s). */
function scan(bytes: Uint8Array, size: number, limit?: number): PreludeStep {
  const s = createPreludeScanner(limit);
  for (let at = 0; at < bytes.length; at += size) {
    const step = s.push(bytes.subarray(at, at + size));
    if (step.kind !== "need-more") return step;
  }
  return s.end();
}

describe("createPreludeScanner", () => {
  const dp1 = cat(enc('{"statusCode":200,"headers":{"Content-Type":"image/png"}}'), NUL8, PNG);

  it.each([1, 3, 7, 8, 9, 64, dp1.length])(
    "DP1 split into chunks of %i bytes: the prelude, then the payload",
    (size) => {
      const s = createPreludeScanner();
      const payload: Uint8Array[] = [];
      let prelude: PreludeStep | null = null;
      for (let at = 0; at < dp1.length; at += size) {
        const chunk = dp1.subarray(at, at + size);
        if (prelude) payload.push(chunk);
        else {
          const step = s.push(chunk);
          if (step.kind === "bad") throw new Error(step.detail);
          if (step.kind === "prelude") {
            prelude = step;
            payload.push(step.rest);
          }
        }
      }
      expect(prelude).toMatchObject({
        kind: "prelude",
        prelude: { statusCode: 200, headers: { "content-type": ["image/png"] } },
      });
      expect(cat(...payload)).toEqual(PNG); // the payload's own NULs are not taken for a delimiter
    },
  );

  it("hands back the rest of the chunk that ends the prelude without copying it", () => {
    const step = createPreludeScanner().push(dp1);
    expect(step.kind).toBe("prelude");
    if (step.kind === "prelude") {
      expect(step.rest.buffer).toBe(dp1.buffer);
      expect(step.preludeBytes).toBe(dp1.length - PNG.length);
    }
  });

  it("DP4: a buffered handler's JSON result, with no delimiter, is a missing prelude at the end of the stream", () => {
    const step = scan(enc('{"statusCode":200,"isBase64Encoded":true,"body":"iVBORw0KGgo="}'), 16);
    expect(step).toMatchObject({ kind: "bad", problem: "no-delimiter" });
  });

  it("an empty stream has no prelude", () => {
    expect(createPreludeScanner().end()).toMatchObject({ kind: "bad", problem: "no-delimiter" });
  });

  it("DP10: 20 000 bytes of headers before the delimiter is past the 16 KB bound", () => {
    const big = cat(enc(`{"headers":{"x-big":"${"a".repeat(20_000)}"}}`), NUL8, enc("hi"));
    expect(scan(big, 1000)).toMatchObject({ kind: "bad", problem: "too-long" });
  });

  it("the whole delimiter must end within the limit (16 384 bytes; docs/streaming.md §6.5)", () => {
    const fits = (jsonLen: number) => {
      const json = `{"headers":{"x":"${"a".repeat(jsonLen - 20)}"}}`;
      return scan(cat(enc(json), NUL8, enc("x")), 4096).kind;
    };
    expect(fits(PRELUDE_LIMIT_BYTES - 8)).toBe("prelude"); // JSON + delimiter = exactly 16 384
    expect(fits(PRELUDE_LIMIT_BYTES - 8 + 1)).toBe("bad");
  });

  it("holds no more than the limit while looking (a custom limit)", () => {
    expect(scan(new Uint8Array(100).fill(0x20), 10, 64)).toMatchObject({ kind: "bad", problem: "too-long" });
  });

  it("answers the same step after the prelude is found", () => {
    const s = createPreludeScanner();
    const first = s.push(cat(enc("{}"), NUL8));
    expect(s.push(enc("more"))).toBe(first);
    expect(s.end()).toBe(first);
  });
});

describe("parsePreludeJson", () => {
  it.each([
    ["DP8: {} is valid; the status is 200", "{}", { statusCode: 200, headers: {} }],
    [
      "DP7: a 404 with a PDF",
      '{"statusCode":404,"headers":{"Content-Type":"application/pdf"}}',
      { statusCode: 404, headers: { "content-type": ["application/pdf"] } },
    ],
    [
      "DP9: multiValueHeaders win over headers",
      '{"headers":{"x-a":"1"},"multiValueHeaders":{"x-a":["2","3"]}}',
      { statusCode: 200, headers: { "x-a": ["2", "3"] } },
    ],
    [
      "DP2: Content-Length kept as a header",
      '{"headers":{"Content-Length":"12"}}',
      { statusCode: 200, headers: { "content-length": ["12"] } },
    ],
    [
      "numbers and booleans are single values",
      '{"headers":{"x-n":5,"x-b":true}}',
      { statusCode: 200, headers: { "x-n": ["5"], "x-b": ["true"] } },
    ],
    [
      "cookies become Set-Cookie after multiValueHeaders'",
      '{"multiValueHeaders":{"Set-Cookie":["a=1"]},"cookies":["b=2","c=3"]}',
      { statusCode: 200, headers: { "set-cookie": ["a=1", "b=2", "c=3"] } },
    ],
    ["surrounding whitespace is JSON's", ' \n{"statusCode":201}\n', { statusCode: 201, headers: {} }],
  ])("%s", (_name, json, prelude) => {
    expect(parsePreludeJson(enc(json))).toEqual({ ok: true, prelude });
  });

  it.each([
    [
      "DP5: arrays inside headers",
      '{"statusCode":200,"headers":{"Content-Type":["application/octet-stream"]}}',
      "bad-headers",
      502,
    ],
    ["an empty prelude", "", "not-json", 500],
    ["not JSON", "{statusCode:200}", "not-json", 500],
    ["a JSON array", "[]", "not-object", 500],
    ["null", "null", "not-object", 500],
    ["isBase64Encoded is not an allowed key", '{"statusCode":200,"isBase64Encoded":true}', "unknown-key", 500],
    ["body is not an allowed key", '{"body":"x"}', "unknown-key", 500],
    ["a string statusCode", '{"statusCode":"200"}', "bad-status", 500],
    ["a statusCode out of range", '{"statusCode":99}', "bad-status", 500],
    ["headers not an object", '{"headers":"x"}', "bad-headers", 502],
    ["multiValueHeaders with a single value", '{"multiValueHeaders":{"x":"1"}}', "bad-multi-value-headers", 500],
    ["cookies not strings", '{"cookies":[1]}', "bad-cookies", 500],
  ])("%s → %s, answered %i", (_name, json, problem, status) => {
    const r = parsePreludeJson(enc(json));
    expect(r).toMatchObject({ ok: false, problem });
    if (!r.ok) expect(badStreamOutputStatus(r.problem)).toBe(status);
  });
});
