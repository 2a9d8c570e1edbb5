/**
 * In-worker proxy conversion: a Node worker runs lib/binary's lambdaResultToResponse itself and sends the final
 * client response ("response" outcome). These tests prove its bytes are exactly what lib/binary gives for the
 * same result (as JSON carries it), that Lambda's limit still applies first (docs/aws-binary-rules.md §8), that Python
 * workers keep the split "ok" path, and that the handler sees no trace of the tsx/lib/binary paths. Real workers, no
 * mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync, strToU8 } from "fflate";
import { createRuntime } from "../../../lib/emulator/runtime";
import type { ProxyConversion, ProxyInvokeOutcome, Runtime } from "../../../lib/emulator/contracts";
import type { FunctionRecord } from "../../../lib/emulator/model";
import { lambdaResultToResponse, LAMBDA_RESPONSE_LIMIT_BYTES } from "../../../lib/binary";

const REGION = "eu-west-1";
let dir: string;
let runtime: Runtime;
let plainRuntime: Runtime; // binaryLib: null — Node workers cannot convert
const zips = new Map<string, string>();

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "bg-conv-"));
  const codePath = (region: string, name: string, sha: string) => zips.get(`${region}/${name}/${sha}`)!;
  runtime = createRuntime({ codePath, workDir: path.join(dir, "work"), accountId: "123456789012" });
  plainRuntime = createRuntime({
    codePath,
    workDir: path.join(dir, "work2"),
    accountId: "123456789012",
    binaryLib: null,
  });
});

afterAll(async () => {
  await runtime.close();
  await plainRuntime.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
function deploy(files: Record<string, string>, over: Partial<FunctionRecord> = {}): FunctionRecord {
  const name = `conv-${++counter}`;
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
  const sha = createHash("sha256").update(zip).digest("base64");
  const zipPath = path.join(dir, `${name}.zip`);
  writeFileSync(zipPath, zip);
  zips.set(`${REGION}/${name}/${sha}`, zipPath);
  return {
    name,
    arn: `arn:aws:lambda:${REGION}:123456789012:function:${name}`,
    runtime: "nodejs20.x",
    handler: "index.handler",
    role: "arn:aws:iam::123456789012:role/lambda",
    description: "",
    timeout: 10,
    memorySize: 256,
    environment: {},
    architectures: ["x86_64"],
    codeSha256: sha,
    codeSize: zip.length,
    lastModified: "2026-11-24T00:00:00.000+0000",
    revisionId: "rev",
    version: "$LATEST",
    state: "Active",
    tags: {},
    ...over,
  };
}

let rid = 0;
const proxy = (rt: Runtime, fn: FunctionRecord, event: unknown, proxyConversion?: ProxyConversion) =>
  rt.invokeProxy({
    fn,
    region: REGION,
    payload: Buffer.from(JSON.stringify(event)),
    requestId: `conv-${++rid}`,
    proxyConversion,
  });

/** Asserts a "response" outcome equal, field for field and byte for byte, to lib/binary's answer for `result`. */
function expectSameAsLibBinary(o: ProxyInvokeOutcome, result: unknown, conv: ProxyConversion) {
  if (o.kind !== "response")
    throw new Error(
      `expected a converted response, got ${o.kind}${o.kind === "function-error" ? `: ${o.payload.toString()}` : ""}`,
    );
  // What API Gateway receives is the result as JSON (undefined dropped, NaN → null, toJSON applied).
  const json = JSON.stringify(result === undefined ? null : result) ?? "null";
  const want = lambdaResultToResponse(JSON.parse(json), conv.accept, conv.binaryMediaTypes);
  expect(o.resultJsonBytes).toBe(Buffer.byteLength(json));
  expect(o.response.kind).toBe(want.kind);
  expect(o.response.statusCode).toBe(want.statusCode);
  expect(o.response.headers).toEqual(want.headers);
  expect(Buffer.compare(o.response.body, Buffer.from(want.body))).toBe(0);
  if (want.kind === "response") expect(o.response.kind === "response" && o.response.bodyMode).toBe(want.bodyMode);
  else expect(o.response.kind === "error" && o.response.reason).toBe(want.reason);
  return want;
}

const RAW = Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 9)) & 255);
const RAW_SRC = `Buffer.from(Array.from({ length: 300000 }, (_, i) => (i * 7 + (i >> 9)) & 255))`;
const PNG_TYPES = ["image/png"];

