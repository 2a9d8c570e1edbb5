/**
 * docs/aws-binary-rules.md §11.2 over HTTP: every response vector R1–R29 and request vector Q1–Q8 against a real
 * emulator, created with the real SDK, invoking a real Node.js handler. Bodies are compared byte for byte.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CreateDeploymentCommand } from "@aws-sdk/client-api-gateway";
import { makeJpeg } from "@/lib/emulator/seed/assets";
import { createApi, createFunction, invokeUrl, request, result, RESULT_HANDLER } from "./harness";
import { useEmulator } from "../../support/emulator";

const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=";
const PNG = Buffer.from(PNG_B64, "base64");
const JPEG = makeJpeg();
const JPEG_B64 = JPEG.toString("base64");

const LISTS = {
  none: [],
  pngTest: ["image/png", "*/test"],
  pngAppJpg: ["image/png", "application/*", "image/jpg"],
  png: ["image/png"],
  webp: ["image/webp"],
  all: ["*/*"],
  image: ["image/*"],
  html: ["text/html"],
  octet: ["application/octet-stream"],
  octetImage: ["application/octet-stream", "image/*"],
  protobuf: ["application/x-protobuf"],
} as const;
type ListKey = keyof typeof LISTS;

const CHROME_TAB =
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
const CHROME_IMG = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
const FIREFOX_IMG = "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5";
const SAFARI_IMG =
  "image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5";

const h = useEmulator({ prefix: "bg-dataplane-" });
const apis = {} as Record<ListKey, string>;

beforeAll(async () => {
  const fn = await createFunction(h, "vectors", { "index.js": RESULT_HANDLER });
  for (const key of Object.keys(LISTS) as ListKey[]) {
    apis[key] = await createApi(
      h,
      `vectors-${key}`,
      [...LISTS[key]],
      [{ path: "/{proxy+}", method: "ANY", functionArn: fn }],
    );
  }
}, 60_000);

type Expect = "binary" | "text" | { status: number; body: string };
const png = (ct: string | null, isB64: boolean, body = PNG_B64) => ({
  statusCode: 200,
  ...(ct ? { headers: { "Content-Type": ct } } : {}),
  body,
  isBase64Encoded: isB64,
});

// [id, list, Accept, Lambda result, expected Content-Type, expected body]
const RESPONSE_VECTORS: [string, ListKey, string | null, unknown, string, Expect][] = [
  ["R1", "none", "image/png", png("image/png", true), "image/png", "text"],
  ["R2", "pngTest", "image/png", png("image/png", true), "image/png", "binary"],
  ["R3", "pngTest", "image/jpg", png("image/png", true), "image/png", "text"],
  ["R4", "pngTest", "image/*", png("image/png", true), "image/png", "text"],
  ["R5", "pngTest", "*/test", png("image/png", true), "image/png", "text"],
  ["R6", "pngTest", "random/test", png("image/png", true), "image/png", "text"],
  ["R7", "pngTest", "*/*", png("image/png", true), "image/png", "text"],
  ["R8", "pngTest", "image/webp,image/png,*/*;q=0.8", png("image/png", true), "image/png", "text"],
  ["R9", "pngTest", "image/png,image/*,*/*;q=0.8", png("image/png", true), "image/png", "binary"],
  ["R10", "pngTest", "image/png", png("image/png", false), "image/png", "text"],
  ["R11", "pngAppJpg", "application/whatever", png("application/test", true), "application/test", "binary"],
  ["R12", "pngAppJpg", "application/*", png("application/test", true), "application/test", "binary"],
  ["R13", "pngAppJpg", "image/jpg", png("image/png", true), "image/png", "binary"],
  ["R14", "pngAppJpg", "image/png", png("application/whatever", true), "application/whatever", "binary"],
  ["R15", "pngAppJpg", "image/png", png(null, true), "application/json", "binary"],
  ["R16", "pngAppJpg", "application", png(null, true), "application/json", "text"],
  [
    "R17",
    "pngAppJpg",
    "image/png",
    png(null, true, "èé+à)("),
    "application/json",
    { status: 500, body: '{"message": "Internal server error"}' },
  ],
  ["R18", "png", "image/png;q=0.8", png("image/png", true), "image/png", "binary"],
  [
    "R19",
    "png",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/png;q=0.8",
    png("image/png", true),
    "image/png",
    "text",
  ],
  [
    "R21",
    "all",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    png("image/png", true),
    "image/png",
    "binary",
  ],
  ["R22", "png", CHROME_IMG, png("image/png", true), "image/png", "text"],
  ["R23", "image", CHROME_IMG, png("image/png", true), "image/png", "binary"],
  [
    "R24",
    "html",
    "text/html,application/xhtml+xml,application/xml;q=0.9",
    png("image/png", true),
    "image/png",
    "binary",
  ],
  ["R25", "all", "*/*", png("image/png", true), "image/png", "binary"],
  ["R26", "png", "*/*", png("image/png", true), "image/png", "text"],
  [
    "R27",
    "none",
    "image/png",
    { isBase64Encoded: true, body: "dGVzdC1kYXRh" },
    "application/json",
    { status: 200, body: "dGVzdC1kYXRh" },
  ],
  [
    "R28",
    "png",
    "image/png",
    { statusCode: 200, wrongValue: "value" },
    "application/json",
    { status: 502, body: '{"message": "Internal server error"}' },
  ],
  ["R29", "png", "image/png", { statusCode: "201" }, "application/json", { status: 201, body: "" }],
  // Real browsers (docs/aws-binary-rules.md §1.5, §10): a tab sends text/html first, <img> sends image/avif or
  // image/webp first.
  ["Chrome tab, [image/png]", "png", CHROME_TAB, png("image/png", true), "image/png", "text"],
  ["Chrome tab, [*/*]", "all", CHROME_TAB, png("image/png", true), "image/png", "binary"],
  ["Firefox <img>, [image/png]", "png", FIREFOX_IMG, png("image/png", true), "image/png", "text"],
  ["Firefox <img>, [image/*]", "image", FIREFOX_IMG, png("image/png", true), "image/png", "binary"],
  ["Safari <img>, [image/webp]", "webp", SAFARI_IMG, png("image/png", true), "image/png", "binary"],
  ["no Accept, [*/*]", "all", null, png("image/png", true), "image/png", "text"],
];

