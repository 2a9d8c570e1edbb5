/**
 * What the dashboard adds to a large preview (issue: a 4.5 MB preview through the dashboard should take at
 * most 1.5× fetching the stage directly). Starts an emulator and the production dashboard (`next build`
 * first), creates a Lambda returning 4.5 MB of PNG-headed bytes as base64 with isBase64Encoded: true, then
 * times, interleaved, GET of the stage URL and GET /api/preview for it, each body read to the end.
 * Run: npx tsx --tsconfig tsconfig.json test/preview/preview-bench.ts   (BENCH_PORT, default 5601; BENCH_ROUNDS)
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "@/lib/emulator";
import { createProxyApi, createProxyFunction, emulatorClients } from "../support/proxy-api";

const PORT = Number(process.env.BENCH_PORT ?? 5601);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const SIZE = 4.5 * 1024 * 1024;

async function timed(url: string, accept: string): Promise<{ ms: number; headersMs: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { accept } });
  const headersMs = performance.now() - t0;
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return { ms: performance.now() - t0, headersMs, bytes: body.byteLength };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const stateDir = await mkdtemp(join(tmpdir(), "binarygate-preview-bench-"));
  const emu = await startEmulator({ port: 0, stateDir, seed: false });
  const c = emulatorClients(emu.url);
  const png = Buffer.alloc(SIZE, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
  const handler = `const B = ${JSON.stringify(png.toString("base64"))};
exports.handler = async () => ({ statusCode: 200, headers: { "Content-Type": "image/png" }, body: B, isBase64Encoded: true });`;
  const fn = await createProxyFunction(c, "bench-preview", { "index.js": handler }, { memorySize: 1024 });
  const apiId = await createProxyApi(c, "bench-preview", ["image/png"], [{ path: "/big", functionArn: fn }]);
  c.destroy();
  const dashboard = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"],
    {
      env: { ...process.env, BINARYGATE_EMULATOR_URL: emu.url, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: "ignore",
    },
  );
  try {
    const base = `http://127.0.0.1:${PORT}`;
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`${base}/api/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const direct = `${emu.url}/_aws/execute-api/${apiId}/prod/big`;
    const q = new URLSearchParams({
      region: "us-east-1",
      apiId,
      stage: "prod",
      path: "/big",
      method: "GET",
      accept: "image/png",
    });
    const viaDashboard = `${base}/api/preview?${q}`;
    for (let i = 0; i < 3; i++)
      await Promise.all([])
        .then(() => timed(direct, "image/png"))
        .then(() => timed(viaDashboard, "image/png"));
    const d: number[] = [];
    const p: number[] = [];
    const dh: number[] = [];
    const ph: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const a = await timed(direct, "image/png");
      const b = await timed(viaDashboard, "image/png");
      if (a.bytes !== SIZE || b.bytes !== SIZE) throw new Error(`sizes ${a.bytes} / ${b.bytes}, expected ${SIZE}`);
      d.push(a.ms);
      p.push(b.ms);
      dh.push(a.headersMs);
      ph.push(b.headersMs);
    }
    const md = median(d);
    const mp = median(p);
    console.log(
      `4.5 MB preview, ${ROUNDS} interleaved rounds, median: stage direct ${md.toFixed(1)} ms, ` +
        `through the dashboard ${mp.toFixed(1)} ms, ratio ${(mp / md).toFixed(2)}× (target ≤ 1.5×)`,
    );
    console.log(
      `time to headers, median: direct ${median(dh).toFixed(1)} ms, through the dashboard ${median(ph).toFixed(1)} ms`,
    );
    console.log(`direct: ${d.map((x) => x.toFixed(0)).join(" ")}\npreview: ${p.map((x) => x.toFixed(0)).join(" ")}`);
  } finally {
    dashboard.kill("SIGTERM");
    await emu.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

void main();
