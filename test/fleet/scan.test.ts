import { CreateRestApiCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDeployedStageConfig, listRestApis, listStages } from "@/lib/aws";
import type { RunningEmulator } from "@/lib/emulator";
import { estimateScan, runScan, type ScanCalls, type ScanSnapshot } from "@/lib/fleet/scan";
import { callCounts, createApi, startTarget } from "../aws/helpers";

// A scan of 600 REST APIs on the emulator through lib/aws (limiter on), measured: the calls it makes, the
// seconds it takes, and the most calls let through in any 1-second window, which must never exceed 10.
const API_COUNT = 600;
const WITH_STAGES = 6;
const region = "us-east-1";

let emu: RunningEmulator;
let stop: () => Promise<void>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  let sdk: Awaited<ReturnType<typeof startTarget>>["sdk"];
  ({ emu, sdk, stop } = await startTarget());
  // A few with deployed stages: drifted, broken for browsers, fine, and */*.
  ids.broken = await createApi(sdk, "scan-broken", { binaryMediaTypes: ["image/png"] });
  ids.fine = await createApi(sdk, "scan-fine", { binaryMediaTypes: ["image/*"] });
  ids.wild = await createApi(sdk, "scan-wild", { binaryMediaTypes: ["*/*"] });
  ids.json = await createApi(sdk, "scan-json");
  ids.drifted = await createApi(sdk, "scan-drifted");
  await sdk.send(
    new UpdateRestApiCommand({
      restApiId: ids.drifted,
      patchOperations: [{ op: "add", path: "/binaryMediaTypes/image~1png" }],
    }),
  );
  ids.nodeploy = await createApi(sdk, "scan-nodeploy", { stage: null });
  const rest = API_COUNT - WITH_STAGES;
  for (let i = 0; i < rest; i += 25) {
    const batch = Array.from({ length: Math.min(25, rest - i) }, (_, j) =>
      sdk.send(new CreateRestApiCommand({ name: `scan-bulk-${i + j}` })),
    );
    await Promise.all(batch);
  }
}, 120_000);

afterAll(async () => {
  await stop?.();
});

function maxInAnySecond(times: number[]): number {
  let max = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= 1000) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

describe("fleet scan of 600 APIs", () => {
  it("finds drift and browser breakage, stays at or under 10 calls in every second, and is measured", async () => {
    const times: number[] = [];
    const stamp =
      <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
      (...a: A) => {
        times.push(Date.now());
        return fn(...a);
      };
    const calls: ScanCalls = {
      listRestApis: stamp(listRestApis),
      listStages: stamp(listStages),
      getDeployedStageConfig: stamp(getDeployedStageConfig),
    };
    const snap: ScanSnapshot = {
      state: "running",
      regions: [region],
      startedAt: Date.now(),
      apisTotal: 0,
      apisDone: 0,
      calls: 0,
      estimatedCalls: 0,
      estimatedSeconds: 0,
      throttleWaits: 0,
      results: [],
    };
    const before = await callCounts(emu.url);
    const t0 = performance.now();
    await runScan(snap, calls, new AbortController().signal);
    const seconds = (performance.now() - t0) / 1000;
    const after = await callCounts(emu.url);
    const sent = Object.keys(after).reduce((n, op) => n + (after[op] - (before[op] ?? 0)), 0);
    const peak = maxInAnySecond(times);
    console.log(
      `fleet scan: ${snap.apisDone} APIs, ${sent} calls at the emulator (${snap.calls} by the scan), ` +
        `${seconds.toFixed(1)} s, ${(sent / seconds).toFixed(2)} calls/s, at most ${peak} in any 1-s window; ` +
        `estimate ${snap.estimatedCalls} calls, ${snap.estimatedSeconds} s`,
    );

    expect(snap.state).toBe("done");
    expect(snap.apisDone).toBe(API_COUNT);
    expect(sent).toBe(snap.calls);
    expect(sent).toBe(2 + API_COUNT + 5);
    expect(peak).toBeLessThanOrEqual(10);
    expect(sent / seconds).toBeLessThanOrEqual(10);
    expect(estimateScan(API_COUNT)).toEqual({ calls: 2 + API_COUNT * 2, seconds: 121 });

    const by = (id: string) => snap.results.find((r) => r.apiId === id)!;
    expect(by(ids.broken)).toMatchObject({ brokenForBrowsers: true, drifted: false });
    expect(by(ids.broken).textClients).toContain("Chrome <img>");
    expect(by(ids.fine)).toMatchObject({ brokenForBrowsers: false, drifted: false });
    expect(by(ids.wild)).toMatchObject({ brokenForBrowsers: false, drifted: false });
    expect(by(ids.wild).stages[0].prediction?.wildcard).toBe(true);
    expect(by(ids.json)).toMatchObject({ brokenForBrowsers: false, drifted: false });
    expect(by(ids.drifted)).toMatchObject({ brokenForBrowsers: true, drifted: true });
    expect(by(ids.drifted).stages[0].drift).toEqual({ added: ["image/png"], removed: [] });
    expect(by(ids.nodeploy).stages).toEqual([]);
  }, 120_000);
});
