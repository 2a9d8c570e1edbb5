/**
 * Micro-benchmark of the runtime's proxy path (not part of the test suite):
 *   npx tsx test/emulator/runtime/ipc-bench.ts [seconds-per-case]
 * A handler returns {statusCode:200, isBase64Encoded:true, headers:{content-type:image/png}, body:<base64 of N
 * bytes, precomputed at module scope>} and 8 concurrent callers run invokeProxy for a fixed time, at 100 KiB
 * and 1 MiB. For scale, the same run measures a bare Node HTTP server returning the same N bytes from memory
 * (8 keep-alive clients in this process) — the reference the data plane's target is stated against — and
 * invoke() (the result as JSON, Lambda's Invoke path).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { zipSync, strToU8 } from "fflate";
import { createRuntime } from "../../../lib/emulator/runtime";
import type { FunctionRecord } from "../../../lib/emulator/model";

const SECONDS = Number(process.argv[2] ?? 3);
const CONCURRENCY = 8;
const SIZES = [100 * 1024, 1024 * 1024];

function handlerSource(size: number, fresh: boolean): string {
  // `fresh` builds a new string per call (a handler encoding per request); otherwise a cached static asset.
  return `
const crypto = require("node:crypto");
const raw = crypto.randomBytes(${size});
const b64 = raw.toString("base64");
exports.handler = async () => ({
  statusCode: 200,
  isBase64Encoded: true,
  headers: { "content-type": "image/png" },
  body: ${fresh ? 'raw.toString("base64")' : "b64"},
});`;
}

function fnRecord(name: string): FunctionRecord {
  return {
    name,
    arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    runtime: "nodejs20.x",
    handler: "index.handler",
    role: "arn:aws:iam::000000000000:role/r",
    description: "",
    timeout: 30,
    memorySize: 512,
    environment: {},
    architectures: ["x86_64"],
    codeSha256: Buffer.from(name).toString("base64"),
    codeSize: 0,
    lastModified: "2026-01-01T00:00:00.000+0000",
    revisionId: "r",
    version: "$LATEST",
    state: "Active",
    tags: {},
  };
}

async function loop(seconds: number, once: () => Promise<number>): Promise<{ rps: number; mbps: number }> {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  let bytes = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const n = await once();
        bytes += n;
        count++;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  return { rps: count / secs, mbps: bytes / secs / 1e6 };
}

async function bareHttp(size: number): Promise<{ rps: number; mbps: number }> {
  const payload = Buffer.alloc(size, 7);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "image/png", "content-length": payload.length });
    res.end(payload);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const get = () =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
          let n = 0;
          res.on("data", (c: Buffer) => (n += c.length));
          res.on("end", () => resolve(n));
        })
        .on("error", reject);
    });
  await get();
  const r = await loop(SECONDS, get);
  agent.destroy();
  await new Promise((r) => server.close(r));
  return r;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bg-ipc-bench-"));
  const zips = new Map<string, string>();
  const runtime = createRuntime({ codePath: (_r, name) => zips.get(name)!, workDir: path.join(dir, "work"), accountId: "000000000000" });
  const fmt = (x: { rps: number; mbps: number }) => `${x.rps.toFixed(0).padStart(6)} req/s ${x.mbps.toFixed(0).padStart(5)} MB/s`;
  try {
    for (const size of SIZES) {
      const label = size >= 1024 * 1024 ? `${size / 1024 / 1024} MiB` : `${size / 1024} KiB`;
      const results: Record<string, { rps: number; mbps: number }> = {};
      results.bare = await bareHttp(size);
      for (const fresh of [false, true]) {
        const name = `bench-${size}-${fresh ? "fresh" : "static"}`;
        const zipPath = path.join(dir, `${name}.zip`);
        writeFileSync(zipPath, zipSync({ "index.js": strToU8(handlerSource(size, fresh)) }));
        zips.set(name, zipPath);
        const fn = fnRecord(name);
        let n = 0;
        const req = () => ({ fn, region: "us-east-1", payload: Buffer.from('{"httpMethod":"GET","path":"/img"}'), requestId: `req-${n++}` });
        // Warm the pool (all workers) before measuring.
        await Promise.all(Array.from({ length: CONCURRENCY }, () => runtime.invokeProxy(req())));
        results[`proxy-${fresh ? "fresh" : "static"}`] = await loop(SECONDS, async () => {
          const o = await runtime.invokeProxy(req());
          if (o.kind !== "ok" || !o.body) throw new Error(`unexpected outcome ${o.kind}`);
          return o.body.length;
        });
        if (!fresh) {
          results["invoke-json"] = await loop(SECONDS, async () => {
            const o = await runtime.invoke(req());
            if (o.kind !== "ok") throw new Error(`unexpected outcome ${o.kind}`);
            return o.payload.length;
          });
        }
        runtime.evict("us-east-1", name);
      }
      console.log(`\n${label} body (${CONCURRENCY} concurrent callers, ${SECONDS}s each, ${os.cpus().length} cores)`);
      for (const [k, v] of Object.entries(results)) {
        const ratio = k === "bare" ? "" : `  ${(v.rps / results.bare.rps).toFixed(2)}× bare HTTP`;
        console.log(`  ${k.padEnd(14)} ${fmt(v)}${ratio}`);
      }
    }
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
