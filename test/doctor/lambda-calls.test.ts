/**
 * lib/aws's Lambda calls (Invoke, GetFunction + package download, GetPolicy, AddPermission) and UpdateIntegration,
 * against a real emulator over HTTP with the real SDK underneath (docs/conventions.md: no mocked SDK).
 */
import { CreateFunctionCommand } from "@aws-sdk/client-lambda";
import {
  GetIntegrationCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addPermission,
  downloadPackageFiles,
  getFunction,
  getPolicy,
  invokeFunction,
  updateIntegrationContentHandling,
} from "@/lib/aws";
import { addPermissionFix, checkAdapters, checkPermission, detectAdapters } from "@/lib/binary";
import { createApi, startTarget } from "../aws/helpers";
import type { TestEmulator } from "../support/emulator";

const region = "us-east-1";
const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
let emu: TestEmulator;
let stop: () => Promise<void>;

const pkg = {
  "package.json": JSON.stringify({ name: "app", dependencies: { "serverless-http": "^3.2.0", express: "^4.19.2" } }),
  "index.js":
    'const serverless = require("serverless-http");\nconst app = require("./app");\n' +
    "module.exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, " +
    "body: `saw ${event.httpMethod} ${event.path} accept=${event.headers.Accept}` });\n",
  "app.js": "module.exports = {};\n",
  "node_modules/serverless-http/package.json": JSON.stringify({ name: "serverless-http", version: "3.2.0" }),
  "node_modules/serverless-http/index.js": "module.exports = () => () => ({});\n",
  "assets/logo.png": "\x89PNG not really",
};

beforeAll(async () => {
  ({ emu, stop } = (await startTarget()) as unknown as { emu: TestEmulator; stop: () => Promise<void> });
  const zip = zipSync(Object.fromEntries(Object.entries(pkg).map(([k, v]) => [k, strToU8(v)])));
  await emu.lambda.send(
    new CreateFunctionCommand({
      FunctionName: "doc-fn",
      Runtime: "nodejs20.x",
      Role: ROLE,
      Handler: "index.handler",
      Code: { ZipFile: zip },
    }),
  );
});
afterAll(async () => {
  await stop?.();
});

describe("lib/aws Lambda calls", () => {
  it("invokes the function directly and returns its raw payload", async () => {
    const r = await invokeFunction(region, "doc-fn", {
      httpMethod: "GET",
      path: "/x",
      headers: { Accept: "image/png" },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.functionError).toBeNull();
    expect(JSON.parse(r.data.payload)).toEqual({
      statusCode: 200,
      headers: { "content-type": "text/plain" },
      body: "saw GET /x accept=image/png",
    });
    expect(r.data.payloadBytes).toBe(new TextEncoder().encode(r.data.payload).length);
  });

  it("downloads the package from Code.Location and keeps only manifests and handler sources", async () => {
    const fn = await getFunction(region, "doc-fn");
    expect(fn.ok).toBe(true);
    if (!fn.ok) return;
    expect(fn.data.handler).toBe("index.handler");
    expect(fn.data.codeLocation).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const files = await downloadPackageFiles(fn.data.codeLocation ?? "");
    expect(files.ok).toBe(true);
    if (!files.ok) return;
    expect(Object.keys(files.data.files).sort()).toEqual([
      "app.js",
      "index.js",
      "node_modules/serverless-http/package.json",
      "package.json",
    ]);
    expect(files.data.skipped).toBe(2);
    const [report] = detectAdapters({ files: files.data.files, mediaType: "image/png" });
    expect(report).toMatchObject({ id: "serverless-http", version: "3.2.0", handlesType: "no" });
    expect(checkAdapters({ files: files.data.files, mediaType: "image/png" })[0].status).toBe("failed");
  });

  it("bounds the download and refuses a location that is not the target's", async () => {
    const fn = await getFunction(region, "doc-fn");
    if (!fn.ok) throw new Error(fn.error.message);
    const small = await downloadPackageFiles(fn.data.codeLocation ?? "", {
      maxZipBytes: 100,
      timeoutMs: 5_000,
      maxFileBytes: 1024,
      maxTotalBytes: 4096,
    });
    expect(small.ok ? "downloaded" : small.error.message).toMatch(/over .* MB; it was not inspected/);
    const elsewhere = await downloadPackageFiles("http://169.254.169.254/latest/meta-data/");
    expect(elsewhere.ok ? "fetched" : elsewhere.error.code).toBe("invalid");
    const missing = await getFunction(region, "no-such-fn");
    expect(missing.ok ? "found" : missing.error.code).toBe("not-found");
  });

  it("reads a missing policy as null, adds the doctor's statement once, and then the check passes", async () => {
    const apiId = await createApi(emu.apigw, "doctor-perm", { stage: "prod" });
    const methodArn = `arn:aws:execute-api:${region}:000000000000:${apiId}/prod/GET/`;
    const before = await getPolicy(region, "doc-fn");
    expect(before).toEqual({ ok: true, data: null });
    expect(checkPermission("doc-fn", null, methodArn).status).toBe("failed");
    const fix = addPermissionFix("doc-fn", methodArn);
    if (!fix) throw new Error("no fix");
    const added = await addPermission(region, fix);
    expect(added.ok && added.data.added).toBe(true);
    const again = await addPermission(region, fix);
    expect(again).toEqual({ ok: true, data: { added: false, statement: "" } });
    const after = await getPolicy(region, "doc-fn");
    if (!after.ok) throw new Error(after.error.message);
    expect(checkPermission("doc-fn", after.data, methodArn).status).toBe("passed");
    const noFn = await getPolicy(region, "no-such-fn");
    expect(noFn.ok ? "found" : noFn.error.code).toBe("not-found");
  });

  it("sets a MOCK OPTIONS integration's contentHandling to CONVERT_TO_TEXT", async () => {
    const apiId = await createApi(emu.apigw, "doctor-cors", { stage: null, binaryMediaTypes: ["*/*"] });
    const resources = await emu.apigw.send(new GetResourcesCommand({ restApiId: apiId }));
    const root = resources.items?.find((r) => r.path === "/")?.id ?? "";
    await emu.apigw.send(
      new PutMethodCommand({ restApiId: apiId, resourceId: root, httpMethod: "OPTIONS", authorizationType: "NONE" }),
    );
    await emu.apigw.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: root,
        httpMethod: "OPTIONS",
        type: "MOCK",
        requestTemplates: { "application/json": '{"statusCode":200}' },
      }),
    );
    const r = await updateIntegrationContentHandling(region, apiId, root, "OPTIONS", "CONVERT_TO_TEXT");
    expect(r).toEqual({ ok: true, data: { contentHandling: "CONVERT_TO_TEXT" } });
    const stored = await emu.apigw.send(
      new GetIntegrationCommand({ restApiId: apiId, resourceId: root, httpMethod: "OPTIONS" }),
    );
    expect(stored.contentHandling).toBe("CONVERT_TO_TEXT");
  });
});
