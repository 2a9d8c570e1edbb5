/**
 * `npm run bench`: binary responses through the emulator's Lambda proxy data plane vs a bare Node.js HTTP
 * server returning the same bytes from memory, both driven by `wrk` (a C load generator whose own cost
 * cannot cap either server), with the same connections, in interleaved slices of one run.
 *
 * Reported per size and target: req/s, MB/s, p50/p99 latency, CPU time per request of the server side (the
 * emulator: its process and every descendant, workers included, from /proc) and of the client (wrk, from
 * this process's reaped-children CPU in /proc/self/stat), and the emulator/bare ratios. The client's CPU is
 * shown in cores, so a reader can see it was not the bottleneck (below 1.0).
 *
 * The function returns a precomputed base64 body with isBase64Encoded true; the API lists
 * application/octet-stream and wrk sends that Accept, so every request is decoded (docs/aws-binary-rules.md
 * docs/aws-binary-rules.md §1.2); nothing caches responses. Correctness is checked outside the timed slices: once per
 * size and target the bytes are compared, wrk's non-2xx and socket-error counts must be 0, and 5 MiB (6.99 MB as
 * base64, over Lambda's 6,291,556-byte limit) must answer 502 (docs/aws-binary-rules.md §8).
 *
 * Targets are rows: a new way of serving the same bytes (e.g. a STREAM integration) is one more entry in
 * `targets` and gets its own row and ratio.
 *
 * The dashboard's preview cost (4.5 MB through GET /api/preview vs fetching the stage directly) is measured
 * when a production build exists (`npx next build`; BINARYGATE_DIST_DIR picks another dist dir) and skipped
 * with a note otherwise.
 *
 * Env: BENCH_SECONDS (per size and target, default 8), BENCH_ROUNDS (interleaved slices, default 4),
 * BENCH_CONNECTIONS (default 4), BENCH_WARMUP_SECONDS (1), BENCH_ONLY (size labels, e.g. "1 MiB,4 MiB"),
 * BENCH_PREVIEW (0 skips the preview), BENCH_PREVIEW_RUNS (default 15), BENCH_DASHBOARD_PORT (default 5431),
 * BENCH_EMULATOR_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createProxyApi, createProxyFunction, emulatorClients } from "../test/support/proxy-api";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
// Interleaved slices: on 2 shared cores one target's rate swings between runs, so both targets are sampled
// in alternating slices and summed, never in one block each.
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const ALL_SIZES: [string, number][] = [
  ["1 KiB", 1024],
  ["100 KiB", 100 * 1024],
  ["1 MiB", 1024 * 1024],
  ["4 MiB", 4 * 1024 * 1024],
];
const ONLY = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const SIZES = ONLY ? ALL_SIZES.filter(([label]) => ONLY.includes(label)) : ALL_SIZES;
const OVER_LIMIT = 5 * 1024 * 1024;
const PREVIEW_SIZE = 4_500_000;
const ACCEPT = "application/octet-stream";
const TARGETS_REQ_S: Record<number, number> = { [100 * 1024]: 0.3, [1024 * 1024]: 0.5 };
const TARGET_CPU_AT_1MIB = 2.5;
const root = path.resolve(__dirname, "..");
const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** Deterministic pseudo-random bytes, the same in the handler, the bare server and the checker. */
function gen(n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (Math.imul(i, 2654435761) >>> 24) & 255;
  return b;
}
const GEN_SRC = gen.toString();

const HANDLER = `"use strict";
${GEN_SRC}
const BODIES = {};
const SIZES = ${JSON.stringify([...SIZES.map(([, n]) => n), OVER_LIMIT])};
for (const n of SIZES) BODIES[n] = gen(n).toString("base64");
exports.handler = async (event) => ({
  statusCode: 200,
  headers: { "Content-Type": "application/octet-stream" },
  body: BODIES[(event.queryStringParameters || {}).size],
  isBase64Encoded: true,
});
`;

// The preview's function builds its one body cheaply, so its cold start is the runtime's, not the handler's init.
const PREVIEW_HANDLER = `"use strict";
const BODY = Buffer.alloc(${PREVIEW_SIZE}).fill("BinaryGate preview ").toString("base64");
exports.handler = async () => ({
  statusCode: 200,
  headers: { "Content-Type": "application/octet-stream" },
  body: BODY,
  isBase64Encoded: true,
});
`;

