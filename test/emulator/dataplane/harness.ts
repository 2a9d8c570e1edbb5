/**
 * Test harness for the data plane: a real emulator on an ephemeral port with a fresh state dir, the real
 * AWS SDK clients against it, real zips (fflate), and a raw node:http client that sends exactly the
 * headers a test gives (no default Accept, unlike fetch).
 */
import http from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { zipSync, strToU8 } from "fflate";
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { startEmulator, type RunningEmulator } from "@/lib/emulator";

export const REGION = "us-east-1";

export interface Harness {
  emu: RunningEmulator;
  url: string;
  port: number;
  account: string;
  apigw: APIGatewayClient;
  lambda: LambdaClient;
  close(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1:0 with a throw-away state directory. */
export async function startHarness(): Promise<Harness> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const stateDir = await mkdtemp(path.join(tmpdir(), "bg-dataplane-"));
  const emu = await startEmulator({ port: 0, host: "127.0.0.1", stateDir, seed: false });
  const credentials = { accessKeyId: emu.ctx.config.accessKeyId, secretAccessKey: emu.ctx.config.secretAccessKey };
  const apigw = new APIGatewayClient({ endpoint: emu.url, region: REGION, credentials });
  const lambda = new LambdaClient({ endpoint: emu.url, region: REGION, credentials });
  return {
    emu,
    url: emu.url,
    port: emu.port,
    account: emu.ctx.config.accountId,
    apigw,
    lambda,
    async close() {
      apigw.destroy();
      lambda.destroy();
      await emu.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** Creates a function from source files (zipped in memory) and, unless `permission` is false, lets API Gateway invoke it. */
export async function createFunction(
  h: Harness,
  name: string,
  files: Record<string, string>,
  opts: { runtime?: string; handler?: string; timeout?: number; permission?: boolean | string } = {},
): Promise<string> {
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])));
  const out = await h.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: (opts.runtime ?? "nodejs20.x") as never,
      Handler: opts.handler ?? "index.handler",
      Role: `arn:aws:iam::${h.account}:role/test`,
      Timeout: opts.timeout ?? 10,
      Code: { ZipFile: zip },
    }),
  );
  if (opts.permission !== false) {
    await h.lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: "apigw",
        Action: "lambda:InvokeFunction",
        Principal: "apigateway.amazonaws.com",
        SourceArn: typeof opts.permission === "string" ? opts.permission : `arn:aws:execute-api:${REGION}:${h.account}:*/*/*/*`,
      }),
    );
  }
  return out.FunctionArn!;
}

export interface RouteSpec {
  path: string;
  method?: string;
  functionArn: string;
  timeoutInMillis?: number;
}

/** Creates a REST API with AWS_PROXY routes and deploys it to `stage`; returns the API id. */
export async function createApi(
  h: Harness,
  name: string,
  binaryMediaTypes: string[],
  routes: RouteSpec[],
  stage = "prod",
): Promise<string> {
  const api = await h.apigw.send(new CreateRestApiCommand({ name, ...(binaryMediaTypes.length ? { binaryMediaTypes } : {}) }));
  const apiId = api.id!;
  const res = await h.apigw.send(new GetResourcesCommand({ restApiId: apiId }));
  const byPath = new Map<string, string>((res.items ?? []).map((r) => [r.path!, r.id!]));
  for (const route of routes) {
    let parent = "/";
    for (const part of route.path.split("/").filter(Boolean)) {
      const p = parent === "/" ? `/${part}` : `${parent}/${part}`;
      if (!byPath.has(p)) {
        const created = await h.apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: byPath.get(parent)!, pathPart: part }));
        byPath.set(p, created.id!);
      }
      parent = p;
    }
    const resourceId = byPath.get(route.path)!;
    const httpMethod = route.method ?? "GET";
    await h.apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod, authorizationType: "NONE" }));
    await h.apigw.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId,
        httpMethod,
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${route.functionArn}/invocations`,
        ...(route.timeoutInMillis ? { timeoutInMillis: route.timeoutInMillis } : {}),
      }),
    );
  }
  await h.apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: stage }));
  return apiId;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** One HTTP request with exactly these headers; a fresh connection unless an agent is given. */
export function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string; agent?: http.Agent; host?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.host) headers.Host = opts.host;
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method ?? "GET", headers, agent: opts.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** The path-style invoke URL of a stage. */
export const invokeUrl = (h: Harness, apiId: string, stage: string, p: string) => `${h.url}/_aws/execute-api/${apiId}/${stage}${p}`;

/** A handler that returns whatever result the test puts base64-encoded in the `x-result` header, or echoes the event. */
export const RESULT_HANDLER = `"use strict";
exports.handler = async (event) => {
  const h = event.headers || {};
  if (h["x-result"]) return JSON.parse(Buffer.from(h["x-result"], "base64").toString("utf8"));
  return { statusCode: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify(event) };
};
`;

/** Base64 of a result object, for the x-result header. */
export const result = (r: unknown) => Buffer.from(JSON.stringify(r)).toString("base64");