// [name, result expression (evaluated in the handler AND here), Accept, binaryMediaTypes, expected status]
const CASES: [string, string, string | null, string[], number][] = [
  [
    "binary, Accept matches (300 KB: body file)",
    `({ statusCode: 200, headers: { "Content-Type": "image/png" }, isBase64Encoded: true, body: ${RAW_SRC}.toString("base64") })`,
    "image/png",
    PNG_TYPES,
    200,
  ],
  [
    "binary, small (inline)",
    `({ statusCode: 201, headers: { "Content-Type": "image/png" }, isBase64Encoded: true, body: "iVBORw0KGgo=" })`,
    "image/png,*/*",
    PNG_TYPES,
    201,
  ],
  [
    "Accept does not match → base64 text",
    `({ statusCode: 200, headers: { "Content-Type": "image/png" }, isBase64Encoded: true, body: ${RAW_SRC}.toString("base64") })`,
    "text/html",
    PNG_TYPES,
    200,
  ],
  ["no Accept → base64 text", `({ statusCode: 200, isBase64Encoded: true, body: "AAEC" })`, null, ["*/*"], 200],
  [
    "invalid base64, Accept matches → 500",
    `({ statusCode: 200, isBase64Encoded: true, body: "not base64!" })`,
    "image/png",
    PNG_TYPES,
    500,
  ],
  [
    "URL-safe base64, Accept matches → 500",
    `({ statusCode: 200, isBase64Encoded: true, body: "ab-_" })`,
    "image/png",
    PNG_TYPES,
    500,
  ],
  [
    "invalid base64, Accept does not match → text",
    `({ statusCode: 200, isBase64Encoded: true, body: "not base64!" })`,
    "text/plain",
    PNG_TYPES,
    200,
  ],
  ["unknown key → 502", `({ statusCode: 200, wrongValue: "value", body: "x" })`, "image/png", PNG_TYPES, 502],
  ["object body → 502", `({ statusCode: 200, body: { a: 1 } })`, null, [], 502],
  ["a string result → 502", `"justAString"`, null, [], 502],
  ["undefined result → 502", `undefined`, null, [], 502],
  [
    "NaN status and undefined header, as JSON carries them",
    `({ statusCode: NaN, headers: { a: undefined, "X-B": "1" }, body: "hi" })`,
    null,
    [],
    200,
  ],
  ["toJSON", `({ toJSON() { return { statusCode: 202, body: "from toJSON" }; } })`, null, [], 202],
  [
    "multiValueHeaders and headers merged",
    `({ statusCode: 200, multiValueHeaders: { "Set-Cookie": ["a=1", "b=2"], "X-M": ["m"] }, headers: { "X-M": "solo", "x-bool": true }, body: "ok" })`,
    null,
    [],
    200,
  ],
  [
    "unicode text, a lone surrogate",
    `({ statusCode: 200, body: "héllo \\ud800 ✓ " + "é".repeat(70000) })`,
    "text/html",
    ["text/html"],
    200,
  ],
  ["no body", `({ statusCode: 204 })`, null, [], 204],
  [
    "a header HTTP cannot carry → 502",
    `({ statusCode: 200, headers: { "X-Bad": "a\\r\\nb" }, body: "x" })`,
    null,
    [],
    502,
  ],
];

describe("Node workers convert proxy results with lib/binary", () => {
  let fn: FunctionRecord;
  beforeAll(() => {
    fn = deploy({
      "index.js": `"use strict";\nconst R = [\n${CASES.map(([, expr]) => `  () => ${expr},`).join("\n")}\n];\nexports.handler = async (e) => R[e.i]();\n`,
    });
  });

  it.each(CASES.map((c, i) => [c[0], i] as const))("%s", async (_name, i) => {
    const [, expr, accept, types, status] = CASES[i];
    const conv = { accept, binaryMediaTypes: types };
    const o = await proxy(runtime, fn, { i }, conv);
    const result = new Function(`return ${expr};`)() as unknown;
    const want = expectSameAsLibBinary(o, result, conv);
    expect(want.statusCode).toBe(status);
    if (i === 0) {
      // The decoded bytes themselves, not only "equal to lib/binary".
      expect(o.kind === "response" && o.response.body.equals(Buffer.from(RAW))).toBe(true);
    }
  });

  it("never serves a stale conversion: same string, other Accept, equal copy, other types, other body", async () => {
    const f = deploy({
      "index.js": `const a = Buffer.alloc(200000, 1).toString("base64"), b = Buffer.alloc(200000, 2).toString("base64");
exports.handler = async (e) => ({ statusCode: 200, headers: { "Content-Type": "application/octet-stream" }, isBase64Encoded: true,
  body: e.pick === "a" ? a : e.pick === "copy" ? a.slice(0, 10) + a.slice(10) : b });`,
    });
    const steps: [string, string | null, string[], number | "text"][] = [
      ["a", "application/octet-stream", ["application/octet-stream"], 1],
      ["a", "application/octet-stream", ["application/octet-stream"], 1],
      ["a", "text/html", ["application/octet-stream"], "text"],
      ["a", "application/octet-stream", ["application/octet-stream"], 1],
      ["copy", "application/octet-stream", ["application/octet-stream"], 1],
      ["a", "application/octet-stream", ["image/png"], "text"],
      ["b", "application/octet-stream", ["application/octet-stream"], 2],
      ["a", "application/octet-stream", ["application/octet-stream"], 1],
    ];
    for (const [pick, accept, types, want] of steps) {
      const o = await proxy(runtime, f, { pick }, { accept, binaryMediaTypes: types });
      if (o.kind !== "response") throw new Error(`expected response, got ${o.kind}`);
      if (want === "text") {
        expect(o.response.kind === "response" && o.response.bodyMode).toBe("text");
        expect(o.response.body.toString("latin1")).toBe(Buffer.alloc(200000, 1).toString("base64"));
      } else {
        expect(o.response.kind === "response" && o.response.bodyMode).toBe("binary");
        expect(o.response.body.equals(Buffer.alloc(200000, want))).toBe(true);
      }
    }
  });

  it("applies Lambda's 6,291,556-byte limit before converting (Function.ResponseSizeTooLarge)", async () => {
    // A valid base64 body whose decoded bytes would be small enough, but whose result JSON is over the limit.
    const f = deploy({
      "index.js": `const big = Buffer.alloc(4718700, 9).toString("base64");\nexports.handler = async () => ({ isBase64Encoded: true, body: big });`,
    });
    const o = await proxy(runtime, f, {}, { accept: "*/*", binaryMediaTypes: ["*/*"] });
    expect(
      Buffer.byteLength(JSON.stringify({ isBase64Encoded: true, body: Buffer.alloc(4718700, 9).toString("base64") })),
    ).toBeGreaterThan(LAMBDA_RESPONSE_LIMIT_BYTES);
    if (o.kind !== "function-error") throw new Error(`expected a function error, got ${o.kind}`);
    expect(o.errorType).toBe("Function.ResponseSizeTooLarge");
  });

  it('answers the split "ok" outcome without proxyConversion (nothing changes for other callers)', async () => {
    const o = await proxy(runtime, fn, { i: 1 });
    if (o.kind !== "ok") throw new Error(`expected ok, got ${o.kind}`);
    expect(o.body!.toString()).toBe("iVBORw0KGgo=");
    expect(o.envelope).toEqual({ statusCode: 201, headers: { "Content-Type": "image/png" }, isBase64Encoded: true });
  });

  it('falls back to the split "ok" outcome when lib/binary is not available to workers (binaryLib: null)', async () => {
    const o = await proxy(plainRuntime, fn, { i: 1 }, { accept: "image/png", binaryMediaTypes: PNG_TYPES });
    expect(o.kind).toBe("ok");
  });
});

