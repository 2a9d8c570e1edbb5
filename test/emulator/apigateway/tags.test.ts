// Tags on REST APIs and stages through the real @aws-sdk/client-api-gateway (AWS's tagging rules, docs/real-world-failures.md §2.3).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateDeploymentCommand,
  CreateStageCommand,
  CreateRestApiCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetTagsCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type APIGatewayClient,
} from "@aws-sdk/client-api-gateway";
import { resolveTagOperation } from "@/lib/emulator/apigateway/tags";
import { apigw, errorOf, freshEmulator } from "../core/helpers";

let emu: Awaited<ReturnType<typeof freshEmulator>>;
let client: APIGatewayClient;
const arnOf = (id: string, region = "us-east-1") => `arn:aws:apigateway:${region}::/restapis/${id}`;
const RESERVED = "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)";

beforeAll(async () => {
  emu = await freshEmulator();
  client = apigw(emu.url);
});
afterAll(async () => {
  await emu?.dispose();
});

async function newApi(tags?: Record<string, string>): Promise<string> {
  const api = await client.send(
    new CreateRestApiCommand({ name: `tags-${Math.random().toString(36).slice(2)}`, tags }),
  );
  return api.id!;
}

describe("tags on REST APIs", () => {
  it("CreateRestApi keeps its tags; GetRestApi, GetRestApis and GetTags return them", async () => {
    const id = await newApi({ team: "media", "managed-by": "terraform" });
    expect((await client.send(new GetRestApiCommand({ restApiId: id }))).tags).toEqual({
      team: "media",
      "managed-by": "terraform",
    });
    const listed = (await client.send(new GetRestApisCommand({ limit: 500 }))).items!.find((a) => a.id === id);
    expect(listed?.tags).toEqual({ team: "media", "managed-by": "terraform" });
    expect((await client.send(new GetTagsCommand({ resourceArn: arnOf(id) }))).tags).toEqual({
      team: "media",
      "managed-by": "terraform",
    });
  });

  it("TagResource merges (204), UntagResource removes, missing keys are a no-op", async () => {
    const id = await newApi({ a: "1" });
    const put = await client.send(new TagResourceCommand({ resourceArn: arnOf(id), tags: { a: "2", b: "" } }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    expect((await client.send(new GetTagsCommand({ resourceArn: arnOf(id) }))).tags).toEqual({ a: "2", b: "" });
    const del = await client.send(new UntagResourceCommand({ resourceArn: arnOf(id), tagKeys: ["a", "never-set"] }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    expect((await client.send(new GetRestApiCommand({ restApiId: id }))).tags).toEqual({ b: "" });
  });

  it("a fresh API has no tags member, GetTags answers an empty map", async () => {
    const id = await newApi();
    expect((await client.send(new GetRestApiCommand({ restApiId: id }))).tags).toBeUndefined();
    expect((await client.send(new GetTagsCommand({ resourceArn: arnOf(id) }))).tags).toEqual({});
  });

  it.each([["aws:cloudformation:stack-name"], ["AWS:x"], ["Aws:y"]])(
    "refuses the reserved key %s with AWS's message",
    async (key) => {
      const id = await newApi();
      const e1 = await errorOf(() =>
        client.send(new TagResourceCommand({ resourceArn: arnOf(id), tags: { [key]: "v" } })),
      );
      expect([e1.name, e1.message, e1.$metadata?.httpStatusCode]).toEqual(["BadRequestException", RESERVED, 400]);
      const e2 = await errorOf(() => client.send(new CreateRestApiCommand({ name: "reserved", tags: { [key]: "v" } })));
      expect([e2.name, e2.message]).toEqual(["BadRequestException", RESERVED]);
      const e3 = await errorOf(() => client.send(new UntagResourceCommand({ resourceArn: arnOf(id), tagKeys: [key] })));
      expect([e3.name, e3.message]).toEqual(["BadRequestException", RESERVED]);
    },
  );

  it("enforces AWS's limits: 50 tags, keys 1-128, values 0-256 characters", async () => {
    const id = await newApi();
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    await client.send(new TagResourceCommand({ resourceArn: arnOf(id), tags: fifty }));
    const more = await errorOf(() =>
      client.send(new TagResourceCommand({ resourceArn: arnOf(id), tags: { k50: "v" } })),
    );
    expect([more.name, more.message]).toEqual(["BadRequestException", expect.stringContaining("at most 50 tags")]);
    // Re-setting an existing key at the limit is allowed: the count is of the resulting set.
    await client.send(new TagResourceCommand({ resourceArn: arnOf(id), tags: { k0: "w" } }));
    const create51 = await errorOf(() =>
      client.send(new CreateRestApiCommand({ name: "many", tags: { ...fifty, k50: "v" } })),
    );
    expect(create51.message).toContain("at most 50 tags");
    const longKey = await errorOf(() =>
      client.send(new TagResourceCommand({ resourceArn: arnOf(id), tags: { ["k".repeat(129)]: "v" } })),
    );
    expect([longKey.name, longKey.message]).toEqual([
      "BadRequestException",
      expect.stringContaining("1 to 128 characters"),
    ]);
    const longValue = await errorOf(() =>
      client.send(new CreateRestApiCommand({ name: "v", tags: { k: "v".repeat(257) } })),
    );
    expect(longValue.message).toContain("at most 256 characters");
    await client.send(new CreateRestApiCommand({ name: "edge", tags: { ["k".repeat(128)]: "v".repeat(256) } }));
  });

  it("tags a stage by its ARN without touching the API's tags", async () => {
    const api = await client.send(new CreateRestApiCommand({ name: "staged", tags: { api: "yes" } }));
    await client.send(
      new PutMethodCommand({
        restApiId: api.id!,
        resourceId: api.rootResourceId!,
        httpMethod: "GET",
        authorizationType: "NONE",
      }),
    );
    await client.send(
      new PutIntegrationCommand({
        restApiId: api.id!,
        resourceId: api.rootResourceId!,
        httpMethod: "GET",
        type: "MOCK",
      }),
    );
    await client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: "prod" }));
    const stageArn = `${arnOf(api.id!)}/stages/prod`;
    await client.send(new TagResourceCommand({ resourceArn: stageArn, tags: { stage: "prod" } }));
    expect((await client.send(new GetTagsCommand({ resourceArn: stageArn }))).tags).toEqual({ stage: "prod" });
    expect((await client.send(new GetTagsCommand({ resourceArn: arnOf(api.id!) }))).tags).toEqual({ api: "yes" });
  });

  it("answers 404 for an unknown API and 400 for a malformed or other-region ARN", async () => {
    const nf = await errorOf(() => client.send(new GetTagsCommand({ resourceArn: arnOf("nosuchapi1") })));
    expect([nf.name, nf.$metadata?.httpStatusCode]).toEqual(["NotFoundException", 404]);
    const bad = await errorOf(() =>
      client.send(new GetTagsCommand({ resourceArn: "arn:aws:lambda:us-east-1:000000000000:function:f" })),
    );
    expect([bad.name, bad.$metadata?.httpStatusCode]).toEqual(["BadRequestException", 400]);
    const id = await newApi();
    const other = await errorOf(() => client.send(new GetTagsCommand({ resourceArn: arnOf(id, "eu-west-1") })));
    expect(other.message).toContain("not this endpoint's region");
  });

  it("routes an ARN whose slashes a client left unescaped to the tags operations (never GetRestApi)", () => {
    const raw = resolveTagOperation("GET", "/tags/arn:aws:apigateway:us-east-1::/restapis/abc");
    expect([raw?.operation, raw?.params]).toEqual(["GetTags", ["arn:aws:apigateway:us-east-1::/restapis/abc"]]);
    const encoded = resolveTagOperation(
      "DELETE",
      `/prefix/tags/${encodeURIComponent("arn:aws:apigateway:us-east-1::/restapis/abc")}`,
    );
    expect([encoded?.operation, encoded?.params]).toEqual([
      "UntagResource",
      ["arn:aws:apigateway:us-east-1::/restapis/abc"],
    ]);
    expect(resolveTagOperation("GET", "/restapis/abc/stages/tags")).toBeNull();
  });
});

describe("tags on CreateStage", () => {
  it("refuses a reserved key with AWS's message", async () => {
    const api = await client.send(new CreateRestApiCommand({ name: "stage-tags" }));
    await client.send(
      new PutMethodCommand({
        restApiId: api.id!,
        resourceId: api.rootResourceId!,
        httpMethod: "GET",
        authorizationType: "NONE",
      }),
    );
    await client.send(
      new PutIntegrationCommand({
        restApiId: api.id!,
        resourceId: api.rootResourceId!,
        httpMethod: "GET",
        type: "MOCK",
      }),
    );
    const dep = await client.send(new CreateDeploymentCommand({ restApiId: api.id! }));
    const e = await errorOf(() =>
      client.send(
        new CreateStageCommand({
          restApiId: api.id!,
          stageName: "beta",
          deploymentId: dep.id!,
          tags: { "aws:x": "y" },
        }),
      ),
    );
    expect([e.name, e.message]).toEqual(["BadRequestException", RESERVED]);
  });
});