const BARE_SERVER = `"use strict";
const http = require("node:http");
${GEN_SRC}
const BODIES = {};
for (const n of ${JSON.stringify(SIZES.map(([, n]) => n))}) BODIES[n] = gen(n);
const server = http.createServer((req, res) => {
  const size = new URL(req.url, "http://x").searchParams.get("size");
  const body = BODIES[size];
  res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
`;

// wrk's own summary, as one JSON line (a done() hook costs nothing per request, unlike response()).
const WRK_SCRIPT = `wrk.headers["Accept"] = "${ACCEPT}"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests":%d,"bytes":%d,"us":%d,"p50":%d,"p99":%d,"status":%d,"socket":%d}\\n',
    summary.requests, summary.bytes, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
`;

function findWrk(): string {
  for (const p of [process.env.WRK, "/usr/bin/wrk", "/usr/local/bin/wrk"]) if (p && existsSync(p)) return p;
  const which = spawnSync("sh", ["-c", "command -v wrk"], { encoding: "utf8" });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  console.error(
    "npm run bench needs wrk, a C HTTP load generator (so the client cannot be the bottleneck).\n" +
      "Install it with:  sudo apt-get install -y wrk   (Debian/Ubuntu; macOS: brew install wrk)\n" +
      "or point WRK at a wrk binary.",
  );
  process.exit(2);
}

