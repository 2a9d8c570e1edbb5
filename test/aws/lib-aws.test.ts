import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import {
  addBinaryMediaType,
  createDeployment,
  getDeployedStageConfig,
  getRestApi,
  getTargetInfo,
  listAllRestApis,
  listDeployments,
  listResources,
  listRestApis,
  listStages,
  mediaTypeDrift,
  removeBinaryMediaType,
  stageInvokeUrl,
} from "@/lib/aws";
import type { RunningEmulator } from "@/lib/emulator";
import { callCounts, createApi, injectFault, startTarget } from "./helpers";

// lib/aws against a real emulator over HTTP with the real SDK (docs/conventions.md: no mocked SDK).
let emu: RunningEmulator;
let sdk: APIGatewayClient;
let stop: () => Promise<void>;
const region = "us-east-1";

beforeAll(async () => {
  ({ emu, sdk, stop } = await startTarget());
});
afterAll(async () => {
  await stop?.();
});

describe("listing", () => {
  it("pages GetRestApis with limit + position and lists all in pages of 500", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await createApi(sdk, `list-${i}`, { stage: null }));
    const first = await listRestApis(region, { limit: 3 });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.data.items).toHaveLength(3);
    expect(first.data.position).toBeTruthy();
    const second = await listRestApis(region, { limit: 3, position: first.data.position });
    expect(second.ok && second.data.items.map((a) => a.id)).not.toContain(first.data.items[0].id);

    const before = (await callCounts(emu.url)).GetRestApis ?? 0;
    const all = await listAllRestApis(region);
    expect(all.ok).toBe(true);
    if (!all.ok) return;
    expect(all.data.map((a) => a.id)).toEqual(expect.arrayContaining(ids));
    expect((await callCounts(emu.url)).GetRestApis - before).toBe(1);
    const one = all.data.find((a) => a.id === ids[0])!;
    expect(one).toMatchObject({ name: "list-0", description: "test list-0", binaryMediaTypes: [] });
    expect(one.createdDate).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("an unknown API is not-found, with a message naming it", async () => {
    const r = await getRestApi(region, "zzzzzzzzzz");
    expect(r).toEqual({
      ok: false,
      error: { code: "not-found", message: "REST API zzzzzzzzzz was not found in the local emulator." },
    });
  });

  it("regions are separate", async () => {
    const r = await listAllRestApis("eu-west-3");
    expect(r).toEqual({ ok: true, data: [] });
  });
});

describe("binary media types", () => {
  it("adds and removes idempotently, one patch each", async () => {
    const apiId = await createApi(sdk, "media", { binaryMediaTypes: ["application/pdf"] });
    const before = (await callCounts(emu.url)).UpdateRestApi ?? 0;

    const added = await addBinaryMediaType(region, apiId, " Image/PNG ");
    expect(added).toEqual({
      ok: true,
      data: {
        changed: true,
        mediaType: "image/png",
        message: "Added image/png",
        binaryMediaTypes: ["application/pdf", "image/png"],
      },
    });
    const again = await addBinaryMediaType(region, apiId, "image/png");
    expect(again.ok && again.data).toMatchObject({ changed: false, message: "image/png is already present" });

    const wildcard = await addBinaryMediaType(region, apiId, "*/*");
    expect(wildcard.ok && wildcard.data.binaryMediaTypes).toEqual(["application/pdf", "image/png", "*/*"]);

    const removed = await removeBinaryMediaType(region, apiId, "image/png");
    expect(removed.ok && removed.data).toMatchObject({ changed: true, binaryMediaTypes: ["application/pdf", "*/*"] });
    const removedAgain = await removeBinaryMediaType(region, apiId, "image/png");
    expect(removedAgain.ok && removedAgain.data).toMatchObject({
      changed: false,
      message: "image/png was not present",
    });

    expect((await callCounts(emu.url)).UpdateRestApi - before).toBe(3);
    const api = await getRestApi(region, apiId);
    expect(api.ok && api.data.binaryMediaTypes).toEqual(["application/pdf", "*/*"]);
  });

  it("refuses an invalid media type without calling the target", async () => {
    const before = (await callCounts(emu.url)).GetRestApi ?? 0;
    const r = await addBinaryMediaType(region, "abcdefghij", "image png");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe("invalid");
    expect((await callCounts(emu.url)).GetRestApi ?? 0).toBe(before);
  });

  it("adding to an unknown API is not-found", async () => {
    const r = await addBinaryMediaType(region, "zzzzzzzzzz", "image/png");
    expect(!r.ok && r.error.code).toBe("not-found");
  });
});

