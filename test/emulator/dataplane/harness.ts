/**
 * Test harness for the data plane: a real emulator on an ephemeral port with a fresh state dir, the real
 * AWS SDK clients against it, real zips (fflate), and a raw node:http client that sends exactly the
 * headers a test gives (no default Accept, unlike fetch).
 */
import http from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { LambdaClient } from "@aws-sdk/client-lambda";
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

/** Function and proxy-API builders: one implementation, shared with e2e and the benchmark. */
export { createProxyFunction as createFunction, createProxyApi as createApi, type RouteSpec } from "../../support/proxy-api";

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
