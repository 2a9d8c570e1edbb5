/**
 * The Lambda runtime end to end: real zips, real worker processes (node and python3), no mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync, strToU8 } from "fflate";
import { createRuntime } from "../../../lib/emulator/runtime";
import type { InvokeOutcome, Runtime } from "../../../lib/emulator/contracts";
import type { FunctionRecord } from "../../../lib/emulator/model";

const REGION = "eu-west-1";
let dir: string;
let runtime: Runtime;
const zips = new Map<string, string>();

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "bg-runtime-"));
  runtime = createRuntime({
    codePath: (region, name, sha) => zips.get(`${region}/${name}/${sha}`)!,
    workDir: path.join(dir, "work"),
    accountId: "123456789012",
  });
});

afterAll(async () => {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
/** Writes a zip of `files` as the stored code of a new function and returns its record. */
function deploy(files: Record<string, string>, over: Partial<FunctionRecord> = {}): FunctionRecord {
  const name = over.name ?? `fn-${++counter}`;
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
  const sha = createHash("sha256").update(zip).digest("base64");
  const zipPath = path.join(dir, `${name}-${counter}.zip`);
  writeFileSync(zipPath, zip);
  zips.set(`${REGION}/${name}/${sha}`, zipPath);
  return {
    name,
    arn: `arn:aws:lambda:${REGION}:123456789012:function:${name}`,
    runtime: "nodejs20.x",
    handler: "index.handler",
    role: "arn:aws:iam::123456789012:role/lambda",
    description: "",
    timeout: 3,
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
const invoke = (fn: FunctionRecord, event: unknown = {}, deadlineMs?: number) =>
  runtime.invoke({
    fn,
    region: REGION,
    payload: Buffer.from(JSON.stringify(event)),
    requestId: `req-${++rid}`,
    deadlineMs,
  });
const invokeProxy = (fn: FunctionRecord, event: unknown = {}) =>
  runtime.invokeProxy({ fn, region: REGION, payload: Buffer.from(JSON.stringify(event)), requestId: `req-${++rid}` });

function okJson(o: InvokeOutcome): any {
  if (o.kind !== "ok") throw new Error(`expected ok, got ${o.errorType}: ${o.payload.toString()}`);
  return JSON.parse(o.payload.toString("utf8"));
}

function errorOf(o: InvokeOutcome | Awaited<ReturnType<Runtime["invokeProxy"]>>): { errorType: string; payload: any } {
  if (o.kind !== "function-error") throw new Error("expected a function error");
  expect(o.functionError).toBe("Unhandled");
  return { errorType: o.errorType, payload: JSON.parse(o.payload.toString("utf8")) };
}

const ECHO = `exports.handler = async (event, context) => ({
  event,
  pid: process.pid,
  context: {
    functionName: context.functionName, functionVersion: context.functionVersion,
    invokedFunctionArn: context.invokedFunctionArn, memoryLimitInMB: context.memoryLimitInMB,
    awsRequestId: context.awsRequestId, logGroupName: context.logGroupName, logStreamName: context.logStreamName,
    remaining: context.getRemainingTimeInMillis(), waits: context.callbackWaitsForEmptyEventLoop,
  },
});`;

describe("Node.js handlers", () => {
  it("runs a CommonJS async handler with Lambda's context", async () => {
    const fn = deploy({ "index.js": ECHO }, { timeout: 7, memorySize: 320 });
    const out = okJson(
      await runtime.invoke({ fn, region: REGION, payload: Buffer.from('{"q":"é"}'), requestId: "rq-ctx" }),
    );
    expect(out.event).toEqual({ q: "é" });
    expect(out.context).toMatchObject({
      functionName: fn.name,
      functionVersion: "$LATEST",
      invokedFunctionArn: fn.arn,
      memoryLimitInMB: "320",
      awsRequestId: "rq-ctx",
      logGroupName: `/aws/lambda/${fn.name}`,
      waits: true,
    });
    expect(out.context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(out.context.remaining).toBeGreaterThan(5000);
    expect(out.context.remaining).toBeLessThanOrEqual(7000);
  });

  it("loads ESM from .mjs and from .js under package.json type=module", async () => {
    const mjs = deploy({
      "index.mjs": `export const handler = async (e) => ({ esm: import.meta.url.endsWith("index.mjs"), e });`,
    });
    expect(okJson(await invoke(mjs, { a: 1 }))).toEqual({ esm: true, e: { a: 1 } });
    const typed = deploy(
      {
        "package.json": JSON.stringify({ type: "module" }),
        "app.js": `import { sep } from "node:path"; export async function handler() { return { esm: typeof import.meta.url, sep }; }`,
      },
      { handler: "app.handler" },
    );
    expect(okJson(await invoke(typed))).toEqual({ esm: "string", sep: "/" });
  });

  it("resolves a handler in a nested directory and a .cjs file", async () => {
    const nested = deploy(
      { "src/app.js": `exports.handler = async () => ({ where: __filename.endsWith("/src/app.js") });` },
      { handler: "src/app.handler" },
    );
    expect(okJson(await invoke(nested))).toEqual({ where: true });
    const cjs = deploy({ "h.cjs": `module.exports.go = async () => "cjs";` }, { handler: "h.go" });
    expect(okJson(await invoke(cjs))).toBe("cjs");
  });

  it("supports callback handlers and context.succeed", async () => {
    const cb = deploy({
      "index.js": `exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { via: "callback", n: event.n }), 10); };`,
    });
    expect(okJson(await invoke(cb, { n: 3 }))).toEqual({ via: "callback", n: 3 });
    const cbErr = deploy({ "index.js": `exports.handler = (e, c, callback) => callback(new TypeError("bad input"));` });
    const err = errorOf(await invoke(cbErr));
    expect(err.errorType).toBe("TypeError");
    expect(err.payload).toMatchObject({ errorType: "TypeError", errorMessage: "bad input" });
    const succeed = deploy({
      "index.js": `exports.handler = (e, context) => { context.succeed({ via: "succeed" }); };`,
    });
    expect(okJson(await invoke(succeed))).toEqual({ via: "succeed" });
  });

  it("answers undefined and a sync handler's value as null, as Lambda does", async () => {
    const undef = deploy({ "index.js": `exports.handler = async () => undefined;` });
    const o = await invoke(undef);
    expect(o.kind === "ok" && o.payload.toString()).toBe("null");
    const sync = deploy({ "index.js": `exports.handler = (event) => ({ ignored: true });` });
    const s = await invoke(sync);
    expect(s.kind === "ok" && s.payload.toString()).toBe("null");
  });

  it("reports a thrown error as Lambda's Node runtime does (errorType, errorMessage, trace)", async () => {
    const fn = deploy({
      "index.js": `class ImageError extends Error { constructor(m) { super(m); this.name = "ImageError"; } }\nexports.handler = async () => { console.log("about to fail"); throw new ImageError("cannot render"); };`,
    });
    const o = await invoke(fn);
    const err = errorOf(o);
    expect(err.errorType).toBe("ImageError");
    expect(err.payload.errorType).toBe("ImageError");
    expect(err.payload.errorMessage).toBe("cannot render");
    expect(Array.isArray(err.payload.trace)).toBe(true);
    expect(err.payload.trace[0]).toBe("ImageError: cannot render");
    expect(o.logTail).toMatch(/INFO\tabout to fail/);
    expect(o.logTail).toMatch(/ERROR\tInvoke Error/);
    // The worker survives a thrown error and serves the next invocation.
    expect(errorOf(await invoke(fn)).errorType).toBe("ImageError");
  });

  it("reports a non-serialisable result instead of crashing", async () => {
    const fn = deploy({ "index.js": `exports.handler = async () => { const a = {}; a.self = a; return a; };` });
    const err = errorOf(await invoke(fn));
    expect(err.payload.errorMessage).toBe("Unable to stringify response body");
    const big = deploy({ "index.js": `exports.handler = async () => ({ n: 10n });` });
    expect(errorOf(await invokeProxy(big)).payload.errorMessage).toBe("Unable to stringify response body");
  });

  it("reports init failures: missing module, missing export", async () => {
    const noModule = deploy({ "other.js": "" }, { handler: "index.handler" });
    const a = errorOf(await invoke(noModule));
    expect(a.errorType).toBe("Runtime.ImportModuleError");
    expect(a.payload.errorMessage).toMatch(/Cannot find module 'index'/);
    const noExport = deploy({ "index.js": "exports.other = () => 1;" });
    const b = errorOf(await invoke(noExport));
    expect(b.errorType).toBe("Runtime.HandlerNotFound");
    expect(b.payload.errorMessage).toBe("index.handler is undefined or not exported");
  });

  it("refuses an event that is not JSON with Lambda's InvalidRequestContentException", async () => {
    const fn = deploy({ "index.js": ECHO });
    await expect(
      runtime.invoke({ fn, region: REGION, payload: Buffer.from("{nope"), requestId: "bad" }),
    ).rejects.toMatchObject({
      type: "InvalidRequestContentException",
      status: 400,
    });
    // An empty payload is the event {} (what `aws lambda invoke` without --payload sends).
    expect(
      okJson(await runtime.invoke({ fn, region: REGION, payload: Buffer.alloc(0), requestId: "empty" })).event,
    ).toEqual({});
  });
});

describe("environment", () => {
  it("gives the function its variables and Lambda's, never the emulator's own environment", async () => {
    process.env.BG_PARENT_SECRET = "must-not-leak";
    const prevKey = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = "REAL-SECRET-FROM-PARENT";
    try {
      const fn = deploy(
        { "index.js": `exports.handler = async () => process.env;` },
        {
          environment: { BUCKET: "assets", AWS_REGION: "xx-fake-1" },
          memorySize: 512,
          handler: "index.handler",
        },
      );
      const env = okJson(await invoke(fn));
      expect(env.BUCKET).toBe("assets");
      expect(env.BG_PARENT_SECRET).toBeUndefined();
      expect(env.AWS_SECRET_ACCESS_KEY).toBe("test");
      expect(env.AWS_ACCESS_KEY_ID).toBe("test");
      expect(env).toMatchObject({
        AWS_LAMBDA_FUNCTION_NAME: fn.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_REGION: REGION, // reserved: the function's own value does not win
        AWS_DEFAULT_REGION: REGION,
        AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x",
        _HANDLER: "index.handler",
        TZ: ":UTC",
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
      });
      expect(env.LAMBDA_TASK_ROOT).toContain(path.join(dir, "work", "code", REGION, fn.name));
      const allowed = new Set([
        "PATH",
        "LANG",
        "HOME",
        "TMPDIR",
        "BUCKET",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
        "TZ",
        "_HANDLER",
      ]);
      const unexpected = Object.keys(env).filter((k) => !allowed.has(k) && !k.startsWith("AWS_"));
      expect(unexpected).toEqual([]);
    } finally {
      delete process.env.BG_PARENT_SECRET;
      if (prevKey === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = prevKey;
    }
  });

  it("caps the V8 heap from MemorySize", async () => {
    const fn = deploy(
      { "index.js": `exports.handler = async () => require("v8").getHeapStatistics().heap_size_limit / 1048576;` },
      { memorySize: 128 },
    );
    const limitMb = okJson(await invoke(fn));
    expect(limitMb).toBeGreaterThan(100);
    expect(limitMb).toBeLessThan(200);
  });
});

describe("Python handlers", () => {
  it("runs module.function with JSON in and out and Lambda's context", async () => {
    const fn = deploy(
      {
        "app/main.py": `import os, json\ndef handler(event, context):\n    print("hello from python")\n    return {"echo": event, "name": context.function_name, "mem": context.memory_limit_in_mb, "rid": context.aws_request_id, "arn": context.invoked_function_arn, "group": context.log_group_name, "remaining": context.get_remaining_time_in_millis(), "env": os.environ.get("STAGE"), "secret": os.environ.get("AWS_SECRET_ACCESS_KEY")}\n`,
        "app/__init__.py": "",
      },
      { runtime: "python3.12", handler: "app/main.handler", environment: { STAGE: "dev" }, memorySize: 192 },
    );
    const o = await runtime.invoke({ fn, region: REGION, payload: Buffer.from('{"k":[1,"ü"]}'), requestId: "py-1" });
    const out = okJson(o);
    expect(out).toMatchObject({
      echo: { k: [1, "ü"] },
      name: fn.name,
      mem: "192",
      rid: "py-1",
      arn: fn.arn,
      group: `/aws/lambda/${fn.name}`,
      env: "dev",
      secret: "test",
    });
    expect(out.remaining).toBeGreaterThan(1000);
    expect(o.logTail).toContain("hello from python");
    // Lambda's Python runtime serialises with json.dumps defaults.
    expect(o.kind === "ok" && o.payload.toString()).toContain('"echo": {"k": [1, "\\u00fc"]}');
  });

  it("reports a raised exception as Lambda's Python runtime does", async () => {
    const fn = deploy(
      { "lambda_function.py": `def lambda_handler(event, context):\n    raise ValueError("bad value")\n` },
      { runtime: "python3.11", handler: "lambda_function.lambda_handler" },
    );
    const o = await runtime.invoke({ fn, region: REGION, payload: Buffer.from("{}"), requestId: "py-err" });
    const err = errorOf(o);
    expect(err.errorType).toBe("ValueError");
    expect(err.payload).toMatchObject({ errorMessage: "bad value", errorType: "ValueError", requestId: "py-err" });
    expect(err.payload.stackTrace.join("")).toContain("lambda_function.py");
  });

  it("times out, exits and prints megabytes without harm", async () => {
    const fn = deploy(
      {
        "f.py": `import os, sys, time\ndef handler(event, context):\n    if event.get("hang"):\n        time.sleep(30)\n    if event.get("exit"):\n        sys.exit(3)\n    if event.get("spam"):\n        for i in range(20 * 1024):\n            print("y" * 1023)\n        print("LAST")\n    return os.getpid()\n`,
      },
      { runtime: "python3.12", handler: "f.handler", timeout: 1 },
    );
    const pid = okJson(await invoke(fn));
    const t0 = Date.now();
    expect(errorOf(await invoke(fn, { hang: true })).errorType).toBe("Sandbox.Timedout");
    expect(Date.now() - t0).toBeLessThan(2500);
    const exit = errorOf(await invoke(fn, { exit: true }));
    expect(exit.payload.errorMessage).toMatch(/Runtime exited with error: exit status 3$/);
    const spam = await invoke(fn, { spam: true });
    expect(typeof okJson(spam)).toBe("number");
    expect(okJson(spam)).not.toBe(pid);
    expect(spam.logTail).toContain("LAST");
    expect(Buffer.byteLength(spam.logTail)).toBeLessThanOrEqual(4096);
  });

  it("splits a proxy result for the data plane", async () => {
    const fn = deploy(
      {
        "h.py": `import base64\nRAW = bytes(range(256))\ndef handler(event, context):\n    return {"statusCode": 200, "isBase64Encoded": True, "headers": {"content-type": "image/png"}, "body": base64.b64encode(RAW).decode()}\n`,
      },
      { runtime: "python3.12", handler: "h.handler" },
    );
    const o = await invokeProxy(fn);
    if (o.kind !== "ok") throw new Error(o.kind === "function-error" ? o.payload.toString() : `unexpected ${o.kind}`);
    expect(o.envelope).toEqual({ statusCode: 200, isBase64Encoded: true, headers: { "content-type": "image/png" } });
    expect(Buffer.from(o.body!.toString(), "base64")).toEqual(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
  });
});

describe("faults never take the runtime down", () => {
  it("times out with Sandbox.Timedout after the function's Timeout, then serves again", async () => {
    const fn = deploy(
      {
        "index.js": `exports.handler = async (e) => { if (e.hang) await new Promise(() => setInterval(() => {}, 1000)); return { pid: process.pid }; };`,
      },
      { timeout: 1 },
    );
    const before = okJson(await invoke(fn)).pid;
    const t0 = Date.now();
    const o = await invoke(fn, { hang: true }, undefined);
    const took = Date.now() - t0;
    const err = errorOf(o);
    expect(err.errorType).toBe("Sandbox.Timedout");
    expect(err.payload).toEqual({
      errorType: "Sandbox.Timedout",
      errorMessage: `RequestId: req-${rid} Error: Task timed out after 1.00 seconds`,
    });
    expect(took).toBeGreaterThanOrEqual(990);
    expect(took).toBeLessThan(2500);
    expect(o.logTail).toContain("Task timed out after 1.00 seconds");
    const after = okJson(await invoke(fn)).pid;
    expect(after).not.toBe(before); // the hung worker was killed and replaced
  });

  it("gives up on a module that never finishes loading (init timeout) and tries again on the next invocation", async () => {
    const own = createRuntime({
      codePath: (region, name, sha) => zips.get(`${region}/${name}/${sha}`)!,
      workDir: path.join(dir, "work-init"),
      accountId: "123456789012",
      initTimeoutMs: 400,
    });
    try {
      const fn = deploy({
        "index.mjs": `await new Promise(() => setInterval(() => {}, 1000));\nexport const handler = async () => 1;`,
      });
      const t0 = Date.now();
      const err = errorOf(await own.invoke({ fn, region: REGION, payload: Buffer.from("{}"), requestId: "init-1" }));
      expect(err.errorType).toBe("Sandbox.Timedout");
      expect(err.payload.errorMessage).toMatch(/^RequestId: init-1 Error: Task timed out after 0\.\d\d seconds$/);
      expect(Date.now() - t0).toBeLessThan(2000);
      const again = errorOf(await own.invoke({ fn, region: REGION, payload: Buffer.from("{}"), requestId: "init-2" }));
      expect(again.errorType).toBe("Sandbox.Timedout");
    } finally {
      await own.close();
    }
  });

  it("honours a caller deadline shorter than the Timeout", async () => {
    const fn = deploy(
      { "index.js": `exports.handler = () => new Promise((r) => setTimeout(() => r("late"), 5000));` },
      { timeout: 10 },
    );
    const t0 = Date.now();
    const err = errorOf(await invoke(fn, {}, 300));
    expect(err.errorType).toBe("Sandbox.Timedout");
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("reports process.exit(1) as Runtime.ExitError and replaces the worker", async () => {
    const fn = deploy({
      "index.js": `exports.handler = async (e) => { if (e.exit) process.exit(1); return process.pid; };`,
    });
    const pid = okJson(await invoke(fn));
    const err = errorOf(await invoke(fn, { exit: true }));
    expect(err.errorType).toBe("Runtime.ExitError");
    expect(err.payload).toEqual({
      errorType: "Runtime.ExitError",
      errorMessage: `RequestId: req-${rid} Error: Runtime exited with error: exit status 1`,
    });
    const next = okJson(await invoke(fn));
    expect(typeof next).toBe("number");
    expect(next).not.toBe(pid);
  });

  it("reports an unhandled rejection and replaces the worker", async () => {
    const fn = deploy({
      "index.js": `exports.handler = async (e) => { if (e.boom) { Promise.reject(new Error("stray")); await new Promise((r) => setTimeout(r, 200)); } return process.pid; };`,
    });
    const pid = okJson(await invoke(fn));
    const err = errorOf(await invoke(fn, { boom: true }));
    expect(err.errorType).toBe("Runtime.UnhandledPromiseRejection");
    expect(err.payload.errorMessage).toBe("Error: stray");
    expect(okJson(await invoke(fn))).not.toBe(pid);
  });

  it("kills a worker whose handler writes garbage into the runtime's pipe", async () => {
    const fn = deploy({
      "index.js": `exports.handler = async (e) => { if (e.garbage) { require("fs").writeSync(3, Buffer.from([0xff, 0xff, 0xff, 0x7f, 14, 1, 2, 3])); await new Promise((r) => setTimeout(r, 5000)); } return process.pid; };`,
    });
    const pid = okJson(await invoke(fn));
    const err = errorOf(await invoke(fn, { garbage: true }));
    expect(err.errorType).toBe("Runtime.ExitError");
    expect(err.payload.errorMessage).toMatch(/Runtime exited with error: signal: killed$/);
    expect(okJson(await invoke(fn))).not.toBe(pid);
  });

  it("keeps only the log's tail when a handler prints 20 MB", async () => {
    const fn = deploy({
      "index.js": `exports.handler = async () => { const line = "x".repeat(1023) + "\\n"; for (let i = 0; i < 20 * 1024; i++) process.stdout.write(line); console.log("LAST LINE"); return "done"; };`,
    });
    const o = await invoke(fn);
    expect(okJson(o)).toBe("done");
    expect(Buffer.byteLength(o.logTail)).toBeLessThanOrEqual(4096);
    expect(o.logTail).toContain("LAST LINE");
    expect(o.logTail).toMatch(
      /END RequestId: req-\d+\nREPORT RequestId: req-\d+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\t/,
    );
    expect(okJson(await invoke(fn))).toBe("done");
  });

  it("refuses a 20 MB result with Function.ResponseSizeTooLarge (Invoke and proxy)", async () => {
    const fn = deploy(
      {
        "index.js": `const big = "a".repeat(20 * 1024 * 1024);\nexports.handler = async () => ({ statusCode: 200, body: big });`,
      },
      { memorySize: 512 },
    );
    const expected = {
      errorMessage: "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
      errorType: "Function.ResponseSizeTooLarge",
    };
    const a = errorOf(await invoke(fn));
    expect(a.errorType).toBe("Function.ResponseSizeTooLarge");
    expect(a.payload).toEqual(expected);
    const b = errorOf(await invokeProxy(fn));
    expect(b.payload).toEqual(expected);
    // Just under the limit passes: 6,291,556 bytes of JSON exactly.
    const edge = deploy(
      {
        "index.js": `const body = "b".repeat(6291556 - '{"body":""}'.length);\nexports.handler = async () => ({ body });`,
      },
      { memorySize: 512 },
    );
    const ok = await invokeProxy(edge);
    expect(ok.kind === "ok" && ok.resultJsonBytes).toBe(6291556);
  });
});

describe("warm workers", () => {
  it("reuses one warm worker for sequential invocations", async () => {
    const fn = deploy({ "index.js": `let n = 0; exports.handler = async () => ({ pid: process.pid, n: ++n });` });
    const outs = [];
    for (let i = 0; i < 4; i++) outs.push(okJson(await invoke(fn)));
    expect(new Set(outs.map((o) => o.pid)).size).toBe(1);
    expect(outs.map((o) => o.n)).toEqual([1, 2, 3, 4]);
    // The first invocation reports Init Duration (cold start), the others do not.
  });

  it("runs invocations in parallel across up to 4 workers and queues the rest", async () => {
    const fn = deploy({
      "index.js": `exports.handler = async () => { await new Promise((r) => setTimeout(r, 200)); return process.pid; };`,
    });
    await invoke(fn);
    const t0 = Date.now();
    const pids = await Promise.all(Array.from({ length: 8 }, () => invoke(fn).then(okJson)));
    const took = Date.now() - t0;
    expect(new Set(pids).size).toBe(4);
    expect(took).toBeLessThan(1500); // serially this is 1.6 s
  });

  it("stops a worker that stayed idle longer than idleMs", async () => {
    const own = createRuntime({
      codePath: (region, name, sha) => zips.get(`${region}/${name}/${sha}`)!,
      workDir: path.join(dir, "work-idle"),
      accountId: "123456789012",
      idleMs: 150,
    });
    try {
      const fn = deploy({ "index.js": `exports.handler = async () => process.pid;` });
      const call = () => own.invoke({ fn, region: REGION, payload: Buffer.from("{}"), requestId: "idle" }).then(okJson);
      const first = await call();
      expect(await call()).toBe(first); // still warm
      await new Promise((r) => setTimeout(r, 500));
      let alive = true;
      try {
        process.kill(first, 0);
      } catch {
        alive = false;
      }
      expect(alive).toBe(false);
      expect(await call()).not.toBe(first);
    } finally {
      await own.close();
    }
  });

  it("evict() while invocations are queued: every one still completes", async () => {
    const fn = deploy({
      "index.js": `exports.handler = async () => { await new Promise((r) => setTimeout(r, 150)); return process.pid; };`,
    });
    const all = Array.from({ length: 7 }, () => invoke(fn));
    await new Promise((r) => setTimeout(r, 50));
    runtime.evict(REGION, fn.name);
    const outs = await Promise.all(all);
    for (const o of outs) expect(typeof okJson(o)).toBe("number");
  });

  it("close() fails queued invocations instead of leaving them hanging", async () => {
    const own = createRuntime({
      codePath: (region, name, sha) => zips.get(`${region}/${name}/${sha}`)!,
      workDir: path.join(dir, "work-close"),
      accountId: "123456789012",
      maxWorkersPerFunction: 1,
    });
    const fn = deploy({ "index.js": `exports.handler = () => new Promise((r) => setTimeout(() => r(1), 300));` });
    const first = own.invoke({ fn, region: REGION, payload: Buffer.from("{}"), requestId: "c1" });
    await new Promise((r) => setTimeout(r, 100));
    const queued = own.invoke({ fn, region: REGION, payload: Buffer.from("{}"), requestId: "c2" }).then(
      () => "resolved",
      (e: Error) => e.message,
    );
    await own.close();
    expect(await queued).toMatch(/closed/);
    const o = await first;
    expect(o.kind === "function-error" && o.errorType).toBe("Runtime.ExitError");
  });

  it("evict() and a configuration change start fresh workers", async () => {
    const fn = deploy(
      { "index.js": `exports.handler = async () => ({ pid: process.pid, v: process.env.V });` },
      { environment: { V: "1" } },
    );
    const a = okJson(await invoke(fn));
    runtime.evict(REGION, fn.name);
    const b = okJson(await invoke(fn));
    expect(b.pid).not.toBe(a.pid);
    const c = okJson(await invoke({ ...fn, environment: { V: "2" } }));
    expect(c).toMatchObject({ v: "2" });
    expect(c.pid).not.toBe(b.pid);
  });
});

describe("invokeProxy", () => {
  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) & 255));
  const cases: Array<[string, string, unknown]> = [
    [
      "base64 image",
      `({ statusCode: 200, isBase64Encoded: true, headers: { "content-type": "image/png" }, body: ${JSON.stringify(bytes.toString("base64"))} })`,
      null,
    ],
    [
      "unicode text",
      `({ statusCode: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: "héllo — 日本語 🎉 \\"q\\" \\\\ \\n" })`,
      null,
    ],
    ["no body", `({ statusCode: 204, headers: { "x-a": "b" } })`, null],
    ["non-string body", `({ statusCode: 200, body: { a: 1 } })`, null],
    ["string result", `"plain"`, null],
    ["array result", `[1, 2]`, null],
  ];

  it.each(cases)("returns the envelope, the body bytes and the exact JSON size: %s", async (_name, expr) => {
    const fn = deploy({ "index.js": `exports.handler = async () => ${expr};` });
    // The expected result, evaluated the same way the handler does.
    const result = new Function(`return ${expr};`)() as unknown;
    const o = await invokeProxy(fn);
    if (o.kind !== "ok") throw new Error(o.kind === "function-error" ? o.payload.toString() : `unexpected ${o.kind}`);
    expect(o.resultJsonBytes).toBe(Buffer.byteLength(JSON.stringify(result)));
    if (
      result &&
      typeof result === "object" &&
      !Array.isArray(result) &&
      typeof (result as { body?: unknown }).body === "string"
    ) {
      const { body, ...rest } = result as { body: string };
      expect(o.envelope).toEqual(rest);
      expect(o.body!.equals(Buffer.from(body, "utf8"))).toBe(true);
    } else {
      expect(o.body).toBeUndefined();
      expect(o.envelope).toEqual(result);
    }
    // The same handler through invoke() gives the same result as JSON.
    expect(okJson(await invoke(fn))).toEqual(result);
  });

  it("never serves a stale body: the same string, an equal copy and a different one of equal length", async () => {
    // Bodies ≥ 64 KiB cross through the worker's body file, and a repeated string is not re-encoded.
    const fn = deploy({
      "index.js": `const a = "A".repeat(200000), b = "B".repeat(200000);\nexports.handler = async (e) => ({ statusCode: 200, body: e.pick === "a" ? a : e.pick === "copy" ? "A".repeat(199999) + "A" : b });`,
    });
    for (const pick of ["a", "a", "b", "copy", "a", "b", "b"]) {
      const o = await invokeProxy(fn, { pick });
      if (o.kind !== "ok") throw new Error(o.kind === "function-error" ? o.payload.toString() : `unexpected ${o.kind}`);
      expect(o.body!.length).toBe(200000);
      expect(o.body!.toString("latin1")).toBe((pick === "b" ? "B" : "A").repeat(200000));
      expect(o.resultJsonBytes).toBe(Buffer.byteLength(JSON.stringify({ statusCode: 200, body: "x".repeat(200000) })));
    }
  });

  it("leaves no body files behind: their names are removed once the worker is up", async () => {
    const fn = deploy({ "index.js": `exports.handler = async () => ({ statusCode: 200, body: "z".repeat(100000) });` });
    const o = await invokeProxy(fn);
    expect(o.kind === "ok" && o.body!.length).toBe(100000);
    const mine = readdirSync(existsSync("/dev/shm") ? "/dev/shm" : path.join(dir, "work", "tmp")).filter((n) =>
      n.startsWith(`binarygate-body-${process.pid}-`),
    );
    expect(mine).toEqual([]);
  });

  it("carries a binary body byte for byte", async () => {
    const fn = deploy({
      "index.js": `const raw = Buffer.from(Array.from({ length: 300000 }, (_, i) => (i * 7) & 255));\nexports.handler = async () => ({ statusCode: 200, isBase64Encoded: true, body: raw.toString("base64") });`,
    });
    const o = await invokeProxy(fn);
    if (o.kind !== "ok") throw new Error(o.kind === "function-error" ? o.payload.toString() : `unexpected ${o.kind}`);
    const decoded = Buffer.from(o.body!.toString("latin1"), "base64");
    expect(decoded.length).toBe(300000);
    expect(decoded.equals(Buffer.from(Array.from({ length: 300000 }, (_, i) => (i * 7) & 255)))).toBe(true);
  });
});

describe("a worker's process tree ends with it", () => {
  /** PIDs of live processes whose command line is exactly `sleep <arg>`. */
  function sleepers(arg: string): number[] {
    const found: number[] = [];
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        if (readFileSync(`/proc/${name}/cmdline`, "utf8") === `sleep\0${arg}\0`) found.push(Number(name));
      } catch {
        // gone meanwhile
      }
    }
    return found;
  }

  async function settled(arg: string): Promise<number[]> {
    for (let i = 0; i < 40 && sleepers(arg).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    return sleepers(arg);
  }

  it.runIf(existsSync("/proc/self/cmdline"))(
    "kills a timed-out handler's child processes, even detached ones",
    async () => {
      const arg = `300.${process.pid}${++counter}`;
      const fn = deploy(
        {
          "index.js": `const { spawn } = require("node:child_process");
exports.handler = async () => {
  for (let i = 0; i < 3; i++) spawn("sleep", ["${arg}"], { stdio: "ignore" });
  spawn("sleep", ["${arg}"], { stdio: "ignore", detached: true }).unref();
  await new Promise((r) => setTimeout(r, 100));
  for (;;) {}
};`,
        },
        { timeout: 1 },
      );
      expect(errorOf(await invoke(fn)).errorType).toBe("Sandbox.Timedout");
      expect(await settled(arg)).toEqual([]);
    },
  );

  it.runIf(existsSync("/proc/self/cmdline"))("kills the children of a handler that exits", async () => {
    const arg = `300.${process.pid}${++counter}`;
    const fn = deploy({
      "index.js": `const { spawn } = require("node:child_process");
exports.handler = async () => {
  for (let i = 0; i < 2; i++) spawn("sleep", ["${arg}"], { stdio: "ignore" }).unref();
  await new Promise((r) => setTimeout(r, 100));
  process.exit(2);
};`,
    });
    expect(errorOf(await invoke(fn)).errorType).toBe("Runtime.ExitError");
    expect(await settled(arg)).toEqual([]);
  });
});