describe("stages, drift and redeploy", () => {
  it("shows drift from the stage's export until a redeploy applies it", async () => {
    const apiId = await createApi(sdk, "drift", { binaryMediaTypes: ["application/pdf"] });
    const deployed = await getDeployedStageConfig(region, apiId, "prod");
    expect(deployed).toEqual({
      ok: true,
      data: { binaryMediaTypes: ["application/pdf"], routes: [{ path: "/", methods: ["GET"] }] },
    });

    await addBinaryMediaType(region, apiId, "image/png");
    await removeBinaryMediaType(region, apiId, "application/pdf");
    const stale = await getDeployedStageConfig(region, apiId, "prod");
    expect(stale.ok && mediaTypeDrift(["image/png"], stale.data.binaryMediaTypes)).toEqual({
      added: ["image/png"],
      removed: ["application/pdf"],
    });

    const stagesBefore = await listStages(region, apiId);
    expect(stagesBefore.ok && stagesBefore.data.map((s) => s.stageName)).toEqual(["prod"]);
    const dep = await createDeployment(region, apiId, "prod", "apply image/png");
    expect(dep.ok).toBe(true);
    if (!dep.ok) return;
    expect(dep.data.description).toBe("apply image/png");

    const fresh = await getDeployedStageConfig(region, apiId, "prod");
    expect(fresh.ok && fresh.data.binaryMediaTypes).toEqual(["image/png"]);
    const stages = await listStages(region, apiId);
    expect(stages.ok && stages.data[0].deploymentId).toBe(dep.data.id);
    const history = await listDeployments(region, apiId);
    expect(history.ok && history.data.map((d) => d.id)).toContain(dep.data.id);
    expect(history.ok && history.data).toHaveLength(2);
  });

  it("an unknown stage's export is not-found", async () => {
    const apiId = await createApi(sdk, "nostage", { stage: null });
    const r = await getDeployedStageConfig(region, apiId, "prod");
    expect(!r.ok && r.error.code).toBe("not-found");
  });

  it("lists resources with integration type and the Lambda function name", async () => {
    const uri =
      "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:thumbs/invocations";
    const apiId = await createApi(sdk, "resources", { lambdaUri: uri, stage: null });
    const r = await listResources(region, apiId);
    expect(r).toEqual({
      ok: true,
      data: [
        {
          id: expect.any(String),
          path: "/",
          methods: [
            {
              httpMethod: "GET",
              integrationType: "MOCK",
              lambdaFunctionName: undefined,
              lambdaFunctionArn: undefined,
              transferMode: "BUFFERED",
            },
            {
              httpMethod: "POST",
              integrationType: "AWS_PROXY",
              lambdaFunctionName: "thumbs",
              lambdaFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:thumbs",
              transferMode: "BUFFERED",
            },
          ],
        },
      ],
    });
  });
});

describe("throttling and conflicts (fault injection)", () => {
  it("retries a throttled patch and applies it exactly once", async () => {
    const apiId = await createApi(sdk, "throttled", { stage: null });
    await injectFault(emu.url, "UpdateRestApi", 2, "throttle");
    const before = (await callCounts(emu.url)).UpdateRestApi ?? 0;
    const r = await addBinaryMediaType(region, apiId, "image/jpeg");
    expect(r.ok && r.data).toMatchObject({ changed: true, binaryMediaTypes: ["image/jpeg"] });
    expect((await callCounts(emu.url)).UpdateRestApi - before).toBe(3);
  });

  it("retries a 409 concurrent modification and succeeds", async () => {
    const apiId = await createApi(sdk, "conflict", { stage: null });
    await injectFault(emu.url, "UpdateRestApi", 1, "conflict");
    const r = await addBinaryMediaType(region, apiId, "image/gif");
    expect(r.ok && r.data.binaryMediaTypes).toEqual(["image/gif"]);
  });

  it("gives up after 3 tries with one clear message, and nothing is applied", async () => {
    const apiId = await createApi(sdk, "conflict-forever", { stage: null });
    await injectFault(emu.url, "UpdateRestApi", 3, "conflict");
    const r = await addBinaryMediaType(region, apiId, "image/gif");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe("conflict");
    expect(!r.ok && r.error.message).toMatch(/409 ConflictException/);
    const api = await getRestApi(region, apiId);
    expect(api.ok && api.data.binaryMediaTypes).toEqual([]);

    await injectFault(emu.url, "GetRestApi", 3, "throttle");
    const t = await getRestApi(region, apiId);
    expect(!t.ok && t.error.code).toBe("throttled");
  });

  it("two quick redeploys queue ≥ 5 s apart (CreateDeployment quota) and both succeed", async () => {
    const apiId = await createApi(sdk, "queue");
    const t0 = Date.now();
    const done: number[] = [];
    const timed = <T>(r: T): T => {
      done.push(Date.now() - t0);
      return r;
    };
    const [a, b] = await Promise.all([
      createDeployment(region, apiId, "prod", "one").then(timed),
      createDeployment(region, apiId, "prod", "two").then(timed),
    ]);
    expect(a.ok && b.ok).toBe(true);
    expect(done[1] - done[0]).toBeGreaterThanOrEqual(4900);
  }, 20_000);
});

describe("target info and invoke URLs", () => {
  it("names the emulator, its account and builds both URL styles (docs/aws-binary-rules.md §9)", () => {
    const port = new URL(emu.url).port;
    expect(getTargetInfo("eu-west-1")).toEqual({
      kind: "local",
      label: "Local emulator",
      region: "eu-west-1",
      account: "000000000000",
      endpoint: emu.url,
    });
    expect(stageInvokeUrl(region, "abc123defg", "prod", "/img.png", "display")).toBe(
      `http://abc123defg.execute-api.localhost:${port}/prod/img.png`,
    );
    expect(stageInvokeUrl(region, "abc123defg", "prod", "/img.png", "fetch")).toBe(
      `http://127.0.0.1:${port}/_aws/execute-api/abc123defg/prod/img.png`,
    );
  });
});
