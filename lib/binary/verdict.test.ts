import { describe, expect, it } from "vitest";
import { lambdaResultToResponse } from "./index";
import {
  computeVerdict,
  countReplacementChars,
  predictDelivery,
  typesThatWouldMatch,
  type FixSuggestion,
  type VerdictKind,
} from "./verdict";

// Verdicts from docs/aws-binary-rules.md §11.2 response vectors: the bytes a client receives are produced by
// lib/binary's own conversion (the rule), then judged by computeVerdict, which must name the right cause and fixes.

const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=";
const PNG = Uint8Array.from(Buffer.from(PNG_B64, "base64"));
const CHROME_IMG = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
const TAB = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

function received(types: string[], accept: string | null, ct: string | null, isB64: boolean, body: string) {
  const result: Record<string, unknown> = { statusCode: 200, body, isBase64Encoded: isB64 };
  if (ct) result.headers = { "Content-Type": ct };
  const r = lambdaResultToResponse(result, accept, types);
  return {
    status: r.statusCode,
    contentType: r.headers["content-type"]?.[0] ?? r.headers["Content-Type"]?.[0] ?? null,
    body: r.body,
  };
}

function verdictFor(
  types: string[],
  accept: string | null,
  ct: string | null,
  isB64: boolean,
  body: string,
  current: string[] | null = types,
) {
  const r = received(types, accept, ct, isB64, body);
  return computeVerdict({
    deployedBinaryMediaTypes: types,
    currentBinaryMediaTypes: current,
    accept,
    status: r.status,
    contentType: r.contentType,
    body: r.body,
    stage: "prod",
  });
}

const fixKeys = (fixes: FixSuggestion[]) =>
  fixes.map((f) =>
    f.kind === "add-type" ? `add ${f.mediaType}` : f.kind === "send-accept" ? `accept ${f.accept}` : f.kind,
  );

