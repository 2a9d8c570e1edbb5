/**
 * The Lambda runtime: real handlers from real zip packages, in warm, isolated worker processes.
 * Each function gets a small pool of workers (pool.ts); each worker starts in an environment of its own
 * (environment.ts); what went wrong is reported in Lambda's words (outcomes.ts). A handler that throws, exits,
 * hangs, prints megabytes or returns garbage costs at most its worker (and its process tree), never the emulator.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ConvertedProxyResponse, InvokeRequest, ProxyInvokeOutcome, Runtime } from "../contracts";
import type { FunctionRecord } from "../model";
import { AwsError } from "../errors";
import { binaryBundle } from "./binary-bundle";
import { BodyPool } from "./body-pool";
import { extractCode } from "./code";
import {
  defaultBootstrapDir,
  findPython,
  fingerprint,
  invalidRuntime,
  isSupportedRuntime,
  isWritableDir,
  workerSpec,
  type EnvironmentOptions,
} from "./environment";
import { MODE_INVOKE, MODE_PROXY, type InvokeHeader } from "./frames";
import { LogBuffer } from "./log-buffer";
import { errorTypeOf, exited, functionError, logTail, timedOut, type FunctionError } from "./outcomes";
import { Pool } from "./pool";
import type { RawOutcome, Worker } from "./worker";

export interface RuntimeOptions {
  /** Path of a function's stored zip (Store.codePath). */
  codePath: (region: string, functionName: string, codeSha256: string) => string;
  /** Where extracted code and worker scratch space live (under the state dir). */
  workDir: string;
  accountId: string;
  /** Warm workers per function; more concurrent invocations queue (default 4). */
  maxWorkersPerFunction?: number;
  /** An idle worker is stopped after this long (default 5 minutes). */
  idleMs?: number;
  /** Directory of bootstrap-node.cjs / bootstrap-python.py (default: this module's directory). */
  bootstrapDir?: string;
  /** Where workers' body files live (default /dev/shm when writable, else workDir/tmp). */
  bodyDir?: string;
  /** Cap on loading a handler module (default 10 s, Lambda's init limit). */
  initTimeoutMs?: number;
  /**
   * lib/binary for in-worker proxy conversion, as a prebuilt CJS bundle (binary-bundle.ts). Default: built
   * (or found in the cache) for the repository above the bootstrap directory; null disables conversion
   * (Node workers then answer the split "ok" outcome, like Python ones).
   */
  binaryLib?: BinaryLib | null;
}

/** Where a Node worker finds lib/binary: one CommonJS file. */
export interface BinaryLib {
  bundle: string;
}

type Ran = { raw: RawOutcome; log: string; durationMs: number } | FunctionError;

