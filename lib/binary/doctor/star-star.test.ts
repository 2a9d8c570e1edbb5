import { describe, expect, it } from "vitest";
import { brokenPreflights, checkStarStar, type MethodIntegrationInfo, mockRejectsRequest } from "./star-star";

const m = (
  httpMethod: string,
  integrationType: string,
  contentHandling?: string,
  resourcePath = "/files",
): MethodIntegrationInfo => ({ resourcePath, resourceId: "r1", httpMethod, integrationType, contentHandling });

describe("the */* check (docs/real-world-failures.md §P4; vectors R32, R33)", () => {
  it.each<[string, string[], MethodIntegrationInfo[], string[]]>([
    ["R32: */* and a MOCK OPTIONS without contentHandling", ["*/*"], [m("OPTIONS", "MOCK")], ["/files"]],
    ["R33: the same with CONVERT_TO_TEXT", ["*/*"], [m("OPTIONS", "MOCK", "CONVERT_TO_TEXT")], []],
    ["CONVERT_TO_BINARY does not fix it", ["*/*"], [m("OPTIONS", "MOCK", "CONVERT_TO_BINARY")], ["/files"]],
    ["*/* stored with odd case and spaces", [" */* "], [m("OPTIONS", "MOCK")], ["/files"]],
    ["no */*: image/* leaves preflights alone", ["image/*", "application/json"], [m("OPTIONS", "MOCK")], []],
    ["no binary types at all", [], [m("OPTIONS", "MOCK")], []],
    ["OPTIONS through a proxy is not MOCK", ["*/*"], [m("OPTIONS", "AWS_PROXY")], []],
    ["a MOCK GET is not a preflight", ["*/*"], [m("GET", "MOCK")], []],
    ["lower-case method and type", ["*/*"], [m("options", "mock")], ["/files"]],
    [
      "only the broken ones, in order",
      ["*/*"],
      [
        m("OPTIONS", "MOCK", undefined, "/a"),
        m("OPTIONS", "MOCK", "CONVERT_TO_TEXT", "/b"),
        m("OPTIONS", "MOCK", undefined, "/c"),
      ],
      ["/a", "/c"],
    ],
  ])("%s → %j", (_name, types, methods, want) => {
    expect(brokenPreflights(types, methods).map((b) => b.resourcePath)).toEqual(want);
  });

  it("gives the UpdateIntegration patch for each broken preflight", () => {
    expect(brokenPreflights(["*/*"], [m("OPTIONS", "MOCK")])).toEqual([
      {
        resourcePath: "/files",
        resourceId: "r1",
        httpMethod: "OPTIONS",
        patchOperations: [{ op: "replace", path: "/contentHandling", value: "CONVERT_TO_TEXT" }],
      },
    ]);
  });

  it.each([
    [null, ["*/*"], undefined, true],
    [null, ["*/*"], "CONVERT_TO_TEXT", false],
    ["application/json", ["*/*"], undefined, true],
    ["application/json", ["image/png"], undefined, false],
    ["image/png", ["image/png"], undefined, true],
    [null, ["image/png"], undefined, false],
  ])("a MOCK integration with Content-Type %s, types %j, contentHandling %s rejects: %s", (ct, types, ch, want) => {
    expect(mockRejectsRequest(ct, types, ch)).toBe(want);
  });

  describe("checkStarStar", () => {
    it("fails, names the methods and the fix, and warns about JSON bodies", () => {
      const out = checkStarStar(["*/*"], [m("OPTIONS", "MOCK"), m("POST", "AWS_PROXY")]);
      expect(out.map((f) => [f.id, f.layer, f.status])).toEqual([
        ["apigateway.star-star-preflight", "apigateway", "failed"],
        ["apigateway.star-star-request-bodies", "apigateway", "not-checked"],
      ]);
      expect(out[0].cause).toContain("OPTIONS /files answers 500 without CORS headers");
      expect(out[0].fix).toContain("CONVERT_TO_TEXT on OPTIONS /files");
      expect(out[0].fix).toContain("then redeploy");
      expect(out[1].cause).toContain("reaches the Lambda base64-encoded");
    });

    it("passes when every preflight converts to text", () => {
      const out = checkStarStar(["*/*"], [m("OPTIONS", "MOCK", "CONVERT_TO_TEXT")]);
      expect(out).toEqual([expect.objectContaining({ id: "apigateway.star-star-preflight", status: "passed" })]);
    });

    it("passes without */*", () => {
      const out = checkStarStar(["image/png"], [m("OPTIONS", "MOCK"), m("POST", "AWS_PROXY")]);
      expect(out.map((f) => f.status)).toEqual(["passed"]);
    });
  });
});
