import { describe, expect, it } from "vitest";
import { awsGatewayError, envelopeToResponse, lambdaResultToResponse, type ProxyResponse } from "./response";

// docs/aws-binary-rules.md §11.2 constants.
const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=";
const PNG = Uint8Array.from(Buffer.from(PNG_B64, "base64"));
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const JPEG_B64 = Buffer.from(JPEG).toString("base64");
const enc = (s: string) => new TextEncoder().encode(s);
const ISE = '{"message": "Internal server error"}';

const V1_A = ["image/png", "*/test"];
const V1_B = ["image/png", "application/*", "image/jpg"];
const CHROME_TAB = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const CHROME_IMG = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8";

function result(ct: string | null, isB64: boolean, body: string): Record<string, unknown> {
  const r: Record<string, unknown> = { statusCode: 200, isBase64Encoded: isB64, body };
  if (ct !== null) r.headers = { "Content-Type": ct };
  return r;
}

/** Splits a result as the runtime does: string body → UTF-8 bytes, removed from the envelope. */
function split(r: unknown): [unknown, Uint8Array | undefined] {
  if (r !== null && typeof r === "object" && !Array.isArray(r) && typeof (r as { body?: unknown }).body === "string") {
    const { body, ...rest } = r as { body: string };
    return [rest, enc(body)];
  }
  return [r, undefined];
}

type Expect =
  | { status: number; ct?: string; body: "binary" | "text" | Uint8Array | string; mode?: "binary" | "text" }
  | { error: 500 | 502; reason: "malformed-result" | "invalid-base64" };

interface Vector {
  id: string;
  bmt: string[];
  accept: string | null;
  result: unknown;
  expect: Expect;
}

