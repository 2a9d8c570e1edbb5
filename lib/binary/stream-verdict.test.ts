// The verdict's STREAM rules (docs/streaming.md §0.6, §0.7, §2.3, §2.4, §7.3).
// Vectors: DP3, DP4, DP5, DP6, DP10, CP9.
import { describe, expect, it } from "vitest";
import { type StreamVerdictInput, streamFindings } from "./stream-verdict";

const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const NUL8 = new Uint8Array(8);
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4, 5, 6,
]);
const PDF = enc("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n");
const b64 = (b: Uint8Array) => enc(Buffer.from(b).toString("base64"));
const GATEWAY_500 = enc('{"message": "Internal server error"}');

const base: StreamVerdictInput = {
  currentMode: "STREAM",
  deployedMode: "STREAM",
  binaryMediaTypes: [],
  status: 200,
  contentType: "image/png",
  body: PNG,
  functionOutput: cat(enc('{"statusCode":200,"headers":{"Content-Type":"image/png"}}'), NUL8, PNG),
};

const kinds = (over: Partial<StreamVerdictInput>) => streamFindings({ ...base, ...over }).map((f) => f.kind);

describe("streamFindings", () => {
  it.each<[string, Partial<StreamVerdictInput>, string[]]>([
    ["DP1: a good stream: only the binary media types note", {}, ["binary-media-types-ignored"]],
    ["a BUFFERED method gets no STREAM finding", { currentMode: "BUFFERED", deployedMode: "BUFFERED" }, []],
    [
      "DP3: base64 of a PNG streamed as image/png",
      { body: b64(PNG) },
      ["base64-in-stream", "binary-media-types-ignored"],
    ],
    [
      "base64 of a PDF streamed as application/pdf",
      { contentType: "application/pdf; charset=binary", body: b64(PDF) },
      ["base64-in-stream", "binary-media-types-ignored"],
    ],
    [
      "base64 of an unknown format streamed as image/*",
      { contentType: "image/x-foo", body: enc("QUJDREVGR0hJSktMTU5PUFFSU1RVVldY") },
      ["base64-in-stream", "binary-media-types-ignored"],
    ],
    [
      "base64 text as text/plain is what it says",
      { contentType: "text/plain", body: b64(PNG) },
      ["binary-media-types-ignored"],
    ],
    [
      "the first bytes of a long base64 stream are enough",
      { body: b64(cat(PNG, new Uint8Array(9000).fill(7))).subarray(0, 5000) },
      ["base64-in-stream", "binary-media-types-ignored"],
    ],
    ["real PNG bytes are not base64", { body: PNG }, ["binary-media-types-ignored"]],
    [
      "DP4: a buffered handler's {statusCode, body} as the stream",
      {
        status: 500,
        contentType: "application/json",
        body: GATEWAY_500,
        functionOutput: enc('{"statusCode":200,"isBase64Encoded":true,"body":"iVBORw0KGgo="}'),
      },
      ["buffered-handler", "binary-media-types-ignored"],
    ],
    [
      "DP6: from() then end() without write(): nothing written",
      { status: 500, contentType: "application/json", body: GATEWAY_500, functionOutput: new Uint8Array(0) },
      ["missing-prelude", "binary-media-types-ignored"],
    ],
    [
      "raw bytes with no metadata",
      { status: 500, contentType: "application/json", body: GATEWAY_500, functionOutput: PNG.subarray(0, 4) },
      ["missing-prelude", "binary-media-types-ignored"],
    ],
    [
      "DP10: metadata past 16 KB",
      { status: 500, body: GATEWAY_500, functionOutput: cat(enc(`{"headers":{"x":"${"a".repeat(20_000)}"}}`), NUL8) },
      ["missing-prelude", "binary-media-types-ignored"],
    ],
    [
      "DP5: headers as arrays",
      {
        status: 502,
        body: GATEWAY_500,
        functionOutput: cat(enc('{"headers":{"Content-Type":["image/png"]}}'), NUL8, PNG),
      },
      ["bad-prelude", "binary-media-types-ignored"],
    ],
    [
      "the gateway's 500 without the function's output: a probable missing prelude",
      { status: 500, contentType: "application/json", body: GATEWAY_500, functionOutput: null },
      ["missing-prelude", "binary-media-types-ignored"],
    ],
    [
      "an ordinary 404 without the function's output says nothing more",
      { status: 404, body: enc("nope"), functionOutput: null },
      ["binary-media-types-ignored"],
    ],
    [
      "CP9: STREAM set but the stage serves a BUFFERED deployment",
      { currentMode: "STREAM", deployedMode: "BUFFERED", body: new Uint8Array(0) },
      ["stream-not-deployed"],
    ],
    [
      "back to BUFFERED, still streaming on the stage",
      { currentMode: "BUFFERED", deployedMode: "STREAM" },
      ["stream-not-deployed", "binary-media-types-ignored"],
    ],
  ])("%s", (_name, over, want) => {
    expect(kinds(over)).toEqual(want);
  });

  it("says binary media types do not apply when the API has some", () => {
    const f = streamFindings({ ...base, binaryMediaTypes: ["image/png"] }).find(
      (x) => x.kind === "binary-media-types-ignored",
    )!;
    expect(f.severity).toBe("info");
    expect(f.message).toMatch(/Binary media types do not apply/);
  });

  it("names the handler's mistake in the user's words", () => {
    const [f] = streamFindings({ ...base, body: b64(PNG) });
    expect(f.message).toMatch(/Your handler writes base64 into the stream/);
    expect(f.message).toContain("image/png");
    const [g] = streamFindings({ ...base, status: 500, body: GATEWAY_500, functionOutput: new Uint8Array(0) });
    expect(g.message).toMatch(/write\(\) before end\(\)/);
    const [h] = streamFindings({ ...base, currentMode: "STREAM", deployedMode: "BUFFERED" });
    expect(h.message).toMatch(/deploy the API/);
  });

  it("reports the prelude problem behind a bad prelude", () => {
    const out = cat(enc('{"statusCode":200,"isBase64Encoded":true}'), NUL8);
    const [f] = streamFindings({ ...base, status: 500, body: GATEWAY_500, functionOutput: out });
    expect(f).toMatchObject({ kind: "bad-prelude", problem: "unknown-key" });
    expect(f.message).toContain("isBase64Encoded");
  });
});