/** Creates the Lambda runtime. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const bootstrapDir = options.bootstrapDir ?? defaultBootstrapDir();
  const repoRoot = path.resolve(bootstrapDir, "..", "..", "..");
  // The cache beside node_modules; under the state dir when that is read-only (e.g. a global install).
  const defaultBundle = () => binaryBundle(repoRoot) ?? binaryBundle(repoRoot, path.join(options.workDir, "cache"));
  const bundle = options.binaryLib === undefined ? defaultBundle() : (options.binaryLib?.bundle ?? null);
  // Large proxy bodies cross through a per-worker file: on tmpfs (memory) when the machine has /dev/shm.
  const bodyDir = options.bodyDir ?? (isWritableDir("/dev/shm") ? "/dev/shm" : path.join(options.workDir, "tmp"));
  mkdirSync(bodyDir, { recursive: true });
  const env: EnvironmentOptions = {
    workDir: options.workDir,
    bootstrapDir,
    bodyDir,
    initTimeoutMs: options.initTimeoutMs ?? 10_000,
    binaryBundle: bundle,
    // Large bodies are read into reused buffers, given back by the caller through the outcome's release().
    bodyPool: new BodyPool(),
  };
  const pools = new Pools(options, env);

  return {
    async invoke(req) {
      const r = await pools.run(req, MODE_INVOKE);
      if ("kind" in r) return r;
      const { raw, log, durationMs } = r;
      if (raw.kind === "result") return { kind: "ok", payload: raw.json, logTail: log, durationMs };
      // A worker answering in the other mode is a bug in a bootstrap, not in the handler.
      throw new Error(`worker answered ${raw.kind} to an Invoke`);
    },

    async invokeProxy(req) {
      const r = await pools.run(req, MODE_PROXY);
      if ("kind" in r) return r;
      return proxyOutcome(r.raw, r.log, r.durationMs);
    },

    evict(region, functionName) {
      pools.evict(region, functionName);
    },

    close() {
      return pools.close();
    },
  };
}

/** The data plane's outcome from what a worker answered to a proxy invocation. */
function proxyOutcome(raw: RawOutcome, log: string, durationMs: number): ProxyInvokeOutcome {
  const release = "release" in raw && raw.release ? { release: raw.release } : {};
  if (raw.kind === "response") {
    const m = raw.meta;
    const response: ConvertedProxyResponse =
      m.kind === "response"
        ? {
            kind: "response",
            statusCode: m.statusCode,
            headers: m.headers,
            body: raw.body,
            bodyMode: m.bodyMode === "binary" ? "binary" : "text",
          }
        : {
            kind: "error",
            statusCode: m.statusCode,
            headers: m.headers,
            body: raw.body,
            reason: m.reason === "invalid-base64" ? "invalid-base64" : "malformed-result",
            detail: String(m.detail ?? ""),
          };
    return { kind: "response", response, resultJsonBytes: raw.resultJsonBytes, logTail: log, durationMs, ...release };
  }
  if (raw.kind !== "proxy") throw new Error(`worker answered ${raw.kind} to a proxy invoke`);
  const envelope = JSON.parse(raw.envelopeJson) as unknown;
  const { body, resultJsonBytes } = raw;
  return { kind: "ok", envelope, body, resultJsonBytes, logTail: log, durationMs, ...release };
}

/** Every function's pool, and running one invocation on a worker from it. */
class Pools {
  private readonly pools = new Map<string, Pool>();
  private closed = false;
  private readonly max: number;
  private readonly idleMs: number;

  constructor(
    private readonly options: RuntimeOptions,
    private readonly env: EnvironmentOptions,
  ) {
    this.max = options.maxWorkersPerFunction ?? 4;
    this.idleMs = options.idleMs ?? 5 * 60_000;
  }

  /** Runs one invocation: a worker from the function's pool, the frame, and the outcome in Lambda's terms. */
  async run(req: InvokeRequest, mode: typeof MODE_INVOKE | typeof MODE_PROXY): Promise<Ran> {
    const started = Date.now();
    const deadlineAt = req.deadlineMs !== undefined && req.deadlineMs > 0 ? started + req.deadlineMs : Infinity;
    const { pool, worker } = await this.acquire(req, deadlineAt);
    const log = new LogBuffer();
    if (worker === "deadline") {
      // Queued behind busy workers until the caller's deadline: reported as Lambda reports a timeout.
      const ms = Date.now() - started;
      return timedOut(req, ms, log, ms);
    }
    if (worker.state !== "ready") {
      const outcome = initFailure(req, worker, log, Date.now() - started);
      // Lambda initialises again on the next invocation.
      worker.kill();
      pool.release(worker);
      return outcome;
    }
    const budget = Math.min(req.fn.timeout * 1000, deadlineAt - Date.now());
    if (budget <= 0) {
      // The caller's deadline passed while this waited for a worker: do not start it (the worker stays warm).
      pool.release(worker);
      const ms = Date.now() - started;
      return timedOut(req, ms, log, ms);
    }
    const initMs = worker.fresh ? worker.initMs : undefined;
    const t0 = performance.now();
    const raw = await worker.invoke(this.header(req, mode), req.payload, budget, log);
    const durationMs = performance.now() - t0;
    pool.release(worker);
    if (raw.kind === "timeout") return timedOut(req, budget, log, durationMs, initMs);
    if (raw.kind === "exit") return exited(req, raw.code, raw.signal, log, durationMs, { initMs, logLine: true });
    if (raw.kind === "bad-request") {
      const message = `Could not parse request body into json: Could not parse payload into json: ${raw.message}`;
      throw new AwsError(400, "InvalidRequestContentException", message, { extra: { Type: "User" } });
    }
    const tail = logTail(req, log.toString(), durationMs, initMs);
    if (raw.kind === "error") return functionError(errorTypeOf(raw.payload), raw.payload, tail, durationMs);
    return { raw, log: tail, durationMs };
  }

