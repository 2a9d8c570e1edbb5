// What the emulator refuses before any handler runs (docs/security.md promises 2, 13), over HTTP with forged headers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from "@aws-sdk/client-api-gateway";
import { rm } from "node:fs/promises";
import { startEmulator, type RunningEmulator } from "@/lib/emulator";
import { tempDir } from "../emulator/core/helpers";
import { raw } from "./emulator-sign";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

let emu: RunningEmulator;
let stateDir: string;
let apiId: string;
const MIN = 60_000;

beforeAll(async () => {
  stateDir = await tempDir("bg-sec-");
  emu = await startEmulator({
    port: 0,
    stateDir,
    allowOrigins: ["http://tools.localhost:8080"],
    allowHosts: ["emu.lan"],
  });
  const sdk = new APIGatewayClient({
    endpoint: emu.url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  apiId = (await sdk.send(new CreateRestApiCommand({ name: "browsers-welcome" }))).id!;
  const root = (await sdk.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find((r) => r.path === "/")!;
  await sdk.send(
    new PutMethodCommand({ restApiId: apiId, resourceId: root.id!, httpMethod: "GET", authorizationType: "NONE" }),
  );
  await sdk.send(
    new PutIntegrationCommand({
      restApiId: apiId,
      resourceId: root.id!,
      httpMethod: "GET",
      type: "MOCK",
      requestTemplates: { "application/json": '{"statusCode":200}' },
    }),
  );
  const ids = { restApiId: apiId, resourceId: root.id!, httpMethod: "GET", statusCode: "200" };
  await sdk.send(new PutMethodResponseCommand(ids));
  await sdk.send(
    new PutIntegrationResponseCommand({ ...ids, responseTemplates: { "application/json": '{"ok":true}' } }),
  );
  await sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }));
  sdk.destroy();
});

