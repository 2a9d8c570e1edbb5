import { CreateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDeployedStageConfig, listRestApis, listStages } from "@/lib/aws";
import type { RunningEmulator } from "@/lib/emulator";
import { runScan, type ScanSnapshot } from "@/lib/fleet/scan";
import { callCounts, createApi, injectFault, startTarget } from "../aws/helpers";

// The scan against the emulator's injected throttling (429 beyond lib/aws's three tries) and a cancel.
let emu: RunningEmulator;
let stop: () => Promise<void>;
const calls = { listRestApis, listStages, getDeployedStageConfig };

const fresh = (): ScanSnapshot => ({
  state: "running",
  regions: ["us-east-1"],
  startedAt: Date.now(),
  apisTotal: 0,
  apisDone: 0,
  calls: 0,
  estimatedCalls: 0,
  estimatedSeconds: 0,
  throttleWaits: 0,
  results: [],
});

beforeAll(async () => {
  let sdk: Awaited<ReturnType<typeof startTarget>>["sdk"];
  ({ emu, sdk, stop } = await startTarget());
  await createApi(sdk, "resume-staged", { binaryMediaTypes: ["image/png"] });
  for (let i = 0; i < 29; i++) await sdk.send(new CreateRestApiCommand({ name: `resume-${i}` }));
});
afterAll(async () => {
  await stop?.();
});

describe("fleet scan", () => {
  it("waits out throttling that outlasts lib/aws's retries and resumes, losing no API", async () => {
    // More 429s than the in-flight calls can absorb with three tries each.
    await injectFault(emu.url, "GetStages", 24, "throttle");
    const snap = fresh();
    await runScan(snap, calls, new AbortController().signal);
    expect(snap.state).toBe("done");
    expect(snap.throttleWaits).toBeGreaterThanOrEqual(1);
    expect(snap.results).toHaveLength(30);
    expect(snap.results.filter((r) => r.error)).toEqual([]);
    expect(snap.results.find((r) => r.name === "resume-staged")?.brokenForBrowsers).toBe(true);
  });

  it("stops on cancel and keeps what it found", async () => {
    const before = (await callCounts(emu.url)).GetStages ?? 0;
    const snap = fresh();
    const controller = new AbortController();
    const done = runScan(snap, calls, controller.signal);
    await expect.poll(() => snap.apisDone, { timeout: 10_000 }).toBeGreaterThan(2);
    controller.abort();
    await done;
    expect(snap.state).toBe("cancelled");
    expect(snap.apisDone).toBeLessThan(30);
    expect(snap.results).toHaveLength(snap.apisDone);
    const sent = ((await callCounts(emu.url)).GetStages ?? 0) - before;
    expect(sent).toBeLessThan(30);
  });
});
