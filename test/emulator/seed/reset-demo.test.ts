/**
 * A replayable demo: a fixed demo stays fixed across restarts with --seed, and POST /_binarygate/reset-demo
 * (loopback, never from a web page) puts it back broken, in place. Real emulator, real SDK, real restarts.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  GetExportCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  UpdateRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import { startEmulator, type RunningEmulator } from "@/lib/emulator";

let stateDir: string;
let emu: RunningEmulator | undefined;

async function start(): Promise<{ emu: RunningEmulator; sdk: APIGatewayClient }> {
  emu = await startEmulator({ port: 0, host: "127.0.0.1", stateDir, seed: true });
  const sdk = new APIGatewayClient({
    endpoint: emu.url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  return { emu, sdk };
}

async function brokenId(sdk: APIGatewayClient): Promise<string> {
  const apis = (await sdk.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
  return apis.find((a) => a.name === "binarygate-demo-broken")!.id!;
}

async function state(sdk: APIGatewayClient, restApiId: string): Promise<{ api: string[]; deployed: string[] }> {
  const api = (await sdk.send(new GetRestApiCommand({ restApiId }))).binaryMediaTypes ?? [];
  const exp = await sdk.send(
    new GetExportCommand({
      restApiId,
      stageName: "prod",
      exportType: "oas30",
      accepts: "application/json",
      parameters: { extensions: "apigateway" },
    }),
  );
  const doc = JSON.parse(new TextDecoder().decode(exp.body)) as Record<string, unknown>;
  return { api, deployed: (doc["x-amazon-apigateway-binary-media-types"] as string[] | undefined) ?? [] };
}

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "bg-reset-demo-"));
});
afterAll(async () => {
  await emu?.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe("replayable demo", () => {
  it("a fix survives a restart with --seed; reset-demo makes it broken again, same id", async () => {
    let { emu: e, sdk } = await start();
    const id = await brokenId(sdk);
    expect(await state(sdk, id)).toEqual({ api: ["image/png"], deployed: [] });

    // The user's own fix: image/* instead of image/png, then a redeploy.
    await sdk.send(
      new UpdateRestApiCommand({
        restApiId: id,
        patchOperations: [
          { op: "remove", path: "/binaryMediaTypes/image~1png" },
          { op: "add", path: "/binaryMediaTypes/image~1*" },
        ],
      }),
    );
    await sdk.send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
    sdk.destroy();
    await e.close();

    ({ emu: e, sdk } = await start());
    expect(await brokenId(sdk)).toBe(id);
    expect(await state(sdk, id)).toEqual({ api: ["image/*"], deployed: ["image/*"] });

    const res = await fetch(`${e.url}/_binarygate/reset-demo`, { method: "POST" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { apis: { name: string; apiId: string }[] };
    expect(body.apis.find((a) => a.name === "binarygate-demo-broken")?.apiId).toBe(id);
    expect(await state(sdk, id)).toEqual({ api: ["image/png"], deployed: [] });
    sdk.destroy();
  }, 120_000);

  it("refuses web pages (Origin, cross-site or same-site Sec-Fetch-Site) and other methods", async () => {
    const url = `${emu!.url}/_binarygate/reset-demo`;
    expect((await fetch(url, { method: "POST", headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect((await fetch(url, { method: "POST", headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
    expect((await fetch(url, { method: "POST", headers: { "sec-fetch-site": "same-site" } })).status).toBe(403);
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});
