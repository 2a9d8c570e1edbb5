/**
 * The data plane's fast path (Node workers convert with lib/binary in-process; large bodies come back through a
 * body file into reused buffers): the client gets exactly what the split path gives (a Python handler, converted
 * in the emulator) for the same result, and under concurrency — slow readers included — every byte of every
 * response is its own (a reused buffer must never be handed out while a response still writes from it).
 */
import http from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { createApi, createFunction, invokeUrl, request, result, RESULT_HANDLER } from "./harness";
import { useEmulator } from "../../support/emulator";

const h = useEmulator({ prefix: "bg-dataplane-" });
let nodeApi: string;
let pyApi: string;
let genApi: string;

const PY_RESULT_HANDLER = `import base64, json
def handler(event, context):
    return json.loads(base64.b64decode((event.get("headers") or {})["x-result"]).decode("utf-8"))
`;

/** Deterministic bytes per (size, seed): the same in the handler and here. */
function gen(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (Math.imul(i + seed * 7919, 2654435761) >>> 24) & 255;
  return b;
}
const GEN_HANDLER = `"use strict";
${gen.toString()}
exports.handler = async (e) => {
  const q = e.queryStringParameters || {};
  return { statusCode: 200, headers: { "Content-Type": "application/octet-stream", "X-Seed": q.seed }, isBase64Encoded: true, body: gen(Number(q.size), Number(q.seed)).toString("base64") };
};
`;

beforeAll(async () => {
  const types = ["application/octet-stream", "image/*"];
  const nodeFn = await createFunction(h, "hot-node", { "index.js": RESULT_HANDLER });
  const pyFn = await createFunction(
    h,
    "hot-py",
    { "h.py": PY_RESULT_HANDLER },
    { runtime: "python3.12", handler: "h.handler" },
  );
  const genFn = await createFunction(h, "hot-gen", { "index.js": GEN_HANDLER });
  nodeApi = await createApi(h, "hot-node", types, [{ path: "/{proxy+}", method: "ANY", functionArn: nodeFn }]);
  pyApi = await createApi(h, "hot-py", types, [{ path: "/{proxy+}", method: "ANY", functionArn: pyFn }]);
  genApi = await createApi(h, "hot-gen", ["application/octet-stream"], [{ path: "/gen", functionArn: genFn }]);
}, 60_000);

const BIG = gen(200_000, 3).toString("base64");
// [name, result, Accept]
const SAME: [string, unknown, string | undefined][] = [
  [
    "binary, Accept matches (body file)",
    { statusCode: 200, headers: { "Content-Type": "image/png" }, isBase64Encoded: true, body: BIG },
    "image/png",
  ],
  [
    "binary, Accept does not match",
    { statusCode: 200, headers: { "Content-Type": "image/png" }, isBase64Encoded: true, body: BIG },
    "text/html",
  ],
  [
    "small binary, first Accept value matches",
    { statusCode: 201, isBase64Encoded: true, body: "AAEC/w==" },
    "application/octet-stream, text/html",
  ],
  ["invalid base64, Accept matches → 500", { statusCode: 200, isBase64Encoded: true, body: "%%%%" }, "image/gif"],
  ["malformed → 502", { statusCode: 200, extra: 1 }, "image/png"],
  [
    "text with multi-value headers",
    {
      statusCode: 404,
      multiValueHeaders: { "Set-Cookie": ["a=1", "b=2"] },
      headers: { "X-One": "1" },
      body: "héllo ✓",
    },
    undefined,
  ],
];

/** Headers minus the per-request ids, in order, for comparing two responses. */
const stable = (raw: string[]) => {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (/^(x-amzn-requestid|x-amz-apigw-id|x-amzn-trace-id|date)$/i.test(raw[i])) continue;
    out.push(`${raw[i].toLowerCase()}: ${raw[i + 1]}`);
  }
  return out;
};