/** Spawns a child and resolves the URL it prints ("listening on http://…" or "ready on …"). */
function spawnServer(
  name: string,
  args: string[],
  env: Record<string, string> = {},
  pattern = /listening on (http:\/\/[^\s]+)/,
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, NODE_ENV: "production" };
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: childEnv });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 90_000);
    const onData = (c: Buffer) => {
      out += c;
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c) => (out += c));
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}): ${out}`)));
  });
}

// ---- CPU accounting from /proc ---------------------------------------------------------------------------

/** utime+stime (and, for `withChildren`, the reaped children's cutime+cstime) of one process, in seconds. */
function cpuOf(pid: number | "self", withChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based) → index n-3.
    const own = Number(f[11]) + Number(f[12]);
    return (withChildren ? own + Number(f[13]) + Number(f[14]) : own) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Every descendant of `pid` (workers and their children), from /proc/<pid>/task/<tid>/children. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let kids = "";
      try {
        kids = readFileSync(`/proc/${p}/task/${t}/children`, "utf8");
      } catch {
        continue;
      }
      for (const k of kids.split(" ").filter(Boolean)) {
        out.push(Number(k));
        walk(Number(k));
      }
    }
  };
  walk(pid);
  return out;
}

/** CPU seconds of a process tree: the root (with its reaped children) and each live descendant. */
function treeCpu(pid: number): number {
  return cpuOf(pid, true) + descendants(pid).reduce((s, p) => s + cpuOf(p), 0);
}

// ---- load ------------------------------------------------------------------------------------------------

interface Slice {
  requests: number;
  bytes: number;
  seconds: number;
  p50us: number[];
  p99us: number[];
  serverCpu: number;
  /** The root process's own share of serverCpu (the rest is its workers). */
  rootCpu: number;
  clientCpu: number;
}

interface Target {
  name: string;
  url: string;
  /** The server's root process; its whole tree is charged. */
  pid: number;
}

/** What WRK_SCRIPT's done() prints. */
interface WrkSummary {
  requests: number;
  bytes: number;
  us: number;
  p50: number;
  p99: number;
  status: number;
  socket: number;
}

let wrkPath = "";
let wrkScript = "";

/** One wrk run against a target; its CPU is read from this process's reaped-children time around it. */
function wrkSlice(t: Target, query: string, seconds: number): Promise<Slice> {
  return new Promise((resolve, reject) => {
    const server0 = treeCpu(t.pid);
    const root0 = cpuOf(t.pid);
    const client0 = cpuOf("self", true) - cpuOf("self");
    const duration = `-d${Math.max(1, Math.round(seconds))}s`;
    const args = ["-t1", `-c${CONNECTIONS}`, duration, "--timeout", "30s", "-s", wrkScript, t.url + query];
    const child = spawn(wrkPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.once("error", reject);
    child.once("exit", (code) => {
      const serverCpu = treeCpu(t.pid) - server0;
      const rootCpu = cpuOf(t.pid) - root0;
      const clientCpu = cpuOf("self", true) - cpuOf("self") - client0;
      const m = /BENCH (\{.*\})/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`wrk failed (${code}): ${out}`));
      const r = JSON.parse(m[1]) as WrkSummary;
      if (r.status > 0 || r.socket > 0) {
        return reject(new Error(`${t.name}${query}: ${r.status} non-2xx and ${r.socket} socket errors\n${out}`));
      }
      const seconds = r.us / 1e6;
      const { requests, bytes } = r;
      resolve({ requests, bytes, seconds, p50us: [r.p50], p99us: [r.p99], serverCpu, rootCpu, clientCpu });
    });
  });
}

function merge(a: Slice, b: Slice): Slice {
  return {
    requests: a.requests + b.requests,
    bytes: a.bytes + b.bytes,
    seconds: a.seconds + b.seconds,
    p50us: a.p50us.concat(b.p50us),
    p99us: a.p99us.concat(b.p99us),
    serverCpu: a.serverCpu + b.serverCpu,
    rootCpu: a.rootCpu + b.rootCpu,
    clientCpu: a.clientCpu + b.clientCpu,
  };
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

function summarize(s: Slice) {
  return {
    rps: s.requests / s.seconds,
    mbps: s.bytes / s.seconds / 1e6,
    // Each slice's own percentiles: the median slice's p50 and the worst slice's p99.
    p50: median(s.p50us) / 1000,
    p99: Math.max(...s.p99us) / 1000,
    serverUs: (s.serverCpu / s.requests) * 1e6,
    rootUs: (s.rootCpu / s.requests) * 1e6,
    clientUs: (s.clientCpu / s.requests) * 1e6,
    clientCores: s.clientCpu / s.seconds,
    n: s.requests,
  };
}

/** One GET with the bench's Accept; resolves status and body. */
function get(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { Accept: ACCEPT } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

async function setupEmulatorApi(url: string): Promise<{ apiId: string; stageUrl: string }> {
  const c = emulatorClients(url);
  const opts = { memorySize: 1024, timeout: 30 };
  const functionArn = await createProxyFunction(c, "bench", { "index.js": HANDLER }, opts);
  // Its own function, so the first preview meets a cold worker, as the first one after `npm start` does.
  const previewArn = await createProxyFunction(c, "bench-preview", { "index.js": PREVIEW_HANDLER }, opts);
  const routes = [
    { path: "/bench", functionArn },
    { path: "/preview", functionArn: previewArn },
  ];
  const apiId = await createProxyApi(c, "bench", [ACCEPT], routes);
  c.destroy();
  return { apiId, stageUrl: `${url}/_aws/execute-api/${apiId}/prod` };
}

async function benchSize(label: string, size: number, targets: Target[]): Promise<{ rows: string[]; notes: string[] }> {
  const q = `?size=${size}`;
  const want = gen(size);
  for (const t of targets) {
    const r = await get(t.url + q);
    if (r.status !== 200 || !r.body.equals(want)) {
      throw new Error(`${t.name}${q}: wrong bytes (status ${r.status}, ${r.body.length} B)`);
    }
  }
  for (const t of targets) await wrkSlice(t, q, WARMUP);
  const runs = new Map<Target, Slice>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of targets) {
      const s = await wrkSlice(t, q, SECONDS / ROUNDS);
      const prev = runs.get(t);
      runs.set(t, prev ? merge(prev, s) : s);
    }
  }
  const sums = targets.map((t) => ({ t, s: summarize(runs.get(t)!) }));
  const base = sums[0].s;
  const rows = sums.map(({ t, s }) =>
    [
      label.padEnd(8),
      t.name.padEnd(10),
      s.rps.toFixed(0).padStart(7),
      s.mbps.toFixed(1).padStart(8),
      s.p50.toFixed(2).padStart(7),
      s.p99.toFixed(2).padStart(7),
      s.serverUs.toFixed(0).padStart(9),
      s.rootUs.toFixed(0).padStart(8),
      s.clientUs.toFixed(0).padStart(9),
      s.clientCores.toFixed(2).padStart(7),
      String(s.n).padStart(7),
    ].join(" "),
  );
  const notes = sums.slice(1).map(({ t, s }) => {
    const ratio = s.rps / base.rps;
    const cpu = s.serverUs / base.serverUs;
    const want = TARGETS_REQ_S[size];
    const goal = want ? `  (target ≥ ${want}×: ${ratio >= want ? "met" : "MISSED"})` : "";
    const cpuMet = cpu <= TARGET_CPU_AT_1MIB ? "met" : "MISSED";
    const cpuGoal = size === 1024 * 1024 ? `  (target ≤ ${TARGET_CPU_AT_1MIB}×: ${cpuMet})` : "";
    return (
      `${label.padEnd(8)} ${t.name}/bare: req/s ${ratio.toFixed(2)}×${goal}; ` +
      `server CPU per request ${cpu.toFixed(2)}×${cpuGoal}`
    );
  });
  return { rows, notes };
}

// ---- the dashboard's preview -----------------------------------------------------------------------------

/** One full GET (all bytes read): total and time to headers in ms, and the dashboard's upstream time if it says. */
interface Timed {
  ms: number;
  headersMs: number;
  upstreamMs: number;
}

async function timeFetch(url: string, headers: Record<string, string>, size: number): Promise<Timed> {
  const t0 = performance.now();
  const r = await fetch(url, { headers });
  const headersMs = performance.now() - t0;
  const body = Buffer.from(await r.arrayBuffer());
  const ms = performance.now() - t0;
  if (r.status !== 200 || body.length !== size) {
    throw new Error(`${url}: status ${r.status}, ${body.length} B (want 200, ${size})`);
  }
  return { ms, headersMs, upstreamMs: Number(r.headers.get("x-binarygate-elapsed-ms") ?? NaN) };
}

const med = (xs: Timed[], k: keyof Timed) => median(xs.map((x) => x[k]));

async function benchPreview(
  emuUrl: string,
  apiId: string,
  stageUrl: string,
  children: ChildProcess[],
): Promise<string[]> {
  const distDir = process.env.BINARYGATE_DIST_DIR || ".next";
  if (process.env.BENCH_PREVIEW === "0") return ["preview: skipped (BENCH_PREVIEW=0)"];
  if (!existsSync(path.join(root, distDir, "BUILD_ID"))) {
    return [`preview: skipped — no production build in ${distDir} (run \`npx next build\` first)`];
  }
  const direct = `${stageUrl}/preview`;
  // The emulator's own cold start: the preview function has not run yet (as after `npm start`).
  const cold = await timeFetch(direct, { Accept: ACCEPT }, PREVIEW_SIZE);
  const port = Number(process.env.BENCH_DASHBOARD_PORT ?? 5431);
  const next = path.join(root, "node_modules/next/dist/bin/next");
  const dashEnv = { BINARYGATE_EMULATOR_URL: emuUrl, NEXT_TELEMETRY_DISABLED: "1", BINARYGATE_DIST_DIR: distDir };
  const dashArgs = [next, "start", "-H", "127.0.0.1", "-p", String(port)];
  const dash = await spawnServer("dashboard", dashArgs, dashEnv, /Ready in/);
  children.push(dash.child);
  const query = { region: "us-east-1", apiId, stage: "prod", path: "/preview", method: "GET", accept: ACCEPT };
  const viaDashboard = `http://127.0.0.1:${port}/api/preview?${new URLSearchParams(query)}`;
  const runs = Number(process.env.BENCH_PREVIEW_RUNS ?? 15);
  const first = await timeFetch(viaDashboard, {}, PREVIEW_SIZE);
  const d: Timed[] = [];
  const p: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    d.push(await timeFetch(direct, { Accept: ACCEPT }, PREVIEW_SIZE));
    p.push(await timeFetch(viaDashboard, {}, PREVIEW_SIZE));
  }
  const [md, mp] = [med(d, "ms"), med(p, "ms")];
  const f = (n: number) => n.toFixed(1);
  return [
    `preview 4.5 MB (median of ${runs}, interleaved): direct ${f(md)} ms, through the dashboard ${f(mp)} ms = ` +
      `${(mp / md).toFixed(2)}× (target ≤ 1.5×: ${mp / md <= 1.5 ? "met" : "MISSED"})`,
    `  where the dashboard's time goes (medians): headers after ${f(med(p, "headersMs"))} ms, of which the stage's ` +
      `own headers took ${f(med(p, "upstreamMs"))} ms (direct: ${f(med(d, "headersMs"))} ms) and the rest is its ` +
      `control-plane reads (GetRestApi, GetExport); body ${f(mp - med(p, "headersMs"))} ms (direct: ` +
      `${f(md - med(d, "headersMs"))} ms)`,
    `first call of a cold function (emulator just set up, direct): ${f(cold.ms)} ms, later ${f(md)} ms: ` +
      `+${f(cold.ms - md)} ms (target ≤ +50 ms: ${cold.ms - md <= 50 ? "met" : "MISSED"})`,
    `first preview after the dashboard started (function warm): ${f(first.ms)} ms, later ${f(mp)} ms: ` +
      `+${f(first.ms - mp)} ms (the dashboard's own cold start)`,
  ];
}