describe("computeVerdict on docs/aws-binary-rules.md §11.2 vectors", () => {
  const T2 = ["image/png", "*/test"];
  const T11 = ["image/png", "application/*", "image/jpg"];
  it.each<[string, string[], string | null, string | null, boolean, string, VerdictKind, string, string[]]>([
    [
      "R1",
      [],
      "image/png",
      "image/png",
      true,
      PNG_B64,
      "base64-of-binary",
      "the first Accept value `image/png` matches no binary media type: the stage's deployment lists none",
      ["add image/*", "add image/png", "add */*", "redeploy"],
    ],
    [
      "R2",
      T2,
      "image/png",
      "image/png",
      true,
      PNG_B64,
      "binary",
      "matches the deployed binary media type `image/png`",
      [],
    ],
    [
      "R3",
      T2,
      "image/jpg",
      "image/png",
      true,
      PNG_B64,
      "base64-of-binary",
      "the first Accept value `image/jpg` matches none of the deployed binary media types [`image/png`, `*/test`]",
      ["add image/*", "add image/jpg", "add */*", "redeploy", "accept image/png"],
    ],
    [
      "R4",
      T2,
      "image/*",
      "image/png",
      true,
      PNG_B64,
      "base64-of-binary",
      "`image/*` matches none",
      ["add image/*", "add */*", "redeploy", "accept image/png"],
    ],
    [
      "R5",
      T2,
      "*/test",
      "image/png",
      true,
      PNG_B64,
      "base64-of-binary",
      "`*/test` matches none",
      ["add */*", "redeploy", "accept image/png"],
    ],
    [
      "R7",
      T2,
      "*/*",
      "image/png",
      true,
      PNG_B64,
      "base64-of-binary",
      "`*/*` matches none",
      ["add */*", "redeploy", "accept image/png"],
    ],
    [
      "R8",
      T2,
      "image/webp,image/png,*/*;q=0.8",
      "image/png",
      true,
      PNG_B64,
      "base64-of-binary",
      "`image/webp` matches none",
      ["add image/*", "add image/webp", "add */*", "redeploy", "accept image/png"],
    ],
    [
      "R9",
      T2,
      "image/png,image/*,*/*;q=0.8",
      "image/png",
      true,
      PNG_B64,
      "binary",
      "`image/png` matches the deployed binary media type `image/png`",
      [],
    ],
    [
      "R10",
      T2,
      "image/png",
      "image/png",
      false,
      PNG_B64,
      "base64-of-binary",
      "isBase64Encoded false or missing",
      ["set-isBase64Encoded"],
    ],
    [
      "R11",
      T11,
      "application/whatever",
      "application/test",
      true,
      PNG_B64,
      "binary",
      "matches the deployed binary media type `application/*`",
      [],
    ],
    [
      "R13",
      T11,
      "image/jpg",
      "image/png",
      true,
      PNG_B64,
      "binary",
      "`image/jpg` matches the deployed binary media type `image/jpg`",
      [],
    ],
    [
      "R16",
      T11,
      "application",
      null,
      true,
      PNG_B64,
      "base64-of-binary",
      "`application` matches none",
      ["accept image/png"],
    ],
    [
      "R17",
      T11,
      "image/png",
      null,
      true,
      "èé+à)(",
      "text",
      'API Gateway answered 500 `{"message":"Internal server error"}`.',
      [],
    ],
    [
      "R18",
      ["image/png"],
      "image/png;q=0.8",
      "image/png",
      true,
      PNG_B64,
      "binary",
      "matches the deployed binary media type `image/png`",
      [],
    ],
    [
      "R19",
      ["image/png"],
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/png;q=0.8",
      "image/png",
      true,
      PNG_B64,
      "base64-of-binary",
      "the first Accept value `text/html` matches none of the deployed binary media types [`image/png`]",
      ["add text/html", "add text/*", "add */*", "redeploy", "accept image/png"],
    ],
    ["R21", ["*/*"], TAB, "image/png", true, PNG_B64, "binary", "matches the deployed binary media type `*/*`", []],
    [
      "R22",
      ["image/png"],
      CHROME_IMG,
      "image/png",
      true,
      PNG_B64,
      "base64-of-binary",
      "the first Accept value `image/avif` matches none of the deployed binary media types [`image/png`]",
      ["add image/*", "add image/avif", "add */*", "redeploy", "accept image/png"],
    ],
    [
      "R23",
      ["image/*"],
      CHROME_IMG,
      "image/png",
      true,
      PNG_B64,
      "binary",
      "`image/avif` matches the deployed binary media type `image/*`",
      [],
    ],
    [
      "R24",
      ["text/html"],
      TAB,
      "image/png",
      true,
      PNG_B64,
      "binary",
      "`text/html` matches the deployed binary media type `text/html`",
      [],
    ],
    [
      "R25",
      ["*/*"],
      "*/*",
      "image/png",
      true,
      PNG_B64,
      "binary",
      "`*/*` matches the deployed binary media type `*/*`",
      [],
    ],
    [
      "R26",
      ["image/png"],
      "*/*",
      "image/png",
      true,
      PNG_B64,
      "base64-of-binary",
      "`*/*` matches none",
      ["add */*", "redeploy", "accept image/png"],
    ],
    ["R27", [], "image/png", null, true, "dGVzdC1kYXRh", "text", "The body is text (`application/json`)", []],
  ])("%s", (_id, types, accept, ct, isB64, body, kind, reason, fixes) => {
    const v = verdictFor(types, accept, ct, isB64, body);
    expect(v.kind).toBe(kind);
    expect(v.reasons.join(" ")).toContain(reason);
    expect(fixKeys(v.fixes)).toEqual(fixes);
    if (kind === "base64-of-binary") {
      expect(Array.from(v.decoded!)).toEqual(Array.from(PNG));
      expect(v.format?.id).toBe("png");
    } else expect(v.decoded).toBeNull();
  });

  it("R28: a malformed Lambda result is reported as API Gateway's 502", () => {
    const r = lambdaResultToResponse({ statusCode: 200, wrongValue: "value" }, "image/png", ["image/png"]);
    const v = computeVerdict({
      deployedBinaryMediaTypes: ["image/png"],
      currentBinaryMediaTypes: null,
      accept: "image/png",
      status: r.statusCode,
      contentType: "application/json",
      body: r.body,
      stage: "prod",
    });
    expect(r.statusCode).toBe(502);
    expect(v.kind).toBe("text");
    expect(v.reasons[1]).toBe(
      "A 502 means the Lambda failed or returned a result API Gateway cannot read (bad shape, or over 6 MB).",
    );
  });

  it("R17: the 500 is explained by the matching Accept and bad base64", () => {
    const v = verdictFor(T11, "image/png", null, true, "èé+à)(");
    expect(v.reasons[1]).toContain("the Lambda set isBase64Encoded: true with a body that is not valid base64");
  });

  it("side effects are stated for each added type", () => {
    const v = verdictFor(["image/png"], TAB, "image/png", true, PNG_B64);
    const adds = v.fixes.filter((f): f is Extract<FixSuggestion, { kind: "add-type" }> => f.kind === "add-type");
    expect(adds.find((f) => f.mediaType === "*/*")!.sideEffect).toContain(
      "every request body (JSON included) then reaches the Lambda base64-encoded",
    );
    expect(adds.find((f) => f.mediaType === "text/html")!.sideEffect).toBe(
      "only request bodies sent as `text/html` change: they then reach the Lambda base64-encoded",
    );
  });
});