describe("response vectors (docs/aws-binary-rules.md §11.2)", () => {
  it.each(RESPONSE_VECTORS)("%s", async (_id, list, accept, lambdaResult, contentType, expected) => {
    const headers: Record<string, string> = { "x-result": result(lambdaResult) };
    if (accept !== null) headers.Accept = accept;
    const res = await request(invokeUrl(h, apis[list], "prod", "/vector"), { headers });
    if (expected === "binary" || expected === "text") {
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe(contentType);
      expect(res.body.equals(expected === "binary" ? PNG : Buffer.from(PNG_B64))).toBe(true);
    } else {
      expect(res.status).toBe(expected.status);
      expect(res.headers["content-type"]).toBe(contentType);
      expect(res.body.toString("utf8")).toBe(expected.body);
    }
    expect(res.headers["content-length"]).toBe(String(res.body.length));
    expect(res.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers["x-amz-apigw-id"]).toBeTruthy();
    expect(res.headers["x-amzn-trace-id"]).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(res.headers.date).toBeTruthy();
  });

  it("R20: [image/webp] with <img>-style Accept decodes a JPEG", async () => {
    const res = await request(invokeUrl(h, apis.webp, "prod", "/photo"), {
      headers: {
        Accept: "image/webp,image/*,*/*;q=0.8",
        "x-result": result({
          statusCode: 200,
          headers: { "Content-Type": "image/jpeg" },
          body: JPEG_B64,
          isBase64Encoded: true,
        }),
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("image/jpeg");
    expect(res.body.equals(JPEG)).toBe(true);
  });

  it("writes multi-value headers as separate header lines and remaps Content-Length", async () => {
    const res = await request(invokeUrl(h, apis.png, "prod", "/h"), {
      headers: {
        Accept: "image/png",
        "x-result": result({
          statusCode: 200,
          multiValueHeaders: { "Set-Cookie": ["a=1", "b=2"] },
          headers: { "Content-Length": "999", "X-Solo": "yes" },
          body: "hi",
        }),
      },
    });
    expect(res.status).toBe(200);
    const cookies = res.rawHeaders.filter(
      (_, i) => i % 2 === 0 && res.rawHeaders[i].toLowerCase() === "set-cookie",
    ).length;
    expect(cookies).toBe(2);
    expect(res.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(res.headers["x-solo"]).toBe("yes");
    expect(res.headers["content-length"]).toBe("2");
    expect(res.body.toString()).toBe("hi");
  });
});

// [id, list, Content-Type, body bytes, expected event body, expected isBase64Encoded]
const REQUEST_VECTORS: [string, ListKey, string, Buffer, string, boolean][] = [
  ["Q2", "octet", "application/octet-stream", Buffer.from([0xff, 0xd8, 0xff]), "/9j/", true],
  ["Q3", "octetImage", "image/png", PNG, PNG_B64, true],
  ["Q4", "octetImage", "application/json", Buffer.from('{"a":1}'), '{"a":1}', false],
  ["Q5", "all", "application/json", Buffer.from('{"a":1}'), "eyJhIjoxfQ==", true],
  ["Q6", "none", "application/octet-stream", Buffer.from([0x1f, 0x8b, 0x08]), "\u001f\ufffd\b", false],
  ["Q7", "octet", "application/octet-stream; charset=binary", Buffer.from([0x00, 0x01]), "AAE=", true],
  ["Q8", "protobuf", "application/x-protobuf", Buffer.from([0x08, 0x96, 0x01]), "CJYB", true],
];

describe("request vectors (docs/aws-binary-rules.md §11.2)", () => {
  it("Q1: GET without body → body null, isBase64Encoded false", async () => {
    const res = await request(invokeUrl(h, apis.all, "prod", "/x"), { headers: { Accept: "application/json" } });
    expect(res.status).toBe(200);
    const event = JSON.parse(res.body.toString());
    expect(event.body).toBeNull();
    expect(event.isBase64Encoded).toBe(false);
  });

  it.each(REQUEST_VECTORS)("%s", async (_id, list, ct, body, eventBody, isB64) => {
    const res = await request(invokeUrl(h, apis[list], "prod", "/upload"), {
      method: "POST",
      headers: { "Content-Type": ct, Accept: "application/json" },
      body,
    });
    expect(res.status).toBe(200);
    const event = JSON.parse(res.body.toString());
    expect(event.body).toBe(eventBody);
    expect(event.isBase64Encoded).toBe(isB64);
    expect(event.httpMethod).toBe("POST");
  });
});

describe("the event over HTTP ([V6])", () => {
  it("carries path, stage path, params, query, case-kept headers and request context", async () => {
    const res = await request(
      `${invokeUrl(h, apis.none, "prod", "/a/b%20c/")}?x=1&x=2&e=test%2Balias%40gmail.com&p=a+b`,
      {
        headers: { Accept: "application/json", "tEsT-HEADeR": "aValUE", "User-Agent": "vitest/1" },
      },
    );
    expect(res.status).toBe(200);
    const e = JSON.parse(res.body.toString());
    expect(e.resource).toBe("/{proxy+}");
    expect(e.path).toBe("/a/b c/");
    expect(e.pathParameters).toEqual({ proxy: "a/b c" });
    expect(e.queryStringParameters).toEqual({ x: "2", e: "test+alias@gmail.com", p: "a b" });
    expect(e.multiValueQueryStringParameters).toEqual({ x: ["1", "2"], e: ["test+alias@gmail.com"], p: ["a b"] });
    expect(e.headers["tEsT-HEADeR"]).toBe("aValUE");
    expect(e.multiValueHeaders["tEsT-HEADeR"]).toEqual(["aValUE"]);
    expect(e.stageVariables).toBeNull();
    const rc = e.requestContext;
    expect(rc).toMatchObject({
      accountId: h.account,
      apiId: apis.none,
      domainPrefix: apis.none,
      httpMethod: "GET",
      path: "/prod/a/b c/",
      protocol: "HTTP/1.1",
      resourcePath: "/{proxy+}",
      stage: "prod",
      identity: {
        sourceIp: "127.0.0.1",
        userAgent: "vitest/1",
        accessKey: null,
        user: null,
        userArn: null,
        caller: null,
      },
    });
    expect(rc.requestId).toBe(res.headers["x-amzn-requestid"]);
    expect(rc.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(rc.requestTimeEpoch - Date.now())).toBeLessThan(60_000);
  });

  it("carries the stage's variables and name (stageVariables null when none, above)", async () => {
    await h.apigw.send(
      new CreateDeploymentCommand({ restApiId: apis.none, stageName: "beta", variables: { color: "blue" } }),
    );
    const res = await request(invokeUrl(h, apis.none, "beta", "/x"), { headers: { Accept: "application/json" } });
    expect(res.status).toBe(200);
    const e = JSON.parse(res.body.toString());
    expect(e.stageVariables).toEqual({ color: "blue" });
    expect(e.requestContext.stage).toBe("beta");
    expect(e.requestContext.path).toBe("/beta/x");
  });
});
