/**
 * Micro-benchmark of the runtime's proxy path (not part of the test suite):
 *   npx tsx test/emulator/runtime/ipc-bench.ts [seconds-per-case]
 * A handler returns {statusCode:200, isBase64Encoded:true, headers:{content-type:image/png}, body:<base64 of N
 * bytes, precomputed at module scope>} and 8 concurrent callers run invokeProxy for a fixed time, at 1 KiB,
 * 100 KiB and 1 MiB ("proxy-fresh": the handler encodes its base64 per call instead). CPU per request is
 * measured for this process (the emulator's side of the runtime) and for the worker processes. "convert-*" is the
 * data plane's path: the worker converts with lib/binary and sends the decoded bytes (proxyConversion). For scale, the same run measures a bare Node HTTP server returning the same N bytes from memory
 * (8 keep-alive clients in this process) — the reference the data plane's target is stated against — and
 * invoke() (the result as JSON, Lambda's Invoke path).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { zipSync, strToU8 } from "fflate";
import { createRuntime } from "../../../lib/emulator/runtime";
import type { FunctionRecord } from "../../../lib/emulator/model";

const SECONDS = Number(process.argv[2] ?? 3);
const CONCURRENCY = 8;
const SIZES = [1024, 100 * 1024, 1024 * 1024];

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

/** CPU seconds (user + system) used so far by this process's children (the workers), from /proc (Linux). */
function childrenCpuSeconds(): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After "(comm) ": state ppid ... utime is field 14, stime 15 (1-based) → index 11, 12 here.
      if (Number(f[1]) === process.pid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}

interface Result {
  rps: number;
  mbps: number;
  /** CPU ms per request in this process (the emulator's side) and in the workers. */
  parentCpuMs?: number;
  workerCpuMs?: number;
}

async function loop(seconds: number, once: () => Promise<number>): Promise<Result> {
  const end = performance.now() + seconds * 1000;
  const cpu0 = process.cpuUsage();
  const kids0 = childrenCpuSeconds();
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
  const cpu = process.cpuUsage(cpu0);
  const kids = childrenCpuSeconds() - kids0;
  return {
    rps: count / secs,
    mbps: bytes / secs / 1e6,
    parentCpuMs: (cpu.user + cpu.system) / 1000 / count,
    workerCpuMs: (kids * 1000) / count,
  };
}

async function bareHttp(size: number): Promise<Result> {
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
  // Server and client share this process here: the CPU figure is both together.
  return { rps: r.rps, mbps: r.mbps, parentCpuMs: r.parentCpuMs };
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bg-ipc-bench-"));
  const zips = new Map<string, string>();
  const runtime = createRuntime({
    codePath: (_r, name) => zips.get(name)!,
    workDir: path.join(dir, "work"),
    accountId: "000000000000",
  });
  const fmt = (x: Result) =>
    `${x.rps.toFixed(0).padStart(6)} req/s ${x.mbps.toFixed(0).padStart(5)} MB/s` +
    `  cpu/req: caller ${x.parentCpuMs!.toFixed(3)} ms` +
    (x.workerCpuMs !== undefined ? `, workers ${x.workerCpuMs.toFixed(3)} ms` : " (server + client)");
  try {
    for (const size of SIZES) {
      const label = size >= 1024 * 1024 ? `${size / 1024 / 1024} MiB` : `${size / 1024} KiB`;
      const results: Record<string, Result> = {};
      results.bare = await bareHttp(size);
      for (const fresh of [false, true]) {
        const name = `bench-${size}-${fresh ? "fresh" : "static"}`;
        const zipPath = path.join(dir, `${name}.zip`);
        writeFileSync(zipPath, zipSync({ "index.js": strToU8(handlerSource(size, fresh)) }));
        zips.set(name, zipPath);
        const fn = fnRecord(name);
        let n = 0;
        const req = () => ({
          fn,
          region: "us-east-1",
          payload: Buffer.from('{"httpMethod":"GET","path":"/img"}'),
          requestId: `req-${n++}`,
        });
        // Warm the pool (all workers) before measuring.
        await Promise.all(Array.from({ length: CONCURRENCY }, () => runtime.invokeProxy(req())));
        results[`proxy-${fresh ? "fresh" : "static"}`] = await loop(SECONDS, async () => {
          const o = await runtime.invokeProxy(req());
          if (o.kind !== "ok" || !o.body) throw new Error(`unexpected outcome ${o.kind}`);
          o.release?.();
          return o.body.length;
        });
        // What the data plane does: the worker converts with lib/binary and sends the decoded bytes.
        const proxyConversion = { accept: "image/png", binaryMediaTypes: ["image/png"] };
        results[`convert-${fresh ? "fresh" : "static"}`] = await loop(SECONDS, async () => {
          const o = await runtime.invokeProxy({ ...req(), proxyConversion });
          if (o.kind !== "response" || o.response.kind !== "response" || o.response.bodyMode !== "binary")
            throw new Error(`unexpected outcome ${o.kind}`);
          const n = o.response.body.length;
          o.release?.();
          return n;
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
