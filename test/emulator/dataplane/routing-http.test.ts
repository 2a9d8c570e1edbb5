/**
 * Addressing and routing over HTTP (docs/aws-binary-rules.md §9): both URL styles (and curl on the host style), literal
 * > {param} > {greedy+}, ANY, AWS's answers for unknown APIs, stages and routes, the deployment snapshot
 * (changes need a redeploy, docs/aws-binary-rules.md §6.1), and MOCK integrations for CORS preflight (R32/R33).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CreateDeploymentCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateRestApiCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
} from "@aws-sdk/client-api-gateway";
import { createApi, createFunction, invokeUrl, request } from "./harness";
import { useEmulator } from "../../support/emulator";

const run = promisify(execFile);
const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=";
const PNG = Buffer.from(PNG_B64, "base64");

/** Answers with which route it was reached through, or the PNG at /image. */
const ROUTE_HANDLER = `exports.handler = async (e) => e.resource === "/image"
  ? { statusCode: 200, headers: { "Content-Type": "image/png" }, body: ${JSON.stringify(PNG_B64)}, isBase64Encoded: true }
  : { statusCode: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ resource: e.resource, method: e.httpMethod, params: e.pathParameters }) };`;

const h = useEmulator({ prefix: "bg-dataplane-" });
let api: string;
let fnArn: string;

beforeAll(async () => {
  fnArn = await createFunction(h, "router", { "index.js": ROUTE_HANDLER });
  api = await createApi(
    h,
    "routing",
    ["image/png"],
    [
      { path: "/image", functionArn: fnArn },
      { path: "/files/{name}", functionArn: fnArn },
      { path: "/files/me", functionArn: fnArn },
      { path: "/any", method: "ANY", functionArn: fnArn },
      { path: "/any", method: "DELETE", functionArn: fnArn },
      { path: "/{proxy+}", method: "ANY", functionArn: fnArn },
      { path: "/strict", method: "POST", functionArn: fnArn },
    ],
  );
}, 60_000);

const json = (b: Buffer) => JSON.parse(b.toString("utf8"));