const vectors: Vector[] = [
  {
    id: "R1",
    bmt: [],
    accept: "image/png",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, ct: "image/png", body: "text" },
  },
  {
    id: "R2",
    bmt: V1_A,
    accept: "image/png",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, ct: "image/png", body: "binary" },
  },
  {
    id: "R3",
    bmt: V1_A,
    accept: "image/jpg",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, ct: "image/png", body: "text" },
  },
  {
    id: "R4",
    bmt: V1_A,
    accept: "image/*",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, ct: "image/png", body: "text" },
  },
  {
    id: "R5",
    bmt: V1_A,
    accept: "*/test",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, ct: "image/png", body: "text" },
  },
  {
    id: "R6",
    bmt: V1_A,
    accept: "random/test",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "text" },
  },
  {
    id: "R7",
    bmt: V1_A,
    accept: "*/*",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "text" },
  },
  {
    id: "R8",
    bmt: V1_A,
    accept: "image/webp,image/png,*/*;q=0.8",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "text" },
  },
  {
    id: "R9",
    bmt: V1_A,
    accept: "image/png,image/*,*/*;q=0.8",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "binary" },
  },
  {
    id: "R10",
    bmt: V1_A,
    accept: "image/png",
    result: result("image/png", false, PNG_B64),
    expect: { status: 200, body: "text" },
  },
  {
    id: "R11",
    bmt: V1_B,
    accept: "application/whatever",
    result: result("application/test", true, PNG_B64),
    expect: { status: 200, ct: "application/test", body: "binary" },
  },
  {
    id: "R12",
    bmt: V1_B,
    accept: "application/*",
    result: result("application/test", true, PNG_B64),
    expect: { status: 200, body: "binary" },
  },
  {
    id: "R13",
    bmt: V1_B,
    accept: "image/jpg",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "binary" },
  },
  {
    id: "R14",
    bmt: V1_B,
    accept: "image/png",
    result: result("application/whatever", true, PNG_B64),
    expect: { status: 200, ct: "application/whatever", body: "binary" },
  },
  {
    id: "R15",
    bmt: V1_B,
    accept: "image/png",
    result: result(null, true, PNG_B64),
    expect: { status: 200, ct: "application/json", body: "binary" },
  },
  {
    id: "R16",
    bmt: V1_B,
    accept: "application",
    result: result(null, true, PNG_B64),
    expect: { status: 200, body: "text" },
  },
  {
    id: "R17",
    bmt: V1_B,
    accept: "image/png",
    result: result(null, true, "èé+à)("),
    expect: { error: 500, reason: "invalid-base64" },
  },
  {
    id: "R18",
    bmt: ["image/png"],
    accept: "image/png;q=0.8",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "binary" },
  },
  {
    id: "R19",
    bmt: ["image/png"],
    accept: "text/html,application/xhtml+xml,application/xml;q=0.9,image/png;q=0.8",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "text" },
  },
  {
    id: "R20",
    bmt: ["image/webp"],
    accept: "image/webp,image/*,*/*;q=0.8",
    result: result("image/jpeg", true, JPEG_B64),
    expect: { status: 200, ct: "image/jpeg", body: JPEG, mode: "binary" },
  },
  {
    id: "R21",
    bmt: ["*/*"],
    accept: CHROME_TAB,
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "binary" },
  },
  {
    id: "R22",
    bmt: ["image/png"],
    accept: CHROME_IMG,
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "text" },
  },
  {
    id: "R23",
    bmt: ["image/*"],
    accept: CHROME_IMG,
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "binary" },
  },
  {
    id: "R24",
    bmt: ["text/html"],
    accept: CHROME_TAB,
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "binary" },
  },
  {
    id: "R25",
    bmt: ["*/*"],
    accept: "*/*",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "binary" },
  },
  {
    id: "R26",
    bmt: ["image/png"],
    accept: "*/*",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "text" },
  },
  {
    id: "R27",
    bmt: [],
    accept: "image/png",
    result: { statusCode: 200, isBase64Encoded: true, body: "dGVzdC1kYXRh" },
    expect: { status: 200, ct: "application/json", body: "dGVzdC1kYXRh", mode: "text" },
  },
  {
    id: "R28",
    bmt: ["*/*"],
    accept: "*/*",
    result: { statusCode: 200, wrongValue: "value" },
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "R29",
    bmt: [],
    accept: null,
    result: { statusCode: "201" },
    expect: { status: 201, ct: "application/json", body: new Uint8Array(0), mode: "text" },
  },
  // [V2] shape table (docs/aws-binary-rules.md §1.1)
  {
    id: "V2 no body",
    bmt: [],
    accept: null,
    result: { statusCode: 200 },
    expect: { status: 200, ct: "application/json", body: new Uint8Array(0) },
  },
  {
    id: "V2 headers null",
    bmt: [],
    accept: null,
    result: { statusCode: 200, headers: null },
    expect: { status: 200, body: new Uint8Array(0) },
  },
  { id: "V2 {}", bmt: [], accept: null, result: {}, expect: { error: 502, reason: "malformed-result" } },
  {
    id: "V2 justAString",
    bmt: [],
    accept: null,
    result: "justAString",
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "V2 statusCode test",
    bmt: [],
    accept: null,
    result: { statusCode: "test" },
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "V2 no statusCode",
    bmt: [],
    accept: null,
    result: { headers: { "test-header": "value" } },
    expect: { status: 200, body: new Uint8Array(0) },
  },
  {
    id: "V2 mvh not a list",
    bmt: [],
    accept: null,
    result: { statusCode: 200, multiValueHeaders: { "x-a": "value" } },
    expect: { error: 502, reason: "malformed-result" },
  },
  // Our documented readings (response.ts header)
  { id: "array result", bmt: [], accept: null, result: [1, 2], expect: { error: 502, reason: "malformed-result" } },
  { id: "null result", bmt: [], accept: null, result: null, expect: { error: 502, reason: "malformed-result" } },
  {
    id: "number body",
    bmt: [],
    accept: null,
    result: { statusCode: 200, body: 42 },
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "object body",
    bmt: [],
    accept: null,
    result: { statusCode: 200, body: { a: 1 } },
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "null body",
    bmt: [],
    accept: null,
    result: { statusCode: 200, body: null },
    expect: { status: 200, body: new Uint8Array(0) },
  },
  {
    id: "number header",
    bmt: [],
    accept: null,
    result: { statusCode: 200, headers: { "content-length": 5 } },
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "CRLF in header",
    bmt: [],
    accept: null,
    result: { headers: { "x-a": "a\r\nx-b: injected" } },
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "bad header name",
    bmt: [],
    accept: null,
    result: { headers: { "x a": "1" } },
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "fractional status",
    bmt: [],
    accept: null,
    result: { statusCode: 200.5 },
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "status 101",
    bmt: [],
    accept: null,
    result: { statusCode: 101 },
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "status 599",
    bmt: [],
    accept: null,
    result: { statusCode: 599 },
    expect: { status: 599, body: new Uint8Array(0) },
  },
  {
    id: "status 42",
    bmt: [],
    accept: null,
    result: { statusCode: 42 },
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "status ' 404 '",
    bmt: [],
    accept: null,
    result: { statusCode: " 404 " },
    expect: { status: 404, body: new Uint8Array(0) },
  },
  {
    id: "headers as list",
    bmt: [],
    accept: null,
    result: { headers: ["a"] },
    expect: { error: 502, reason: "malformed-result" },
  },
  {
    id: "isB64 string 'true' is not true",
    bmt: ["*/*"],
    accept: "*/*",
    result: { isBase64Encoded: "true", body: PNG_B64 },
    expect: { status: 200, body: "text" },
  },
  {
    id: "empty base64 body",
    bmt: ["*/*"],
    accept: "*/*",
    result: { isBase64Encoded: true, body: "" },
    expect: { status: 200, body: new Uint8Array(0), mode: "binary" },
  },
  {
    id: "absent body, isB64",
    bmt: ["*/*"],
    accept: "*/*",
    result: { isBase64Encoded: true },
    expect: { status: 200, body: new Uint8Array(0), mode: "binary" },
  },
  {
    id: "invalid base64, no match → verbatim",
    bmt: ["image/png"],
    accept: "text/html",
    result: { isBase64Encoded: true, body: "èé+à)(" },
    expect: { status: 200, body: "èé+à)(", mode: "text" },
  },
  {
    id: "base64 with newline → 500",
    bmt: ["image/png"],
    accept: "image/png",
    result: { isBase64Encoded: true, body: PNG_B64.slice(0, 40) + "\n" + PNG_B64.slice(40) },
    expect: { error: 500, reason: "invalid-base64" },
  },
  {
    id: "URL-safe base64 → 500",
    bmt: ["image/png"],
    accept: "image/png",
    result: { isBase64Encoded: true, body: "-_-_" },
    expect: { error: 500, reason: "invalid-base64" },
  },
  {
    id: "no Accept with */* → text",
    bmt: ["*/*"],
    accept: null,
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "text" },
  },
  {
    id: "empty Accept with */* → text",
    bmt: ["*/*"],
    accept: "",
    result: result("image/png", true, PNG_B64),
    expect: { status: 200, body: "text" },
  },
  {
    id: "non-ASCII text body",
    bmt: [],
    accept: null,
    result: { body: "héllo ✓" },
    expect: { status: 200, body: "héllo ✓", mode: "text" },
  },
];