afterAll(async () => {
  await emu?.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("Host check: DNS rebinding (docs/security.md promise 2)", () => {
  it.each([
    "attacker.example:PORT",
    "localhost.attacker.example:PORT",
    "127.0.0.1.nip.io:PORT",
    "attacker.example",
    "0.0.0.0:PORT",
  ])("refuses Host %s with 403 before any handler, even correctly signed", async (forged) => {
    const host = forged.replace("PORT", String(emu.port));
    const res = await raw(emu.url, { path: "/restapis", host });
    expect(res.status).toBe(403);
    expect(res.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(String(res.json().message)).toMatch(/refuses this request \(Host .*loopback names/);
    expect(res.text).not.toContain("browsers-welcome");
    const admin = await raw(emu.url, { path: "/_binarygate/health", host, sign: "none" });
    expect(admin.status).toBe(403);
    const stage = await raw(emu.url, { path: `/_aws/execute-api/${apiId}/prod/`, host, sign: "none" });
    expect(stage.status).toBe(403);
  });

  it.each(["localhost:PORT", "127.0.0.1:PORT", "[::1]:PORT", "LOCALHOST:PORT", "emu.lan:PORT", "emu.lan"])(
    "accepts Host %s (loopback, or given with --allow-host)",
    async (name) => {
      const res = await raw(emu.url, { path: "/restapis", host: name.replace("PORT", String(emu.port)) });
      expect(res.status).toBe(200);
      expect(res.text).toContain("browsers-welcome");
    },
  );

  it("serves a stage by {id}.execute-api.localhost with its port", async () => {
    const res = await raw(emu.url, {
      path: "/prod/",
      host: `${apiId}.execute-api.localhost:${emu.port}`,
      sign: "none",
    });
    expect(res.status).toBe(200);
  });
});

describe("cross-site browsers (docs/security.md promise 13)", () => {
  it.each([
    [{ origin: "http://attacker.example" }],
    [{ origin: "null" }],
    [{ origin: `http://127.0.0.1:${1}` }],
    [{ "sec-fetch-site": "cross-site" }],
    [{ "sec-fetch-site": "same-site" }],
  ])("the control plane refuses %j with AWS's 403, even correctly signed", async (headers) => {
    const res = await raw(emu.url, { path: "/restapis", headers });
    expect(res.status).toBe(403);
    expect(res.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(String(res.json().message)).toMatch(
      /refuses requests (sent by web pages|a browser sends on behalf of another site)/,
    );
    expect(res.text).not.toContain("browsers-welcome");
  });

  it("Lambda's refusal has Lambda's error shape (Type, Message)", async () => {
    const res = await raw(emu.url, {
      method: "POST",
      path: "/2015-03-31/functions/fn/invocations",
      service: "lambda",
      body: "{}",
      headers: { origin: "http://attacker.example", "sec-fetch-site": "cross-site" },
    });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({
      Type: "User",
      Message: expect.stringContaining("refuses requests sent by web pages"),
    });
  });

  it.each<[Record<string, string>]>([
    [{ "sec-fetch-site": "none" }],
    [{ "sec-fetch-site": "same-origin" }],
    [{ origin: "http://tools.localhost:8080", "sec-fetch-site": "cross-site" }],
  ])("the control plane accepts %j (typed URL, same origin, or an --allow-origin)", async (headers) => {
    const res = await raw(emu.url, { path: "/restapis", headers });
    expect(res.status).toBe(200);
  });

  it("admin endpoints refuse a cross-site browser, GET included", async () => {
    const health = await raw(emu.url, {
      path: "/_binarygate/health",
      sign: "none",
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(health.status).toBe(403);
    const faults = await raw(emu.url, {
      method: "POST",
      path: "/_binarygate/faults",
      sign: "none",
      headers: { origin: "http://attacker.example" },
      body: JSON.stringify({ operation: "GetRestApis", times: 1, kind: "throttle" }),
    });
    expect(faults.status).toBe(403);
    expect((await raw(emu.url, { path: "/_binarygate/faults", sign: "none" })).json()).toEqual({ rules: [] });
  });

  it("stage URLs keep serving browsers from any site", async () => {
    const headers = { origin: "http://attacker.example", "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" };
    const byPath = await raw(emu.url, { path: `/_aws/execute-api/${apiId}/prod/`, sign: "none", headers });
    expect(byPath.status).toBe(200);
    expect(byPath.text).toBe('{"ok":true}');
    const byHost = await raw(emu.url, {
      path: "/prod/",
      host: `${apiId}.execute-api.localhost:${emu.port}`,
      sign: "none",
      headers,
    });
    expect(byHost.status).toBe(200);
  });
});

describe("bodies must have a content type the operation takes (docs/security.md promise 13)", () => {
  const body = JSON.stringify({ name: "typed" });
  it.each([
    "text/plain",
    "text/plain;charset=UTF-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
  ])("CreateRestApi refuses %s with 415 and a clear message", async (type) => {
    const res = await raw(emu.url, { method: "POST", path: "/restapis", body, headers: { "content-type": type } });
    expect(res.status).toBe(415);
    expect(res.headers["x-amzn-errortype"]).toBe("UnsupportedMediaTypeException");
    expect(String(res.json().message)).toMatch(/is not accepted by this operation: send the body as JSON/);
  });

  it.each([["application/json"], ["application/x-amz-json-1.1"], [undefined]])(
    "CreateRestApi takes %s",
    async (type) => {
      const res = await raw(emu.url, {
        method: "POST",
        path: "/restapis",
        body,
        headers: type ? { "content-type": type } : {},
      });
      expect(res.status).toBe(201);
    },
  );

  it("Invoke takes application/octet-stream but not text/plain", async () => {
    const path = "/2015-03-31/functions/nope/invocations";
    const octet = await raw(emu.url, {
      method: "POST",
      path,
      service: "lambda",
      body: "{}",
      headers: { "content-type": "application/octet-stream" },
    });
    expect(octet.headers["x-amzn-errortype"]).toBe("ResourceNotFoundException");
    const text = await raw(emu.url, {
      method: "POST",
      path,
      service: "lambda",
      body: "{}",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect(text.json()).toMatchObject({ Type: "User", Message: expect.stringContaining("application/octet-stream") });
  });
});

describe("SigV4 time and scope (docs/security.md promises 11, 13)", () => {
  it("a presigned URL is honoured inside X-Amz-Date + X-Amz-Expires", async () => {
    const res = await raw(emu.url, {
      path: "/restapis",
      sign: "presign",
      expires: "300",
      date: new Date(Date.now() - 4 * MIN),
    });
    expect(res.status).toBe(200);
  });

  it("an expired presigned URL gets AWS's InvalidSignatureException", async () => {
    const res = await raw(emu.url, {
      path: "/restapis",
      sign: "presign",
      expires: "300",
      date: new Date(Date.now() - 6 * MIN),
    });
    expect(res.status).toBe(403);
    expect(res.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
    expect(String(res.json().message)).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
  });

  it("a presigned URL from the future beyond 15 minutes is not yet current", async () => {
    const res = await raw(emu.url, {
      path: "/restapis",
      sign: "presign",
      expires: "300",
      date: new Date(Date.now() + 20 * MIN),
    });
    expect(res.status).toBe(403);
    expect(String(res.json().message)).toMatch(
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/,
    );
  });

  it("a header signature from the future is not yet current either", async () => {
    const res = await raw(emu.url, { path: "/restapis", date: new Date(Date.now() + 20 * MIN) });
    expect(res.status).toBe(403);
    expect(String(res.json().message)).toMatch(/^Signature not yet current: /);
  });

  it.each(["0", "604801", "abc", "-5"])("X-Amz-Expires=%s is refused", async (expires) => {
    const res = await raw(emu.url, { path: "/restapis", sign: "presign", expires });
    expect(res.status).toBe(403);
    expect(res.headers["x-amzn-errortype"]).toBe("IncompleteSignatureException");
    expect(String(res.json().message)).toMatch(/X-Amz-Expires must be a whole number of seconds from 1 to 604800/);
  });

  it("a presigned URL without X-Amz-Expires lives 15 minutes like a header signature", async () => {
    expect(
      (await raw(emu.url, { path: "/restapis", sign: "presign", date: new Date(Date.now() - 10 * MIN) })).status,
    ).toBe(200);
    const old = await raw(emu.url, { path: "/restapis", sign: "presign", date: new Date(Date.now() - 16 * MIN) });
    expect(String(old.json().message)).toMatch(/ - 15 min\.\)$/);
  });

  it.each(["..", "US-EAST-1", "us_east_1", "x", "us-east-1/.."])(
    "the region %j is refused in AWS's words",
    async (region) => {
      const res = await raw(emu.url, { path: "/restapis", region });
      expect(res.status).toBe(403);
      expect(res.headers["x-amzn-errortype"]).toMatch(/InvalidSignatureException|IncompleteSignatureException/);
      expect(String(res.json().message)).toMatch(/^Credential should be scoped to a valid region/);
    },
  );

  it.each(["us-east-1", "eu-central-2", "us-gov-west-1", "cn-northwest-1", "ap-southeast-5", "us-isob-east-1"])(
    "the region %s is accepted",
    async (region) => {
      expect((await raw(emu.url, { path: "/restapis", region })).status).toBe(200);
    },
  );
});