  /** Drops a function's warm workers (they finish what they run). */
  evict(region: string, functionName: string): void {
    const key = poolKey(region, functionName);
    const pool = this.pools.get(key);
    if (!pool) return;
    this.pools.delete(key);
    pool.retire();
  }

  /** Kills every worker and fails queued invocations; waits (briefly) until the processes are reaped. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.pools.values()];
    this.pools.clear();
    for (const p of all) p.killAll();
    // So a test's temp dir can be removed after close().
    await Promise.race([waitAllGone(all), new Promise((r) => setTimeout(r, 2000).unref())]);
  }

  /** The INVOKE header. The handler sees its own Timeout in getRemainingTimeInMillis, as on AWS. */
  private header(req: InvokeRequest, mode: typeof MODE_INVOKE | typeof MODE_PROXY): InvokeHeader {
    const deadline = Date.now() + req.fn.timeout * 1000;
    const header: InvokeHeader = { id: req.requestId, deadline, mode, arn: req.fn.arn };
    // Only Node workers with lib/binary convert; Python workers keep answering "ok" (the split result).
    const conv = req.proxyConversion;
    if (mode === MODE_PROXY && conv && this.env.binaryBundle && req.fn.runtime.startsWith("nodejs")) {
      header.conversion = { accept: conv.accept, types: conv.binaryMediaTypes };
    }
    return header;
  }

  /** A worker for the invocation (or "deadline"), following the function to a new pool when it changed meanwhile. */
  private async acquire(req: InvokeRequest, deadlineAt: number): Promise<{ pool: Pool; worker: Worker | "deadline" }> {
    for (;;) {
      if (this.closed) throw new Error("The Lambda runtime is closed");
      const pool = await this.poolFor(req.region, req.fn);
      const worker = await pool.acquire(deadlineAt);
      if (worker !== "retry") return { pool, worker };
    }
  }

  private async poolFor(region: string, fn: FunctionRecord): Promise<Pool> {
    if (!isSupportedRuntime(fn.runtime)) throw invalidRuntime(fn.runtime);
    const key = poolKey(region, fn.name);
    const fp = fingerprint(region, fn);
    const existing = this.pools.get(key);
    if (existing && existing.fingerprint === fp && !existing.retired) return existing;
    const codePath = this.options.codePath(region, fn.name, fn.codeSha256);
    const codeDir = await extractCode(codePath, this.options.workDir, region, fn.name, fn.codeSha256);
    if (fn.runtime.startsWith("python") && !findPython()) throw invalidRuntime(fn.runtime);
    const again = this.pools.get(key);
    if (again && again.fingerprint === fp && !again.retired) return again;
    // The function changed (code or configuration): its old workers finish what they run, then go.
    again?.retire();
    const pool = new Pool(
      fp,
      () => workerSpec(this.env, region, fn, codeDir),
      this.max,
      this.idleMs,
      (p) => {
        if (this.pools.get(key) === p && p.retired) this.pools.delete(key);
      },
    );
    this.pools.set(key, pool);
    return pool;
  }
}

/** Init failed (the module threw, the handler is missing, loading timed out, or the process died while loading). */
function initFailure(req: InvokeRequest, w: Worker, log: LogBuffer, ms: number): FunctionError {
  log.append(w.takeInitLog());
  if (w.state === "init-error" && w.initError) {
    return functionError(errorTypeOf(w.initError), w.initError, logTail(req, log.toString(), ms, w.initMs), ms);
  }
  // A module that never finishes loading: reported as Lambda reports a timeout (the init phase counts).
  if (w.initTimedOut) return timedOut(req, ms, log, ms);
  return exited(req, w.exit?.code ?? null, w.exit?.signal ?? null, log, ms);
}

const poolKey = (region: string, name: string) => `${region}\u0000${name}`;

function waitAllGone(pools: Pool[]): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (pools.every((p) => p.workers.size === 0)) resolve();
      else setTimeout(check, 10);
    };
    check();
  });
}
