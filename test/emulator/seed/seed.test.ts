/**
 * The demo seed: idempotent (twice → the same set, no duplicates), and each demo behaves as designed
 * over HTTP — bytes for an explicit Accept, base64 text for a browser's, drift on the broken API.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  GetRestApisCommand,
  GetStagesCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetExportCommand,
} from "@aws-sdk/client-api-gateway";
import { GetPolicyCommand, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { seedDemo } from "@/lib/emulator/seed";
import { makeJpeg, makePdf, makePng, makeWav } from "@/lib/emulator/seed/assets";
import { invokeUrl, request } from "../dataplane/harness";
import { useEmulator } from "../../support/emulator";

const h = useEmulator({ prefix: "bg-seed-" });
const ids: Record<string, string> = {};

async function snapshot() {
  const apis = (await h.apigw.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
  const fns = (await h.lambda.send(new ListFunctionsCommand({}))).Functions ?? [];
  const detail = [];
  for (const a of apis.sort((x, y) => x.name!.localeCompare(y.name!))) {
    const resources = (await h.apigw.send(new GetResourcesCommand({ restApiId: a.id!, limit: 500 }))).items ?? [];
    const stages = (await h.apigw.send(new GetStagesCommand({ restApiId: a.id! }))).item ?? [];
    detail.push({
      id: a.id,
      name: a.name,
      binaryMediaTypes: a.binaryMediaTypes ?? [],
      resources: resources.map((r) => `${r.path} ${Object.keys(r.resourceMethods ?? {}).join(",")}`).sort(),
      stages: stages.map((s) => `${s.stageName}:${s.deploymentId}`),
    });
  }
  const policies = [];
  for (const f of fns)
    policies.push((await h.lambda.send(new GetPolicyCommand({ FunctionName: f.FunctionName! }))).Policy);
  return { detail, functions: fns.map((f) => `${f.FunctionName} ${f.Runtime} ${f.CodeSha256}`).sort(), policies };
}

beforeAll(async () => {
  await seedDemo(h.ctx);
  const apis = (await h.apigw.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
  for (const a of apis) ids[a.name!] = a.id!;
}, 60_000);

describe("seedDemo", () => {
  it("creates the four demo APIs and functions, and a second run changes nothing", async () => {
    const first = await snapshot();
    expect(first.detail.map((d) => d.name)).toEqual([
      "binarygate-demo-broken",
      "binarygate-demo-images",
      "binarygate-demo-json",
      "binarygate-demo-python",
    ]);
    expect(first.functions.map((f) => f.split(" ").slice(0, 2).join(" "))).toEqual([
      "binarygate-demo-broken nodejs20.x",
      "binarygate-demo-images nodejs20.x",
      "binarygate-demo-json nodejs20.x",
      "binarygate-demo-python python3.11",
    ]);
    await seedDemo(h.ctx);
    expect(await snapshot()).toEqual(first);
  });

  it("gives each function API Gateway permission scoped to its API", async () => {
    const policy = JSON.parse(
      (await h.lambda.send(new GetPolicyCommand({ FunctionName: "binarygate-demo-images" }))).Policy!,
    );
    expect(JSON.stringify(policy.Statement)).toContain(
      `arn:aws:execute-api:us-east-1:${h.account}:${ids["binarygate-demo-images"]}/*/*/*`,
    );
  });

  it.each([
    ["/image", "image/png", makePng()],
    ["/report", "application/pdf", makePdf()],
    ["/sound", "audio/wav", makeWav()],
    ["/files/logo.png", "image/png", makePng()],
  ])("images API %s with Accept %s returns the file's bytes", async (p, type, bytes) => {
    const res = await request(invokeUrl(h, ids["binarygate-demo-images"], "prod", p), { headers: { Accept: type } });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe(type);
    expect(res.body.equals(bytes)).toBe(true);
  });

  it("images API shows the browser gotcha: a Chrome <img> Accept gets base64 text", async () => {
    const res = await request(invokeUrl(h, ids["binarygate-demo-images"], "prod", "/image"), {
      headers: { Accept: "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8" },
    });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(makePng().toString("base64"));
  });

  it("images API answers 404 JSON for an unknown file name", async () => {
    const res = await request(invokeUrl(h, ids["binarygate-demo-images"], "prod", "/files/nope.txt"), {
      headers: { Accept: "application/json" },
    });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body.toString()).message).toBe("No such file: nope.txt");
  });

  it("python API returns the JPEG for a browser <img> (image/* is listed)", async () => {
    const res = await request(invokeUrl(h, ids["binarygate-demo-python"], "prod", "/photo"), {
      headers: { Accept: "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8" },
    });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("image/jpeg");
    expect(res.body.equals(makeJpeg())).toBe(true);
  });

  it("json API returns JSON", async () => {
    const res = await request(invokeUrl(h, ids["binarygate-demo-json"], "prod", "/hello"));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({
      message: "Hello from BinaryGate",
      path: "/hello",
      method: "GET",
    });
  });

  it("broken API drifts: image/png is on the API but not on the deployed stage, so the PNG arrives as base64 text", async () => {
    const id = ids["binarygate-demo-broken"];
    expect((await h.apigw.send(new GetRestApiCommand({ restApiId: id }))).binaryMediaTypes).toEqual(["image/png"]);
    const exported = await h.apigw.send(
      new GetExportCommand({
        restApiId: id,
        stageName: "prod",
        exportType: "oas30",
        parameters: { extensions: "apigateway" },
        accepts: "application/json",
      }),
    );
    const doc = JSON.parse(Buffer.from(exported.body!).toString());
    expect(doc["x-amazon-apigateway-binary-media-types"] ?? []).toEqual([]);
    const res = await request(invokeUrl(h, id, "prod", "/logo.png"), { headers: { Accept: "image/png" } });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("image/png");
    expect(res.body.toString()).toBe(makePng().toString("base64"));
  });
});