describe("isolation", () => {
  it("leaves no trace of tsx or lib/binary in the handler's env, argv or module loaders", async () => {
    const f = deploy({
      "index.js": `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ env: process.env, argv: process.argv, execArgv: process.execArgv, ext: Object.keys(require.extensions), tsx: Object.keys(require.cache).filter((k) => /tsx|lib[\\\\/]binary/.test(k)) }) });`,
    });
    const conv = { accept: "application/json", binaryMediaTypes: ["image/png"] };
    // Twice: the second runs after this worker loaded lib/binary for the first conversion.
    for (let n = 0; n < 2; n++) {
      const o = await proxy(runtime, f, {}, conv);
      if (o.kind !== "response") throw new Error(`expected response, got ${o.kind}`);
      const seen = JSON.parse(o.response.body.toString("utf8")) as {
        env: Record<string, string>;
        argv: string[];
        execArgv: string[];
        ext: string[];
        tsx: string[];
      };
      const all = JSON.stringify([seen.env, seen.argv, seen.execArgv]);
      expect(all).not.toMatch(/tsx|lib\/binary|--bg-|binarygate-body/);
      expect(seen.argv.length).toBe(2);
      expect(seen.argv[1]).toMatch(/bootstrap-node\.cjs$/);
      expect(seen.ext).toEqual([".js", ".json", ".node"]);
      expect(seen.tsx).toEqual([]);
      expect(Object.keys(seen.env).some((k) => /TSX|NODE_OPTIONS/.test(k))).toBe(false);
    }
  });

  it("a Node worker's user code cannot require TypeScript after lib/binary was loaded (tsx not registered)", async () => {
    const f = deploy({
      "index.js": `exports.handler = async () => { let r; try { require("./mod.ts"); r = "loaded"; } catch (e) { r = e.name; } return { statusCode: 200, body: r }; };`,
      "mod.ts": `const x: number = 1;\nmodule.exports = x;\n`,
    });
    const conv = { accept: null, binaryMediaTypes: [] };
    await proxy(runtime, f, {}, conv);
    const o = await proxy(runtime, f, {}, conv);
    if (o.kind !== "response") throw new Error(`expected response, got ${o.kind}`);
    expect(o.response.body.toString()).toBe("SyntaxError");
  });
});

describe("Python workers", () => {
  it('keep the split "ok" path even when conversion is asked for', async () => {
    const f = deploy(
      {
        "h.py": `def handler(event, context):\n    return {"statusCode": 200, "isBase64Encoded": True, "body": "AAEC"}\n`,
      },
      { runtime: "python3.12", handler: "h.handler" },
    );
    const o = await proxy(runtime, f, {}, { accept: "*/*", binaryMediaTypes: ["*/*"] });
    if (o.kind !== "ok") throw new Error(`expected ok, got ${o.kind}`);
    expect(o.body!.toString()).toBe("AAEC");
  });
});
