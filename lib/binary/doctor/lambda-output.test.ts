import { describe, expect, it } from "vitest";
import { encodeBase64 } from "../base64";
import { LAMBDA_RESPONSE_LIMIT_BYTES } from "../limits";
import { checkLambdaOutput, type LambdaOutputInput } from "./lambda-output";
import type { DoctorFinding } from "./types";

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4,
]);
const PNG_B64 = encodeBase64(PNG);
// The PNG's bytes forced through a UTF-8 string, as a handler that did `bytes.toString()` returns them.
const PNG_MANGLED = new TextDecoder().decode(PNG);
const IMG = { "Content-Type": "image/png" };

const run = (result: unknown, over: Partial<LambdaOutputInput> = {}) =>
  checkLambdaOutput({
    payload: typeof result === "string" ? result : JSON.stringify(result),
    accept: "image/png",
    binaryMediaTypes: ["image/png"],
    ...over,
  });
const byId = (findings: DoctorFinding[]) => Object.fromEntries(findings.map((f) => [f.id, f]));
const failed = (findings: DoctorFinding[]) =>
  findings
    .filter((f) => f.status === "failed")
    .map((f) => f.id)
    .sort();

describe("checkLambdaOutput (docs/aws-binary-rules.md §1, docs/real-world-failures.md §P5, §P9)", () => {
  it.each<[string, unknown, Partial<LambdaOutputInput>, string[]]>([
    ["a correct binary result", { statusCode: 200, headers: IMG, body: PNG_B64, isBase64Encoded: true }, {}, []],
    ["a correct text result", { statusCode: 200, body: '{"ok":true}' }, {}, []],
    [
      "base64 of a PNG without isBase64Encoded",
      { statusCode: 200, headers: IMG, body: PNG_B64 },
      {},
      ["lambda.base64-flag"],
    ],
    [
      "base64 of a PNG with isBase64Encoded false",
      { statusCode: 200, body: PNG_B64, isBase64Encoded: false },
      {},
      ["lambda.base64-flag"],
    ],
    [
      "raw PNG bytes through a string",
      { statusCode: 200, headers: IMG, body: PNG_MANGLED },
      {},
      ["lambda.mangled-binary"],
    ],
    [
      "raw PNG bytes flagged base64",
      { statusCode: 200, body: PNG_MANGLED, isBase64Encoded: true },
      {},
      ["lambda.base64-valid", "lambda.mangled-binary"],
    ],
    ["URL-safe base64 flagged", { statusCode: 200, body: "ab-_", isBase64Encoded: true }, {}, ["lambda.base64-valid"]],
    ["an empty object", {}, {}, ["lambda.status-code"]],
    ["the bare body object", { message: "hi" }, {}, ["lambda.status-code"]],
    ["a bare JSON string", JSON.stringify("justAString"), {}, ["lambda.status-code"]],
    ["headers only (default 200)", { headers: IMG }, {}, []],
    ["a list in headers", { statusCode: 200, headers: { "Set-Cookie": ["a=1", "b=2"] } }, {}, ["lambda.headers"]],
    ["an unknown key", { statusCode: 200, wrongValue: "v" }, {}, ["lambda.proxy-result"]],
    ["an object body", { statusCode: 200, body: { a: 1 } }, {}, ["lambda.proxy-result"]],
    ["not JSON", "{not json", {}, ["lambda.json"]],
  ])("%s → failed %j", (_name, result, over, want) => {
    expect(failed(run(result, over))).toEqual(want);
  });

  it("names the format, the missing flag and the fix when isBase64Encoded is absent", () => {
    const f = byId(run({ statusCode: 200, body: PNG_B64 }))["lambda.base64-flag"];
    expect(f.layer).toBe("lambda");
    expect(f.cause).toContain("base64 of a PNG image but isBase64Encoded is missing");
    expect(f.fix).toContain("isBase64Encoded: true");
  });

  it("counts U+FFFD sequences in a mangled body", () => {
    const f = byId(run({ statusCode: 200, body: PNG_MANGLED }))["lambda.mangled-binary"];
    const expected = [...PNG_MANGLED].filter((c) => c === "\uFFFD").length;
    expect(expected).toBeGreaterThan(0);
    expect(f.cause).toContain(`holds ${expected} U+FFFD`);
  });

  it("says invalid base64 is a 500 for a matching Accept and text for another", () => {
    const bad = { statusCode: 200, body: "aGVsbG8=\n", isBase64Encoded: true };
    expect(byId(run(bad))["lambda.base64-valid"].cause).toContain("matches `image/png`, so API Gateway answers 500");
    expect(byId(run(bad, { accept: "text/html" }))["lambda.base64-valid"].cause).toContain(
      "this client gets the text as-is",
    );
  });

  it("reports what valid base64 decodes to", () => {
    const f = byId(run({ statusCode: 200, body: PNG_B64, isBase64Encoded: true }))["lambda.base64-valid"];
    expect(f.cause).toBe(`isBase64Encoded is true and the body decodes to ${PNG.length} bytes (PNG image).`);
  });

  it("keeps response.ts's rule: {} is a 502, headers without statusCode a default 200", () => {
    expect(byId(run({}))["lambda.status-code"].cause).toContain("answers 502");
    expect(byId(run({ headers: IMG }))["lambda.status-code"]).toMatchObject({ status: "passed" });
    expect(byId(run({ headers: IMG }))["lambda.status-code"].cause).toContain("default 200");
  });

  it("names the array-valued header and points at multiValueHeaders", () => {
    const f = byId(run({ statusCode: 200, headers: { "Set-Cookie": ["a=1"] } }))["lambda.headers"];
    expect(f.cause).toContain('"Set-Cookie"');
    expect(f.fix).toContain("multiValueHeaders");
  });

  it("reports a function error, and not the body checks", () => {
    const out = run('{"errorType":"TypeError","errorMessage":"x is undefined"}', { functionError: "Unhandled" });
    expect(failed(out)).toEqual(["lambda.invoke-error"]);
    expect(byId(out)["lambda.invoke-error"].cause).toContain("TypeError: x is undefined");
  });

  describe("size against Lambda's 6,291,556-byte limit", () => {
    const payloadOf = (bodyLen: number) => ({ statusCode: 200, body: "A".repeat(bodyLen), isBase64Encoded: true });
    const overhead = JSON.stringify(payloadOf(0)).length;

    it.each([
      ["exactly at the limit", LAMBDA_RESPONSE_LIMIT_BYTES - overhead, "passed"],
      ["one byte over", LAMBDA_RESPONSE_LIMIT_BYTES - overhead + 1, "failed"],
    ])("%s → %s", (_n, bodyLen, want) => {
      const f = byId(run(payloadOf(bodyLen)))["size.lambda-response"];
      expect(f.layer).toBe("size");
      expect(f.status).toBe(want);
      if (want === "failed") expect(f.fix).toContain("STREAM");
    });

    it("states the headroom left after base64 inflation", () => {
      const result = { statusCode: 200, body: PNG_B64, isBase64Encoded: true };
      const room = LAMBDA_RESPONSE_LIMIT_BYTES - JSON.stringify(result).length;
      const cause = byId(run(result))["size.lambda-response"].cause;
      expect(cause).toContain(`${room.toLocaleString("en-US")} bytes below the limit`);
      expect(cause).toContain(`about ${Math.floor((room * 3) / 4).toLocaleString("en-US")} more bytes of file`);
    });

    it("reads Lambda's own ResponseSizeTooLarge error as the size layer", () => {
      const payload = JSON.stringify({
        errorMessage: "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
        errorType: "Function.ResponseSizeTooLarge",
      });
      const out = run(payload, { functionError: "Unhandled" });
      expect(out.map((f) => [f.id, f.status])).toEqual([["size.lambda-response", "failed"]]);
    });

    it("counts UTF-8 bytes, not characters", () => {
      const body = "é".repeat(1000);
      const bytes = new TextEncoder().encode(JSON.stringify({ statusCode: 200, body })).length;
      expect(byId(run({ statusCode: 200, body }))["size.lambda-response"].cause).toContain(
        `is ${bytes.toLocaleString("en-US")} of`,
      );
    });
  });
});
