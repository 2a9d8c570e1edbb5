import "server-only";
import { getDeployedStageConfig, listRestApis, listStages } from "@/lib/aws/apigateway";
import { accountKey } from "@/lib/aws/clients";
import { runScan, type ScanCalls, type ScanSnapshot } from "./scan";

/**
 * Scans kept in memory until the user rescans or the dashboard restarts, one per target (account) and scope (a
 * region, or all regions). Held on globalThis so the page and the progress route share them even when the
 * bundler gives each its own copy of this module.
 */
interface Job {
  snap: ScanSnapshot;
  controller: AbortController;
}

const KEY = Symbol.for("binarygate.fleet.scans");
const jobs: Map<string, Job> = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Map()) as Map<string, Job>;

const realCalls: ScanCalls = { listRestApis, listStages, getDeployedStageConfig };

/** The store key of a scope: the target's account and the region, or "all". */
export function scanKey(scope: string): string {
  return `${accountKey()}|${scope}`;
}

/** The last scan of a scope, or null. */
export function getScan(scope: string): ScanSnapshot | null {
  return jobs.get(scanKey(scope))?.snap ?? null;
}

/** Starts a scan of `regions` under `scope` unless one is running there (then that one is returned). */
export function startScan(scope: string, regions: string[], calls: ScanCalls = realCalls): ScanSnapshot {
  const key = scanKey(scope);
  const running = jobs.get(key);
  if (running?.snap.state === "running") return running.snap;
  const snap: ScanSnapshot = {
    state: "running",
    regions,
    startedAt: Date.now(),
    apisTotal: 0,
    apisDone: 0,
    calls: 0,
    estimatedCalls: 0,
    estimatedSeconds: 0,
    throttleWaits: 0,
    results: [],
  };
  const controller = new AbortController();
  jobs.set(key, { snap, controller });
  runScan(snap, calls, controller.signal).catch((e: unknown) => {
    console.error("fleet scan failed", e);
    const message = "The scan stopped on an unexpected error.";
    Object.assign(snap, { state: "failed", message, finishedAt: Date.now() });
  });
  return snap;
}

/** Cancels a running scan of a scope; its results so far are kept. */
export function cancelScan(scope: string): ScanSnapshot | null {
  const job = jobs.get(scanKey(scope));
  if (job?.snap.state === "running") job.controller.abort();
  return job?.snap ?? null;
}
