// A real, deployed function behind a STREAM integration (docs/streaming.md §0.7, §2.3, §3, DP4), set up with the
// real SDK and called over HTTP. The runtime cannot run streamifyResponse handlers yet, so the functions here are
// buffered ones: their JSON result is the stream's bytes, with no prelude, and AWS answers 500.
import { CreateDeploymentCommand, GetResourcesCommand } from "@aws-sdk/client-api-gateway";
import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../../support/emulator";
import { createProxyApi, createProxyFunction } from "../../support/proxy-api";
import { invokeUrl, request } from "../dataplane/harness";
import { createStreamApi, switchToStream } from "./stream-api";

const emu = useEmulator({ prefix: "bg-stream-buf-" });

const HANDLER = `exports.handler = async (event) => {
  const p = event.path;
  if (p.endsWith("/throw")) throw new Error("boom");
  if (p.endsWith("/slow")) await new Promise((r) => setTimeout(r, 3000));
  return { statusCode: 200, headers: { "Content-Type": "image/png" }, isBase64Encoded: true, body: "iVBORw0KGgo=" };
};`;

let fnArn = "";
beforeAll(async () => {
  fnArn = await createProxyFunction(emu, "buffered-behind-stream", { "index.js": HANDLER });
});

describe("a buffered handler behind a STREAM integration", () => {
  it('DP4: the function runs and the client gets 500 {"message": "Internal server error"}', async () => {
    const { apiId } = await createStreamApi(emu, "buf-dp4", fnArn);
    const r = await request(invokeUrl(emu, apiId, "prod", "/img"), { headers: { Accept: "image/png" } });
    expect(r.status).toBe(500);
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.body.toString()).toBe('{"message": "Internal server error"}');
  });

  it("a handler that throws answers 502, as under BUFFERED", async () => {
    const { apiId } = await createStreamApi(emu, "buf-throw", fnArn);
    const r = await request(invokeUrl(emu, apiId, "prod", "/throw"));
    expect([r.status, r.body.toString()]).toEqual([502, '{"message": "Internal server error"}']);
  });

  it("a handler slower than the integration timeout answers 504", async () => {
    const { apiId } = await createStreamApi(emu, "buf-slow", fnArn, { timeoutInMillis: 1000 });
    const t0 = Date.now();
    const r = await request(invokeUrl(emu, apiId, "prod", "/slow"));
    expect([r.status, r.body.toString()]).toEqual([504, '{"message": "Endpoint request timed out"}']);
    expect(Date.now() - t0).toBeLessThan(2500);
  });
});

describe("a switch to STREAM is live only after a deployment (docs/streaming.md §0.11)", () => {
  it("the stage keeps its BUFFERED answer until CreateDeployment, then streams (500 for this handler)", async () => {
    const apiId = await createProxyApi(emu, "buf-switch", ["image/png"], [{ path: "/img", functionArn: fnArn }]);
    const url = invokeUrl(emu, apiId, "prod", "/img");
    const before = await request(url, { headers: { Accept: "image/png" } });
    expect(before.status).toBe(200);
    expect(before.body.equals(Buffer.from("iVBORw0KGgo=", "base64"))).toBe(true);

    const items = (await emu.apigw.send(new GetResourcesCommand({ restApiId: apiId }))).items!;
    await switchToStream(emu, apiId, items.find((i) => i.path === "/img")!.id!, "GET", fnArn);
    const stale = await request(url, { headers: { Accept: "image/png" } });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(before.body)).toBe(true);

    await emu.apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }));
    const live = await request(url, { headers: { Accept: "image/png" } });
    expect([live.status, live.body.toString()]).toEqual([500, '{"message": "Internal server error"}']);
  });
});
