/**
 * The fleet scan: every REST API's stages, checked for drift (a stage serving other binary media types than
 * the API lists) and for the common clients' predicted verdict. Every call goes through lib/aws, whose limiter
 * keeps the account under API Gateway's control-plane quota (10 calls/s, burst 40 — docs/aws-binary-rules.md
 * docs/aws-binary-rules.md §8); the scan also paces itself at one call per 100 ms and never draws on the burst, which
 * stays free for the pages a user opens meanwhile. A scan of N APIs takes about (N × 2) ÷ 10 seconds. Throttling that
 * outlasts lib/aws's retries is waited out and the call resumed. The calls are injected so tests can count them.
 */
import { CONTROL_PLANE_RATE_PER_SECOND } from "@/lib/aws/limiter";
import { hasDrift, mediaTypeDrift, type MediaTypeDrift } from "@/lib/aws/drift";
import type { AwsResult, DeployedStageConfig, RestApiPage, RestApiSummary, StageSummary } from "@/lib/aws/types";
import { predictStage, type StagePrediction } from "./predict";

/** The lib/aws reads a scan makes (injected: the real ones in the dashboard). */
export interface ScanCalls {
  listRestApis(region: string, page: { limit?: number; position?: string }): Promise<AwsResult<RestApiPage>>;
  listStages(region: string, apiId: string): Promise<AwsResult<StageSummary[]>>;
  getDeployedStageConfig(region: string, apiId: string, stageName: string): Promise<AwsResult<DeployedStageConfig>>;
}

export interface StageScan {
  stageName: string;
  /** The deployed binary media types; null when the stage has no deployment or its export failed. */
  deployed: string[] | null;
  drift: MediaTypeDrift | null;
  prediction: StagePrediction | null;
  error?: string;
}

export interface ApiScan {
  region: string;
  apiId: string;
  name: string;
  stages: StageScan[];
  drifted: boolean;
  brokenForBrowsers: boolean;
  /** Labels of the clients that get base64 text on a stage that lists binary types. */
  textClients: string[];
  error?: string;
}

export type ScanState = "running" | "done" | "cancelled" | "failed";

/** A scan's progress and results, as the page and the progress route show them. */
export interface ScanSnapshot {
  state: ScanState;
  regions: string[];
  startedAt: number;
  finishedAt?: number;
  apisTotal: number;
  apisDone: number;
  calls: number;
  estimatedCalls: number;
  estimatedSeconds: number;
  /** Times throttling outlasted lib/aws's retries and the scan waited before resuming. */
  throttleWaits: number;
  message?: string;
  results: ApiScan[];
}

/** Workers in flight: enough to keep the limiter's 10 calls/s busy over a slow network. */
const CONCURRENCY = 8;
const MAX_THROTTLE_WAITS = 6;
const THROTTLE_WAIT_MS = 2_000;

/** Calls and seconds a scan will take before it starts: one list per 500 APIs, GetStages and one export each. */
export function estimateScan(apiCount: number, regionCount = 1): { calls: number; seconds: number } {
  const calls = regionCount * Math.max(1, Math.ceil(apiCount / 500)) + apiCount * 2;
  return { calls, seconds: Math.ceil(calls / CONTROL_PLANE_RATE_PER_SECOND) };
}

/** Spaces calls at least `intervalMs` apart, measured between the moments they were let through. */
export function pacer(intervalMs: number): () => Promise<void> {
  let last = -Infinity;
  let chain: Promise<void> = Promise.resolve();
  const turn = async () => {
    // setTimeout may fire a millisecond early: wait again until the interval has really passed.
    for (let now = Date.now(); now < last + intervalMs; now = Date.now()) {
      await new Promise((r) => setTimeout(r, last + intervalMs - now));
    }
    last = Date.now();
  };
  return () => (chain = chain.then(turn));
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/** Runs one scan, updating `snap` as it goes; resolves when done, cancelled or failed. */
export async function runScan(snap: ScanSnapshot, calls: ScanCalls, signal: AbortSignal): Promise<void> {
  const pace = pacer(1000 / CONTROL_PLANE_RATE_PER_SECOND);
  const call = async <T>(fn: () => Promise<AwsResult<T>>): Promise<AwsResult<T>> => {
    for (let waits = 0; ; waits++) {
      await pace();
      snap.calls++;
      const r = await fn();
      if (r.ok || r.error.code !== "throttled" || waits >= MAX_THROTTLE_WAITS || signal.aborted) return r;
      snap.throttleWaits++;
      await sleep(THROTTLE_WAIT_MS * (waits + 1), signal);
    }
  };
  const apis: (RestApiSummary & { region: string })[] = [];
  for (const region of snap.regions) {
    if (signal.aborted) break;
    // Page by page, so each GetRestApis is paced like every other call.
    let position: string | undefined;
    do {
      const listed = await call(() => calls.listRestApis(region, { limit: 500, position }));
      if (!listed.ok) {
        Object.assign(snap, { state: "failed", message: listed.error.message, finishedAt: Date.now() });
        return;
      }
      apis.push(...listed.data.items.map((a) => ({ ...a, region })));
      position = listed.data.position;
    } while (position && !signal.aborted);
  }
  snap.apisTotal = apis.length;
  const estimate = estimateScan(apis.length, snap.regions.length);
  snap.estimatedCalls = estimate.calls;
  snap.estimatedSeconds = estimate.seconds;
  let next = 0;
  const worker = async () => {
    while (!signal.aborted && next < apis.length) {
      const api = apis[next++];
      snap.results.push(await scanApi(api.region, api, call, calls));
      snap.apisDone++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  snap.state = signal.aborted ? "cancelled" : "done";
  snap.finishedAt = Date.now();
}

type Call = <T>(fn: () => Promise<AwsResult<T>>) => Promise<AwsResult<T>>;

async function scanApi(region: string, api: RestApiSummary, call: Call, calls: ScanCalls): Promise<ApiScan> {
  const base: ApiScan = {
    region,
    apiId: api.id,
    name: api.name,
    stages: [],
    drifted: false,
    brokenForBrowsers: false,
    textClients: [],
  };
  const stages = await call(() => calls.listStages(region, api.id));
  if (!stages.ok) return { ...base, error: stages.error.message };
  const scans: StageScan[] = [];
  for (const s of stages.data) {
    if (!s.deploymentId) {
      scans.push({ stageName: s.stageName, deployed: null, drift: null, prediction: null });
      continue;
    }
    const exp = await call(() => calls.getDeployedStageConfig(region, api.id, s.stageName));
    if (!exp.ok) {
      scans.push({ stageName: s.stageName, deployed: null, drift: null, prediction: null, error: exp.error.message });
      continue;
    }
    const deployed = exp.data.binaryMediaTypes;
    const drift = mediaTypeDrift(api.binaryMediaTypes, deployed);
    // The API means to serve binary when either list names a type (the drifted demo lists it on the API only).
    const prediction = predictStage(deployed, api.binaryMediaTypes.length > 0);
    scans.push({ stageName: s.stageName, deployed, drift, prediction });
  }
  const text = new Set<string>();
  for (const p of scans) {
    if (p.prediction?.brokenForBrowsers) for (const c of p.prediction.clients) if (!c.bytes) text.add(c.label);
  }
  return {
    ...base,
    stages: scans,
    drifted: scans.some((s) => s.drift !== null && hasDrift(s.drift)),
    brokenForBrowsers: scans.some((s) => s.prediction?.brokenForBrowsers),
    textClients: [...text],
  };
}