describe("the same bytes whichever process converts", () => {
  it.each(SAME)(
    "%s: Node (in-worker conversion) = Python (split path)",
    async (_name, r, accept) => {
      const headers: Record<string, string> = { "x-result": result(r) };
      if (accept) headers.Accept = accept;
      const a = await request(invokeUrl(h, nodeApi, "prod", "/x"), { headers });
      const b = await request(invokeUrl(h, pyApi, "prod", "/x"), { headers });
      expect(a.status).toBe(b.status);
      expect(stable(a.rawHeaders)).toEqual(stable(b.rawHeaders));
      expect(Buffer.compare(a.body, b.body)).toBe(0);
      if (accept === "image/png" && a.status === 200) expect(a.body.equals(gen(200_000, 3))).toBe(true);
    },
    20_000,
  );
});

// AWS-validated result shapes ([V2], docs/aws-binary-rules.md §1.1), answered the same by both runtimes.
const SHAPES: [string, unknown, number, string][] = [
  ["{} (no statusCode, nothing else) → 502", {}, 502, '{"message": "Internal server error"}'],
  ["headers but no statusCode → 200", { headers: { "test-header": "value" } }, 200, ""],
  ["statusCode only → 200, empty body", { statusCode: 200 }, 200, ""],
];

describe("proxy result shapes over HTTP", () => {
  it.each(SHAPES)(
    "%s (Node and Python)",
    async (_name, r, status, body) => {
      for (const api of [nodeApi, pyApi]) {
        const res = await request(invokeUrl(h, api, "prod", "/shape"), { headers: { "x-result": result(r) } });
        expect(res.status).toBe(status);
        expect(res.headers["content-type"]).toBe("application/json");
        expect(res.body.toString("utf8")).toBe(body);
      }
    },
    20_000,
  );
});

/** GET with a client that stops reading for `pauseMs` after the first chunk (writes stay pending meanwhile). */
function getSlow(
  url: string,
  agent: http.Agent,
  pauseMs: number,
): Promise<{ status: number; seed: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { Accept: "application/octet-stream" } }, (res) => {
      const chunks: Buffer[] = [];
      let paused = pauseMs === 0;
      res.on("data", (c: Buffer) => {
        chunks.push(c);
        if (!paused) {
          paused = true;
          res.pause();
          setTimeout(() => res.resume(), pauseMs);
        }
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode!,
          seed: res.headers["x-seed"] as string | undefined,
          body: Buffer.concat(chunks),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

describe("reused body buffers under concurrency", () => {
  it("every response carries its own bytes: 8 connections, sizes 70 KB–4.7 MB, two slow readers", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    // 4.7 MB is near the largest binary body Lambda's limit allows (its base64 result: 6,266,7xx B): more than
    // loopback's socket buffers take at once, so a slow reader's response is still being written from its buffer
    // while other 4.7 MB responses (same buffer size class) come back.
    const sizes = [70_000, 4_700_000, 1_048_576, 300_001, 4_700_000, 99_999];
    let seed = 0;
    const failures: string[] = [];
    const one = async (pauseMs: number) => {
      const s = ++seed;
      const size = pauseMs > 0 ? 4_700_000 : sizes[s % sizes.length];
      const r = await getSlow(`${invokeUrl(h, genApi, "prod", "/gen")}?size=${size}&seed=${s}`, agent, pauseMs);
      if (r.status !== 200 || r.seed !== String(s) || !r.body.equals(gen(size, s)))
        failures.push(`seed ${s}: status ${r.status}, ${r.body.length} B`);
    };
    const loop = async (n: number, pauseMs: number) => {
      for (let i = 0; i < n; i++) await one(pauseMs);
    };
    await Promise.all([
      loop(8, 0),
      loop(8, 0),
      loop(8, 0),
      loop(8, 0),
      loop(8, 0),
      loop(8, 0),
      loop(3, 400),
      loop(3, 400),
    ]);
    agent.destroy();
    expect(failures).toEqual([]);
    expect(seed).toBe(54);
  }, 60_000);
});