function check(res: ProxyResponse, v: Vector): void {
  const e = v.expect;
  if ("error" in e) {
    expect(res.kind).toBe("error");
    if (res.kind !== "error") return;
    expect(res.statusCode).toBe(e.error);
    expect(res.reason).toBe(e.reason);
    expect(new TextDecoder().decode(res.body)).toBe(ISE);
    expect(res.headers["content-type"]).toEqual(["application/json"]);
    expect(res.headers["x-amzn-errortype"]).toEqual(["InternalServerErrorException"]);
    expect(res.detail.length).toBeGreaterThan(10);
    return;
  }
  expect(res.kind).toBe("response");
  if (res.kind !== "response") return;
  expect(res.statusCode).toBe(e.status);
  if (e.ct) expect(res.headers["content-type"]).toEqual([e.ct]);
  if (e.body === "binary") {
    expect(res.body).toHaveLength(68);
    expect(Buffer.from(res.body).equals(Buffer.from(PNG))).toBe(true);
    expect(res.bodyMode).toBe("binary");
  } else if (e.body === "text") {
    expect(Buffer.from(res.body).toString("latin1")).toBe(PNG_B64);
    expect(res.bodyMode).toBe("text");
  } else {
    const want = typeof e.body === "string" ? enc(e.body) : e.body;
    expect(Buffer.from(res.body).equals(Buffer.from(want))).toBe(true);
  }
  if (e.mode) expect(res.bodyMode).toBe(e.mode);
}

