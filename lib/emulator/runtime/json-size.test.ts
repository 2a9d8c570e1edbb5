import { describe, expect, it } from "vitest";
import { encodeBody, hasJsonEscape, measureString, splitProxyResult } from "./json-size.cjs";

const b64 = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) & 255)).toString("base64");

// The exact size of JSON.stringify(result) decides Lambda's 6,291,556-byte limit (docs/aws-binary-rules.md §8).
const results: Array<[string, unknown]> = [
  ["base64 body", { statusCode: 200, isBase64Encoded: true, headers: { "content-type": "image/png" }, body: b64 }],
  ["body only", { body: b64 }],
  ["empty body", { statusCode: 204, body: "" }],
  ["unicode body", { statusCode: 200, body: "héllo wörld — 日本語 🎉" }],
  ["quotes and backslashes", { statusCode: 200, body: 'say "hi" \\ bye \\"' }],
  ["control characters", { statusCode: 200, body: "a\nb\tc\rd\be\ff\u0000g\u001fh\u007f" }],
  ["lone surrogates", { statusCode: 200, body: "x\ud800y\udc00z" }],
  [
    "JSON body",
    {
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ a: [1, "two"], b: "ü" }),
    },
  ],
  ["unicode headers", { statusCode: 200, headers: { "x-name": "Zoë" }, body: "ok" }],
  ["no body", { statusCode: 302, headers: { location: "/x" } }],
  ["null body", { statusCode: 200, body: null }],
  ["number body", { statusCode: 200, body: 42 }],
  ["object body", { statusCode: 200, body: { nested: "é" } }],
  ["undefined members", { statusCode: 200, headers: undefined, body: "x", f: () => 1 }],
  ["body first", { body: "first", statusCode: 200 }],
  ["string result", "just a string"],
  ["number result", 12.5],
  ["array result", [1, "two", { body: "x" }]],
  ["null result", null],
  ["boolean result", false],
  ["toJSON result", { toJSON: () => ({ statusCode: 201, body: "from toJSON" }) }],
];

describe("splitProxyResult", () => {
  it.each(results)("resultJsonBytes equals Buffer.byteLength(JSON.stringify(result)): %s", (_name, result) => {
    const split = splitProxyResult(result);
    expect(split.resultJsonBytes).toBe(Buffer.byteLength(JSON.stringify(result)));
  });

  it.each(results)("envelope + body reassemble the result: %s", (_name, result) => {
    const split = splitProxyResult(result);
    const expected = JSON.parse(JSON.stringify(result)) as unknown;
    const envelope = JSON.parse(split.envelopeJson) as Record<string, unknown>;
    if (split.body !== undefined) {
      expect(envelope).not.toHaveProperty("body");
      const body = split.body.toString("utf8");
      // UTF-8 cannot carry a lone surrogate: it arrives as U+FFFD, as Buffer.from(s, "utf8") encodes it.
      const want = expected as Record<string, unknown>;
      expect({ ...envelope, body }).toEqual({ ...want, body: String(want.body).toWellFormed() });
    } else {
      expect(envelope).toEqual(expected);
    }
  });

  it("splits a string body out as its UTF-8 bytes", () => {
    const split = splitProxyResult({ statusCode: 200, body: "é🎉" });
    expect([...split.body!]).toEqual([0xc3, 0xa9, 0xf0, 0x9f, 0x8e, 0x89]);
    expect(JSON.parse(split.envelopeJson)).toEqual({ statusCode: 200 });
  });

  it("answers undefined as null, as Lambda's runtime does", () => {
    expect(splitProxyResult(undefined)).toEqual({ envelopeJson: "null", body: undefined, resultJsonBytes: 4 });
  });

  it("throws for what JSON.stringify cannot serialise", () => {
    const cyclic: Record<string, unknown> = { body: "x" };
    cyclic.self = cyclic;
    expect(() => splitProxyResult(cyclic)).toThrow();
    expect(() => splitProxyResult({ statusCode: 1n, body: "x" })).toThrow();
  });
});

describe("hasJsonEscape / encodeBody", () => {
  it("finds every escaped byte at every position and alignment", () => {
    const specials = [...Array.from({ length: 0x20 }, (_, i) => i), 0x22, 0x5c];
    const filler = Buffer.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=", "latin1");
    for (const c of specials) {
      for (let offset = 0; offset < 4; offset++) {
        for (let pos = 0; pos < 70; pos++) {
          const backing = Buffer.alloc(80);
          for (let i = 0; i < backing.length; i++) backing[i] = filler[(i * 7) % filler.length];
          const view = backing.subarray(offset, offset + 70);
          expect(hasJsonEscape(view)).toBe(false);
          view[pos] = c;
          expect(hasJsonEscape(view)).toBe(true);
        }
      }
    }
  });

  it("finds nothing in base64 text or other printable ASCII", () => {
    expect(hasJsonEscape(Buffer.from(b64, "latin1"))).toBe(false);
    const printable = Buffer.from(
      Array.from({ length: 96 }, (_, i) => 0x20 + i).filter((c) => c !== 0x22 && c !== 0x5c),
    );
    for (let offset = 0; offset < 4; offset++) {
      expect(hasJsonEscape(Buffer.concat([Buffer.alloc(offset, 0x41), printable, printable]).subarray(offset))).toBe(
        false,
      );
    }
  });

  it("measures strings exactly", () => {
    for (const s of ["", "a", b64, '"', "\\", "\n", "\u0001", "é", "\ud83c\udf89", "\ud800", "a\u2028b", "\u007f"]) {
      const e = encodeBody(s);
      expect(e.jsonBytes).toBe(Buffer.byteLength(JSON.stringify(s)));
      expect(e.bytes.equals(Buffer.from(s, "utf8"))).toBe(true);
    }
  });
});

describe("measureString", () => {
  const strings: [string, string][] = [
    ["empty", ""],
    ["base64", Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) & 255)).toString("base64")],
    ["a quote", 'say "hi"'],
    ["a backslash", "C:\\path"],
    ["a control byte at the end", "abc\u001f"],
    ["a tab and a newline", "a\tb\nc"],
    ["DEL is not escaped", "a\u007fb"],
    ["Latin-1", "héllo"],
    ["two-byte then three-byte (a prefix of exactly length bytes)", "é€"],
    ["ASCII then a 4-byte character", "ab😀"],
    ["a lone surrogate", "x\ud800y"],
    ["U+2028", "a\u2028b"],
    ["large ASCII", "A".repeat(300_000)],
    ["large with one quote at the end", "A".repeat(300_000) + '"'],
    ["large with one é in the middle", "A".repeat(150_000) + "é" + "A".repeat(150_000)],
  ];
  it.each(strings)("%s: the byte length of JSON.stringify", (_name, s) => {
    expect(measureString(s)).toBe(Buffer.byteLength(JSON.stringify(s), "utf8"));
    expect(measureString(s)).toBe(encodeBody(s).jsonBytes);
  });

  it("is right again after a longer string grew its scratch buffer (no stale bytes)", () => {
    expect(measureString("B".repeat(500_000))).toBe(500_002);
    expect(measureString('ab"')).toBe(Buffer.byteLength(JSON.stringify('ab"')));
    expect(measureString("abc")).toBe(5);
  });
});
