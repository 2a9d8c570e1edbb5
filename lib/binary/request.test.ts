import { describe, expect, it } from "vitest";
import { requestBodyToEvent } from "./request";

const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=";
const PNG = new Uint8Array(Buffer.from(PNG_B64, "base64"));
const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

// docs/aws-binary-rules.md §11.2 request vectors Q1–Q8 (Q9/Q10 are size guards in the data plane; limits.test.ts checks
// the constants).
const vectors: Array<[string, string[], Uint8Array | null, string | null, string | null, boolean]> = [
  ["Q1 GET, no body", ["*/*"], null, null, null, false],
  ["Q1 empty body", ["*/*"], new Uint8Array(0), "application/json", null, false],
  ["Q2 octet-stream", ["application/octet-stream"], bytes(0xff, 0xd8, 0xff), "application/octet-stream", "/9j/", true],
  ["Q3 image/* → PNG", ["application/octet-stream", "image/*"], PNG, "image/png", PNG_B64, true],
  [
    "Q4 JSON not listed",
    ["application/octet-stream", "image/*"],
    utf8('{"a":1}'),
    "application/json",
    '{"a":1}',
    false,
  ],
  ["Q5 */* makes JSON base64", ["*/*"], utf8('{"a":1}'), "application/json", "eyJhIjoxfQ==", true],
  ["Q6 unlisted binary → U+FFFD", [], bytes(0x1f, 0x8b, 0x08), "application/octet-stream", "\u001f\ufffd\b", false],
  [
    "Q7 params stripped",
    ["application/octet-stream"],
    bytes(0x00, 0x01),
    "application/octet-stream; charset=binary",
    "AAE=",
    true,
  ],
  ["Q8 protobuf", ["application/x-protobuf"], bytes(0x08, 0x96, 0x01), "application/x-protobuf", "CJYB", true],
  ["no Content-Type with */* → base64 (*/* includes all, R32)", ["*/*"], utf8("hi"), null, "aGk=", true],
  ["no Content-Type with image/* → text", ["image/*"], utf8("hi"), null, "hi", false],
  [
    "Content-Type case-insensitive",
    ["application/octet-stream"],
    bytes(1, 2, 3),
    "Application/Octet-Stream",
    "AQID",
    true,
  ],
  ["BOM kept", [], bytes(0xef, 0xbb, 0xbf, 0x61), "text/plain", "\ufeffa", false],
  ["truncated UTF-8 sequence", [], bytes(0x61, 0xe2, 0x82), "text/plain", "a\ufffd", false],
  ["non-ASCII text", [], utf8("héllo ✓"), "text/plain;charset=utf-8", "héllo ✓", false],
];

describe("requestBodyToEvent (docs/aws-binary-rules.md §2, §11.2 Q1–Q8)", () => {
  it.each(vectors)("%s", (_id, bmt, body, ct, wantBody, wantB64) => {
    expect(requestBodyToEvent(body, ct, bmt)).toEqual({ body: wantBody, isBase64Encoded: wantB64 });
  });

  it("base64-encodes a 10 MiB upload byte-exactly", () => {
    const raw = new Uint8Array(10 * 1024 * 1024);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919) & 255;
    const ev = requestBodyToEvent(raw, "application/octet-stream", ["application/octet-stream"]);
    expect(ev.isBase64Encoded).toBe(true);
    expect(Buffer.from(ev.body!, "base64").equals(Buffer.from(raw))).toBe(true);
  });

  it("encodes a subarray view, not the whole underlying buffer", () => {
    const whole = bytes(9, 9, 1, 2, 3, 9);
    expect(requestBodyToEvent(whole.subarray(2, 5), "application/octet-stream", ["*/*"]).body).toBe("AQID");
  });
});