function canonical(res: ProxyResponse): unknown {
  return { ...res, body: Buffer.from(res.body).toString("hex") };
}

describe("lambdaResultToResponse — docs/aws-binary-rules.md §11.2 R-vectors, [V2] shapes, documented readings", () => {
  it("PNG constant decodes to the 68-byte 1×1 PNG", () => {
    expect(PNG).toHaveLength(68);
    expect(Array.from(PNG.slice(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
  it.each(vectors.map((v) => [v.id, v] as const))("%s", (_id, v) => {
    check(lambdaResultToResponse(v.result, v.accept, v.bmt), v);
  });
});

describe("envelopeToResponse gives byte-identical results for the same result", () => {
  it.each(vectors.map((v) => [v.id, v] as const))("%s", (_id, v) => {
    const [envelope, bytes] = split(v.result);
    const a = lambdaResultToResponse(v.result, v.accept, v.bmt);
    const b = envelopeToResponse(envelope, bytes, v.accept, v.bmt);
    expect(canonical(b)).toEqual(canonical(a));
    check(b, v);
  });
});

describe("headers", () => {
  it("merges multiValueHeaders first, then headers, case-insensitively ([V2] value-multi, value-solo)", () => {
    const res = lambdaResultToResponse(
      {
        headers: { "X-Test": "value-solo", "header-bool": true, "x-false": false },
        multiValueHeaders: { "x-test": ["value-multi"], "Set-Cookie": ["a=1", "b=2"] },
      },
      null,
      [],
    );
    expect(res.kind).toBe("response");
    expect(res.headers["x-test"]).toEqual(["value-multi", "value-solo"]);
    expect(res.headers["header-bool"]).toEqual(["true"]);
    expect(res.headers["x-false"]).toEqual(["false"]);
    expect(res.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(res.headers["content-type"]).toEqual(["application/json"]);
  });
  it("keeps a Content-Type given only in multiValueHeaders and does not add the default", () => {
    const res = lambdaResultToResponse({ multiValueHeaders: { "CONTENT-TYPE": ["image/png"] } }, null, []);
    expect(res.headers["content-type"]).toEqual(["image/png"]);
  });
  it("rejects a multiValueHeaders item that is an object", () => {
    const res = lambdaResultToResponse({ multiValueHeaders: { a: [{}] } }, null, []);
    expect(res.kind === "error" && res.reason).toBe("malformed-result");
  });
});

describe("awsGatewayError", () => {
  it.each([
    [502, "Internal server error", undefined, '{"message": "Internal server error"}', "InternalServerErrorException"],
    [413, "Request Too Long", undefined, '{"message": "Request Too Long"}', "BadRequestException"],
    [504, "Endpoint request timed out", undefined, '{"message": "Endpoint request timed out"}', undefined],
    [403, 'say "hi"', "ForbiddenException", '{"message": "say \\"hi\\""}', "ForbiddenException"],
  ] as const)("%i %s", (status, message, type, body, header) => {
    const e = awsGatewayError(status, message, type);
    expect(e.statusCode).toBe(status);
    expect(new TextDecoder().decode(e.body)).toBe(body);
    expect(e.headers["content-type"]).toEqual(["application/json"]);
    expect(e.headers["x-amzn-errortype"]).toEqual(header === undefined ? undefined : [header]);
  });
});

describe("large bodies", () => {
  it("decodes a 5 MiB base64 body through both paths, byte-exact", () => {
    const raw = new Uint8Array(5 * 1024 * 1024);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
    const b64 = Buffer.from(raw).toString("base64");
    const r = {
      statusCode: 200,
      isBase64Encoded: true,
      headers: { "content-type": "application/octet-stream" },
      body: b64,
    };
    const a = lambdaResultToResponse(r, "application/octet-stream", ["application/octet-stream"]);
    const [env, bytes] = split(r);
    const b = envelopeToResponse(env, bytes, "application/octet-stream", ["application/octet-stream"]);
    expect(a.kind).toBe("response");
    expect(Buffer.from(a.body).equals(Buffer.from(raw))).toBe(true);
    expect(Buffer.from(b.body).equals(Buffer.from(raw))).toBe(true);
  });
});
