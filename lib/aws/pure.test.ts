import { describe, expect, it } from "vitest";
import { parseLambdaUri, parseStageExport } from "./apigateway";
import { createDeploymentCommand, updateRestApiCommand } from "./cli-commands";
import { hasDrift, mediaTypeDrift } from "./drift";
import { AddBinaryMediaTypeInputSchema, ApiListQuerySchema, RedeployStageInputSchema } from "./inputs";

describe("mediaTypeDrift", () => {
  it.each([
    { current: ["image/png"], deployed: [], added: ["image/png"], removed: [] },
    { current: [], deployed: ["image/png"], added: [], removed: ["image/png"] },
    {
      current: ["image/*", "application/pdf"],
      deployed: ["application/pdf", "text/html"],
      added: ["image/*"],
      removed: ["text/html"],
    },
    { current: ["Image/PNG"], deployed: ["image/png"], added: [], removed: [] },
  ])("$current vs deployed $deployed", ({ current, deployed, added, removed }) => {
    const d = mediaTypeDrift(current, deployed);
    expect(d).toEqual({ added, removed });
    expect(hasDrift(d)).toBe(added.length + removed.length > 0);
  });
});

describe("AWS CLI equivalents (docs/aws-binary-rules.md §6.1 ~1 escaping)", () => {
  it("escapes / as ~1 in the patch path", () => {
    expect(updateRestApiCommand("add", "abc123defg", "image/png", { region: "eu-west-1" })).toBe(
      "aws apigateway update-rest-api --rest-api-id abc123defg --patch-operations op=add,path=/binaryMediaTypes/image~1png --region eu-west-1",
    );
    expect(
      updateRestApiCommand("remove", "abc123defg", "*/*", {
        region: "us-east-1",
        endpointUrl: "http://127.0.0.1:4599",
      }),
    ).toBe(
      "aws apigateway update-rest-api --rest-api-id abc123defg --patch-operations 'op=remove,path=/binaryMediaTypes/*~1*' --region us-east-1 --endpoint-url http://127.0.0.1:4599",
    );
  });
  it("redeploy", () => {
    expect(
      createDeploymentCommand("abc123defg", "prod", {
        region: "us-east-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      }),
    ).toBe(
      "AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws apigateway create-deployment --rest-api-id abc123defg --stage-name prod --region us-east-1",
    );
  });
});

describe("parseLambdaUri (docs/aws-binary-rules.md §6 integration uri)", () => {
  it.each([
    [
      "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:SimpleLambda4ProxyResource/invocations",
      "SimpleLambda4ProxyResource",
    ],
    [
      "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:000000000000:function:img:live/invocations",
      "img",
    ],
  ])("%s", (uri, name) => {
    expect(parseLambdaUri(uri)?.functionName).toBe(name);
  });
  it("ignores non-Lambda uris", () => {
    expect(parseLambdaUri("https://example.com/x")).toBeNull();
    expect(parseLambdaUri(undefined)).toBeNull();
  });
});

describe("parseStageExport (docs/aws-binary-rules.md §6.2)", () => {
  it("reads the top-level binary media types and the routes", () => {
    const doc = {
      openapi: "3.0.1",
      "x-amazon-apigateway-binary-media-types": ["image/png", "image/jpg"],
      paths: {
        "/img": { get: {}, options: {} },
        "/{proxy+}": { "x-amazon-apigateway-any-method": {} },
        "/": { parameters: [] },
      },
    };
    expect(parseStageExport(doc)).toEqual({
      binaryMediaTypes: ["image/png", "image/jpg"],
      routes: [
        { path: "/", methods: [] },
        { path: "/img", methods: ["GET", "OPTIONS"] },
        { path: "/{proxy+}", methods: ["ANY"] },
      ],
    });
  });
  it("an export without the extension has no binary media types; garbage is null", () => {
    expect(parseStageExport({ paths: {} })).toEqual({ binaryMediaTypes: [], routes: [] });
    expect(parseStageExport("nope")).toBeNull();
  });
});

describe("input schemas", () => {
  it("canonicalises a valid media type and rejects bad ones with lib/binary's message", () => {
    const ok = AddBinaryMediaTypeInputSchema.safeParse({
      region: "us-east-1",
      apiId: "abc123defg",
      mediaType: "  Image/PNG ",
    });
    expect(ok.success && ok.data.mediaType).toBe("image/png");
    const bad = AddBinaryMediaTypeInputSchema.safeParse({
      region: "us-east-1",
      apiId: "abc123defg",
      mediaType: "image png",
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(["mediaType"]);
  });
  it("rejects unknown regions, malformed ids and stage names", () => {
    expect(
      AddBinaryMediaTypeInputSchema.safeParse({ region: "mars-1", apiId: "abc123defg", mediaType: "image/png" })
        .success,
    ).toBe(false);
    expect(
      AddBinaryMediaTypeInputSchema.safeParse({ region: "us-east-1", apiId: "../etc", mediaType: "image/png" }).success,
    ).toBe(false);
    expect(
      RedeployStageInputSchema.safeParse({ region: "us-east-1", apiId: "abc123defg", stageName: "pr od" }).success,
    ).toBe(false);
  });
  it.each([
    ["CR", "fix\rInjected: line"],
    ["LF", "fix\nInjected: line"],
    ["a trailing LF", "fix\n"],
    ["NUL", "fix\u0000tail"],
  ])("refuses a redeploy description containing %s, naming the field", (_label, description) => {
    const r = RedeployStageInputSchema.safeParse({
      region: "us-east-1",
      apiId: "abc123defg",
      stageName: "prod",
      description,
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["description"]);
    expect(r.error?.issues[0].message).toBe(
      "The description must be a single line: line breaks (CR, LF) and NUL characters are not allowed",
    );
  });
  it("keeps a one-line redeploy description, trimmed", () => {
    const r = RedeployStageInputSchema.parse({
      region: "us-east-1",
      apiId: "abc123defg",
      stageName: "prod",
      description: "  a\tb  ",
    });
    expect(r.description).toBe("a\tb");
  });
  it("parses the list URL: bad page and q fall back, a bad region fails", () => {
    expect(ApiListQuerySchema.parse({ region: "eu-west-1", q: ["img", "x"], page: "abc" })).toEqual({
      region: "eu-west-1",
      q: "img",
      page: 1,
    });
    expect(ApiListQuerySchema.parse({})).toEqual({ region: undefined, q: "", page: 1 });
    expect(ApiListQuerySchema.safeParse({ region: "evil.example" }).success).toBe(false);
  });
});
