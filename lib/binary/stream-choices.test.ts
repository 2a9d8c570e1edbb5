// STREAM_UNKNOWN_CHOICES describes what the code does (docs/streaming.md §6).
import { describe, expect, it } from "vitest";
import { AWS_UNKNOWN_CHOICES } from "./choices";
import { STREAM_UNKNOWN_CHOICES } from "./stream-choices";
import { badStreamOutputStatus, PRELUDE_LIMIT_BYTES, parsePreludeJson } from "./stream-prelude";

const enc = (s: string) => new TextEncoder().encode(s);

describe("STREAM_UNKNOWN_CHOICES", () => {
  it("has ids unique among all the project's choices", () => {
    const ids = [...AWS_UNKNOWN_CHOICES, ...STREAM_UNKNOWN_CHOICES].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("matches the behaviour it documents", () => {
    expect(PRELUDE_LIMIT_BYTES).toBe(16_384); // stream-prelude-limit
    expect(badStreamOutputStatus("no-delimiter")).toBe(500); // stream-bad-output
    expect(badStreamOutputStatus("bad-headers")).toBe(502);
    expect(parsePreludeJson(enc("{}"))).toMatchObject({ ok: true, prelude: { statusCode: 200 } }); // missing-status
    expect(parsePreludeJson(enc('{"body":"x"}'))).toMatchObject({ ok: false, problem: "unknown-key" }); // extra-keys
    expect(parsePreludeJson(enc('{"headers":{"x":1}}'))).toMatchObject({
      ok: true,
      prelude: { headers: { x: ["1"] } },
    });
    const cookies = parsePreludeJson(enc('{"multiValueHeaders":{"Set-Cookie":["a=1"]},"cookies":["b=2"]}'));
    expect(cookies).toMatchObject({ ok: true, prelude: { headers: { "set-cookie": ["a=1", "b=2"] } } });
  });
});