describe("routing against the deployment", () => {
  it.each([
    ["GET", "/files/me", "/files/me", null],
    ["GET", "/files/report.pdf", "/files/{name}", { name: "report.pdf" }],
    ["PUT", "/any", "/any", null],
    ["DELETE", "/any", "/any", null],
    ["GET", "/deep/er/path", "/{proxy+}", { proxy: "deep/er/path" }],
    ["POST", "/files", "/{proxy+}", { proxy: "files" }],
  ])("%s %s → %s", async (method, p, resource, params) => {
    const res = await request(invokeUrl(h, api, "prod", p), { method });
    expect(res.status).toBe(200);
    expect(json(res.body)).toEqual({ resource, method, params });
  });

  it.each([
    ["GET", "/strict"],
    ["POST", "/files/me"],
    ["GET", "/"],
  ])("%s %s → 403 Missing Authentication Token", async (method, p) => {
    const res = await request(invokeUrl(h, api, "prod", p), { method });
    expect(res.status).toBe(403);
    expect(res.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");
    expect(res.body.toString()).toBe('{"message": "Missing Authentication Token"}');
  });

  it.each([
    ["unknown API", "zzzzzzzzzz", "prod"],
    ["unknown stage", "", "nope"],
  ])("%s → 403 Forbidden", async (_n, apiId, stage) => {
    const res = await request(invokeUrl(h, apiId || api, stage, "/image"));
    expect(res.status).toBe(403);
    expect(res.body.toString()).toBe('{"message": "Forbidden"}');
  });
});

describe("addressing (docs/aws-binary-rules.md §9)", () => {
  it("serves the same stage by path and by host", async () => {
    const byPath = await request(invokeUrl(h, api, "prod", "/image"), { headers: { Accept: "image/png" } });
    const byHost = await request(`${h.url}/prod/image`, {
      headers: { Accept: "image/png" },
      host: `${api}.execute-api.localhost:${h.port}`,
    });
    expect(byPath.status).toBe(200);
    expect(byPath.body.equals(PNG)).toBe(true);
    expect(byHost.status).toBe(200);
    expect(byHost.body.equals(PNG)).toBe(true);
  });

  it("curl: Accept image/png on the host-style URL gets the PNG bytes", async () => {
    const url = `http://${api}.execute-api.localhost:${h.port}/prod/image`;
    const { stdout } = await run(
      "curl",
      [
        "-s",
        "--resolve",
        `${api}.execute-api.localhost:${h.port}:127.0.0.1`,
        "-H",
        "Accept: image/png",
        "-o",
        "-",
        url,
      ],
      { encoding: "buffer", timeout: 10_000 },
    );
    expect(Buffer.from(stdout).equals(PNG)).toBe(true);
  });

  it("curl's default Accept (*/*) gets base64 text, as on AWS (R26)", async () => {
    const url = `http://${api}.execute-api.localhost:${h.port}/prod/image`;
    const { stdout } = await run("curl", ["-s", "--resolve", `${api}.execute-api.localhost:${h.port}:127.0.0.1`, url], {
      timeout: 10_000,
    });
    expect(stdout).toBe(PNG_B64);
  });
});

describe("deployment snapshot (docs/aws-binary-rules.md §6.1)", () => {
  it("a binary media type added after the deployment changes nothing until a redeploy", async () => {
    const fn = await createFunction(h, "drift", { "index.js": ROUTE_HANDLER });
    const id = await createApi(h, "drift", [], [{ path: "/image", functionArn: fn }]);
    await h.apigw.send(
      new UpdateRestApiCommand({
        restApiId: id,
        patchOperations: [{ op: "add", path: "/binaryMediaTypes/image~1png" }],
      }),
    );
    const before = await request(invokeUrl(h, id, "prod", "/image"), { headers: { Accept: "image/png" } });
    expect(before.body.toString()).toBe(PNG_B64);
    await h.apigw.send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
    const after = await request(invokeUrl(h, id, "prod", "/image"), { headers: { Accept: "image/png" } });
    expect(after.body.equals(PNG)).toBe(true);
  });
});

describe("MOCK integration for CORS preflight (R32, R33)", () => {
  // The control plane has no PutIntegrationResponse yet, so the integration response is written into the
  // deployed snapshot directly (what CreateDeployment would have frozen); everything else goes over the wire.
  async function mockApi(name: string, types: string[], contentHandling?: "CONVERT_TO_TEXT"): Promise<string> {
    const created = await h.apigw.send(
      new CreateRestApiCommand({ name, ...(types.length ? { binaryMediaTypes: types } : {}) }),
    );
    const restApiId = created.id!;
    const root = (await h.apigw.send(new GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === "/")!.id!;
    const m = { restApiId, resourceId: root, httpMethod: "OPTIONS" };
    await h.apigw.send(new PutMethodCommand({ ...m, authorizationType: "NONE" }));
    await h.apigw.send(
      new PutIntegrationCommand({
        ...m,
        type: "MOCK",
        requestTemplates: { "application/json": '{"statusCode": 200}' },
        ...(contentHandling ? { contentHandling } : {}),
      }),
    );
    const dep = await h.apigw.send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
    await h.ctx.store.mutate((state) => {
      const integration =
        state.regions["us-east-1"].restApis[restApiId].deployments[dep.id!].snapshot.resources[root].methods.OPTIONS
          .integration!;
      integration.integrationResponses = {
        "200": {
          statusCode: "200",
          responseParameters: {
            "method.response.header.Access-Control-Allow-Origin": "'*'",
            "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'",
          },
        },
      };
    });
    return restApiId;
  }

  it.each([
    [200, "no binary types", [] as string[], undefined],
    [500, "R32: */* without contentHandling", ["*/*"], undefined],
    [200, "R33: */* with CONVERT_TO_TEXT", ["*/*"], "CONVERT_TO_TEXT" as const],
  ])("%i for %s", async (status, name, types, ch) => {
    const id = await mockApi(`mock-${status}-${types.length}-${ch ?? "none"}`, types, ch);
    const res = await request(invokeUrl(h, id, "prod", "/"), {
      method: "OPTIONS",
      headers: { Origin: "http://example.test", "Access-Control-Request-Method": "GET" },
    });
    expect(res.status, name).toBe(status);
    if (status === 200) {
      expect(res.headers["access-control-allow-origin"]).toBe("*");
      expect(res.headers["access-control-allow-methods"]).toBe("GET,OPTIONS");
    } else {
      expect(res.body.toString()).toBe('{"message": "Internal server error"}');
    }
  });
});