describe("computeVerdict: other causes", () => {
  it("types changed but the stage was not redeployed", () => {
    const v = verdictFor(["image/png"], TAB, "image/png", true, PNG_B64, ["image/png", "text/html"]);
    expect(v.kind).toBe("base64-of-binary");
    expect(v.currentMatch).toBe("text/html");
    expect(v.reasons[1]).toBe(
      "The API's current types would match (`text/html`), but stage `prod` was not redeployed after they changed.",
    );
    expect(fixKeys(v.fixes)).toEqual(["redeploy", "accept image/png"]);
    expect((v.fixes[0] as Extract<FixSuggestion, { kind: "redeploy" }>).why).toContain("already include `text/html`");
  });

  it("raw bytes returned as a string are mangled as UTF-8 (U+FFFD)", () => {
    const mangled = Buffer.from(PNG).toString("utf8");
    const v = verdictFor(["image/png"], "image/png", "image/png", false, mangled);
    expect(v.kind).toBe("text");
    expect(v.replacementChars).toBeGreaterThan(0);
    expect(v.reasons[0]).toMatch(
      /^The body holds \d+ U\+FFFD replacement sequences?: the Lambda returned raw bytes as a string without base64/,
    );
    expect(fixKeys(v.fixes)).toEqual(["set-isBase64Encoded"]);
  });

  it("no Accept at all: nothing matches, and the client is told to send one", () => {
    const v = verdictFor(["image/png", "*/*"], null, "image/png", true, PNG_B64);
    expect(v.kind).toBe("base64-of-binary");
    expect(v.reasons[0]).toContain("no usable Accept value");
    expect(v.reasons).toContain(
      "Without a first Accept value nothing matches, not even `*/*`: send an explicit Accept.",
    );
    expect(fixKeys(v.fixes)).toEqual(["accept image/png"]);
  });

  it("binary bytes with the Accept matching nothing: says the target does not follow REST proxy rules", () => {
    const v = computeVerdict({
      deployedBinaryMediaTypes: [],
      currentBinaryMediaTypes: [],
      accept: "*/*",
      status: 200,
      contentType: "image/png",
      body: PNG,
      stage: "prod",
    });
    expect(v.kind).toBe("binary");
    expect(v.reasons[0]).toContain("does not apply REST API proxy rules here");
  });

  it("warns when the bytes and the Content-Type disagree", () => {
    const v = computeVerdict({
      deployedBinaryMediaTypes: ["image/png"],
      currentBinaryMediaTypes: null,
      accept: "image/png",
      status: 200,
      contentType: "image/jpeg",
      body: PNG,
      stage: "prod",
    });
    expect(v.contentTypeWarning).toBe(
      "the bytes look like PNG image (`image/png`) but the Content-Type says `image/jpeg`",
    );
  });

  it("SVG is text, not a binary verdict", () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>');
    const v = computeVerdict({
      deployedBinaryMediaTypes: [],
      currentBinaryMediaTypes: [],
      accept: "*/*",
      status: 200,
      contentType: "image/svg+xml",
      body: svg,
      stage: "prod",
    });
    expect(v.kind).toBe("text");
    expect(v.reasons[0]).toBe(
      "The body is SVG image markup (text), which displays the same whether or not API Gateway decoded it.",
    );
  });

  it("a redirect is reported", () => {
    const v = computeVerdict({
      deployedBinaryMediaTypes: [],
      currentBinaryMediaTypes: [],
      accept: "*/*",
      status: 302,
      contentType: null,
      body: new Uint8Array(),
      stage: "prod",
    });
    expect(v.reasons[0]).toBe("The stage answered a 302 redirect, which the preview reports and does not follow.");
  });
});

describe("helpers", () => {
  it("countReplacementChars counts EF BF BD sequences", () => {
    expect(countReplacementChars(new Uint8Array([0x41, 0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd, 0xef, 0xbf]))).toBe(2);
    expect(countReplacementChars(new Uint8Array([0xef, 0xbf]))).toBe(0);
  });

  it.each([
    ["text/html", ["text/html", "text/*", "*/*"]],
    ["image/*", ["image/*", "*/*"]],
    ["image/jxl", ["image/*", "image/jxl", "*/*"]],
    ["*/*", ["*/*"]],
    ["*/test", ["*/*"]],
    ["application", []],
    [null, []],
  ])("typesThatWouldMatch(%j)", (key, expected) => {
    expect(typesThatWouldMatch(key)).toEqual(expected);
  });

  it.each([
    [TAB, ["image/png"], "base64-of-binary", null],
    [CHROME_IMG, ["image/*"], "binary", "image/*"],
    ["image/png", ["image/png"], "binary", "image/png"],
    ["*/*", ["image/png"], "base64-of-binary", null],
  ])("predictDelivery(%j, %j)", (accept, types, kind, match) => {
    expect(predictDelivery(accept, types)).toMatchObject({ kind, match });
  });
});