async function main() {
  wrkPath = findWrk();
  const stateDir = await mkdtemp(path.join(tmpdir(), "bg-bench-"));
  wrkScript = path.join(stateDir, "report.lua");
  writeFileSync(wrkScript, WRK_SCRIPT);
  const children: ChildProcess[] = [];
  try {
    const nodeArgs = process.env.BENCH_EMULATOR_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
    const emuArgs = [...nodeArgs, "--import", "tsx", "lib/emulator/cli.ts", "--port", "0", "--no-seed"];
    const emu = await spawnServer("emulator", [...emuArgs, "--state-dir", path.join(stateDir, "emu")]);
    children.push(emu.child);
    const bare = await spawnServer("bare server", ["-e", BARE_SERVER]);
    children.push(bare.child);
    const { apiId, stageUrl } = await setupEmulatorApi(emu.url);
    // The first target is the baseline; every other one gets a row and a ratio (STREAM rows go here).
    const targets: Target[] = [
      { name: "bare", url: `${bare.url}/bench`, pid: bare.child.pid! },
      { name: "emulator", url: `${stageUrl}/bench`, pid: emu.child.pid! },
    ];

    console.log(
      `BinaryGate bench: wrk -t1 -c${CONNECTIONS}, ${SECONDS} s per size and target in ${ROUNDS} ` +
        `interleaved slices, ${WARMUP} s warm-up`,
    );
    for (const t of targets) console.log(`${t.name.padEnd(9)} ${t.url}`);
    const over = await get(`${stageUrl}/bench?size=${OVER_LIMIT}`);
    console.log(
      `\n5 MiB (base64 6.99 MB > 6,291,556 B Lambda limit): emulator answered ${over.status} ` +
        `${over.body.toString()}  (AWS: 502)`,
    );
    if (over.status !== 502) throw new Error("the over-limit response must be 502");

    const rows: string[] = [];
    const notes: string[] = [];
    for (const [label, size] of SIZES) {
      const r = await benchSize(label, size, targets);
      rows.push(...r.rows);
      notes.push(...r.notes);
    }
    console.log(
      "\nCPU µs/req: server side (emulator = all its processes; main = its own process alone) " + "and client (wrk);",
    );
    console.log("client cores = wrk's CPU ÷ wall time (below 1.0: the client was not saturated)");
    console.log("size     target       req/s     MB/s  p50 ms  p99 ms srv µs/rq main µs  cli µs/rq cli cpu    reqs");
    console.log(rows.join("\n"));
    console.log("\n" + notes.join("\n"));
    console.log("\n" + (await benchPreview(emu.url, apiId, stageUrl, children)).join("\n"));
  } finally {
    const stop = (c: ChildProcess) =>
      new Promise((r) => (c.exitCode !== null ? r(null) : (c.once("exit", r), c.kill("SIGTERM"))));
    await Promise.all(children.map(stop));
    await rm(stateDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
