/**
 * The Lambda runtime: real handlers from real zip packages, in warm, isolated worker processes.
 * Each function gets a small pool of workers (spawned on demand, reused, reaped when idle); invocations
 * beyond the pool's size queue. A handler that throws, exits, hangs, prints megabytes or returns garbage
 * costs at most its worker, never the emulator.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { ConvertedProxyResponse, InvokeOutcome, InvokeRequest, ProxyInvokeOutcome, Runtime } from "../contracts";
import type { FunctionRecord } from "../model";
import { AwsError } from "../errors";
import { extractCode } from "./code";
import { BodyPool, LogBuffer, Worker, type RawOutcome, type WorkerSpec } from "./worker";

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
   * How Node workers load lib/binary for in-worker proxy conversion (tsx's scoped require, which does not
   * register tsx for user code). Default: found from the repo root; null disables conversion (workers answer "ok").
   */
  binaryLib?: BinaryLib | null;
}

/** Absolute paths a Node worker needs to load lib/binary: tsx's CJS API and lib/binary/index.ts. */
export interface BinaryLib {
  tsxApi: string;
  binaryIndex: string;
}

type Mode = 0 | 1;
type FunctionError = Extract<InvokeOutcome, { kind: "function-error" }>;

const LOG_TAIL_BYTES = 4096;

/** Lambda's 502 for a runtime the emulator cannot run (an Invoke error, not a function error). */
const invalidRuntime = (runtime: string) =>
  new AwsError(502, "InvalidRuntimeException", `The runtime parameter of ${runtime} is not supported by this emulator.`, {
    extra: { Type: "User" },
    messageKey: "Message",
  });

function defaultBootstrapDir(): string {
  const candidates: string[] = [];
  if (typeof __dirname === "string") candidates.push(__dirname);
  try {
    candidates.push(path.dirname(fileURLToPath(import.meta.url)));
  } catch {
    // not an ES module context
  }
  candidates.push(path.join(process.cwd(), "lib", "emulator", "runtime"));
  return candidates.find((d) => existsSync(path.join(d, "bootstrap-node.cjs"))) ?? candidates[candidates.length - 1];
}

/** tsx's API and lib/binary from the repo root above the bootstrap directory (lib/emulator/runtime), or null. */
function defaultBinaryLib(bootstrapDir: string): BinaryLib | null {
  const root = path.resolve(bootstrapDir, "..", "..", "..");
  const lib = { tsxApi: path.join(root, "node_modules", "tsx", "dist", "cjs", "api", "index.cjs"), binaryIndex: path.join(root, "lib", "binary", "index.ts") };
  return existsSync(lib.tsxApi) && existsSync(lib.binaryIndex) ? lib : null;
}

function isWritableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

let pythonExecutable: string | null | undefined;
/** The machine's python3, resolved once to an absolute path (a pyenv shim needs the parent's env to work). */
function findPython(): string | null {
  if (pythonExecutable !== undefined) return pythonExecutable;
  const r = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8", timeout: 10_000 });
  const exe = r.status === 0 ? r.stdout.trim() : "";
  pythonExecutable = exe && existsSync(exe) ? exe : null;
  return pythonExecutable;
}

/** A function's identity for its workers: a change to any of these needs fresh workers. */
function fingerprint(region: string, fn: FunctionRecord): string {
  return JSON.stringify([region, fn.arn, fn.runtime, fn.handler, fn.codeSha256, fn.memorySize, fn.timeout, fn.environment]);
}

/** Lambda's log stream name: date, version and a sandbox id. */
function logStreamName(): string {
  const d = new Date();
  const ymd = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}`;
  return `${ymd}/[$LATEST]${randomBytes(16).toString("hex")}`;
}

class Pool {
  readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly waiters: Array<{ give: (w: Worker | "retry") => void; cancelled: boolean }> = [];
  private reaper: NodeJS.Timeout | undefined;
  retired = false;
  /**
   * Set once a proxy invocation asked for in-worker conversion: later workers load lib/binary while they
   * initialise (before READY), so the first conversion on them does not pay the ~130 ms load.
   */
  preloadBinary = false;

  constructor(
    readonly fp: string,
    private readonly makeSpec: (preloadBinary: boolean) => WorkerSpec,
    private readonly max: number,
    private readonly idleMs: number,
    private readonly onEmpty: (p: Pool) => void,
  ) {}

  /**
   * A ready (or failed-init) worker; spawns one if the pool has room, else queues. "retry": the pool was
   * retired while queued (the function changed or the runtime closed) — ask the runtime for the current pool.
   */
  acquire(deadlineAt: number): Promise<Worker | "deadline" | "retry"> {
    if (this.retired) return Promise.resolve("retry");
    while (this.idle.length > 0) {
      const w = this.idle.pop()!;
      if (w.alive && w.state === "ready") return Promise.resolve(w);
    }
    if (this.workers.size < this.max) {
      const w = this.spawn();
      return w.ready.then(() => w);
    }
    return new Promise((resolve) => {
      const waiter = { give: (w: Worker | "retry") => resolve(w), cancelled: false };
      this.waiters.push(waiter);
      if (Number.isFinite(deadlineAt)) {
        const t = setTimeout(() => {
          waiter.cancelled = true;
          resolve("deadline");
        }, Math.max(0, deadlineAt - Date.now()));
        const give = waiter.give;
        waiter.give = (w) => {
          clearTimeout(t);
          give(w);
        };
      }
    });
  }

  /** Returns a worker after an invocation: to a waiter, to the idle list, or to the grave. */
  release(w: Worker): void {
    if (this.retired || !w.alive || w.state !== "ready") {
      w.kill();
      return;
    }
    const waiter = this.nextWaiter();
    if (waiter) {
      waiter.give(w);
      return;
    }
    this.idle.push(w);
    this.scheduleReap();
  }

  /** Stops idle workers now and busy ones when they come back; queued invocations go to the current pool. */
  retire(): void {
    this.retired = true;
    if (this.reaper) clearTimeout(this.reaper);
    for (const w of this.idle.splice(0)) w.kill();
    for (let waiter = this.nextWaiter(); waiter; waiter = this.nextWaiter()) waiter.give("retry");
  }

  /** Kills every worker, busy or not. */
  killAll(): void {
    this.retire();
    for (const w of this.workers) w.kill();
  }

  private nextWaiter() {
    while (this.waiters.length > 0) {
      const waiter = this.waiters.shift()!;
      if (!waiter.cancelled) return waiter;
    }
    return undefined;
  }

  private spawn(): Worker {
    const spec = this.makeSpec(this.preloadBinary);
    const w = new Worker(spec, (gone) => {
      this.workers.delete(gone);
      const i = this.idle.indexOf(gone);
      if (i >= 0) this.idle.splice(i, 1);
      // The worker's /tmp goes with it, as a Lambda sandbox's does.
      if (spec.env.TMPDIR) rmSync(spec.env.TMPDIR, { recursive: true, force: true });
      // A queued invocation gets a replacement (whatever its init outcome: the invocation reports it).
      if (!this.retired && this.workers.size < this.max && this.waiters.some((x) => !x.cancelled)) {
        let fresh: Worker | undefined;
        try {
          fresh = this.spawn();
        } catch {
          // Cannot start one (e.g. the scratch dir is gone): the queued invocations retry and report it.
          for (let waiter = this.nextWaiter(); waiter; waiter = this.nextWaiter()) waiter.give("retry");
        }
        if (fresh) {
          const w2 = fresh;
          void w2.ready.then(() => {
            const waiter = this.retired ? undefined : this.nextWaiter();
            if (waiter) waiter.give(w2);
            else this.release(w2);
          });
        }
      }
      if (this.workers.size === 0) this.onEmpty(this);
    });
    this.workers.add(w);
    return w;
  }

  private scheduleReap(): void {
    if (this.reaper || this.idleMs <= 0) return;
    const tick = () => {
      this.reaper = undefined;
      const now = Date.now();
      for (const w of [...this.idle]) {
        if (now - w.lastUsed >= this.idleMs) {
          this.idle.splice(this.idle.indexOf(w), 1);
          w.kill();
        }
      }
      if (this.idle.length > 0) this.reaper = setTimeout(tick, Math.min(this.idleMs, 60_000)).unref();
    };
    this.reaper = setTimeout(tick, this.idleMs).unref();
  }
}

/** Creates the Lambda runtime. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const max = options.maxWorkersPerFunction ?? 4;
  const idleMs = options.idleMs ?? 5 * 60_000;
  const bootstrapDir = options.bootstrapDir ?? defaultBootstrapDir();
  const initTimeoutMs = options.initTimeoutMs ?? 10_000;
  const binaryLib = options.binaryLib === undefined ? defaultBinaryLib(bootstrapDir) : options.binaryLib;
  const pools = new Map<string, Pool>();
  // Large bodies are read into reused buffers, given back by the caller through the outcome's release().
  const bodyPool = new BodyPool();
  let closed = false;
  // Large proxy bodies cross through a per-worker file: on tmpfs (memory) when the machine has /dev/shm.
  const bodyDir = options.bodyDir ?? (isWritableDir("/dev/shm") ? "/dev/shm" : path.join(options.workDir, "tmp"));
  mkdirSync(bodyDir, { recursive: true });

  const poolKey = (region: string, name: string) => `${region}\u0000${name}`;

  function workerSpec(region: string, fn: FunctionRecord, codeDir: string, preloadBinary: boolean): WorkerSpec {
    const scratch = path.join(options.workDir, "tmp", randomBytes(8).toString("hex"));
    mkdirSync(scratch, { recursive: true });
    // Built from scratch: the emulator's own environment (and any real AWS credentials in it) never leaks in.
    const env: Record<string, string> = {
      PATH: [path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
      LANG: "en_US.UTF-8",
      HOME: scratch,
      TMPDIR: scratch,
      ...fn.environment,
      // Lambda's reserved variables win over the function's own (Lambda refuses them in Environment).
      _HANDLER: fn.handler,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(),
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      LAMBDA_TASK_ROOT: codeDir,
      LAMBDA_RUNTIME_DIR: bootstrapDir,
      TZ: ":UTC",
    };
    if (fn.runtime.startsWith("nodejs")) {
      // V8's heap gets most of the function's memory, as Lambda's Node runtime sizes it.
      const heap = Math.max(32, Math.floor(fn.memorySize * 0.9));
      const bodyFile = path.join(bodyDir, `binarygate-body-${process.pid}-${randomBytes(8).toString("hex")}`);
      const args = [`--max-old-space-size=${heap}`, path.join(bootstrapDir, "bootstrap-node.cjs")];
      // Through argv, never env: the handler's environment stays exactly Lambda's (the bootstrap also clears
      // these from process.argv before it loads the handler).
      if (binaryLib) {
        args.push(`--bg-tsx-api=${binaryLib.tsxApi}`, `--bg-binary=${binaryLib.binaryIndex}`);
        if (preloadBinary) args.push("--bg-preload-binary");
      }
      return { command: process.execPath, args, env, cwd: codeDir, bodyFile, initTimeoutMs, bodyPool };
    }
    const python = findPython();
    if (!python) throw invalidRuntime(fn.runtime);
    env.PYTHONDONTWRITEBYTECODE = "1";
    env.PYTHONIOENCODING = "utf-8";
    return { command: python, args: ["-B", path.join(bootstrapDir, "bootstrap-python.py")], env, cwd: codeDir, initTimeoutMs };
  }

  async function poolFor(region: string, fn: FunctionRecord): Promise<Pool> {
    if (!/^nodejs\d+\.x$/.test(fn.runtime) && !/^python3\.\d+$/.test(fn.runtime)) throw invalidRuntime(fn.runtime);
    const key = poolKey(region, fn.name);
    const fp = fingerprint(region, fn);
    const existing = pools.get(key);
    if (existing && existing.fp === fp && !existing.retired) return existing;
    const codeDir = await extractCode(options.codePath(region, fn.name, fn.codeSha256), options.workDir, region, fn.name, fn.codeSha256);
    if (fn.runtime.startsWith("python") && !findPython()) throw invalidRuntime(fn.runtime);
    const again = pools.get(key);
    if (again && again.fp === fp && !again.retired) return again;
    // The function changed (code or configuration): its old workers finish what they run, then go.
    again?.retire();
    const pool = new Pool(fp, (preload) => workerSpec(region, fn, codeDir, preload), max, idleMs, (p) => {
      if (pools.get(key) === p && p.retired) pools.delete(key);
    });
    pools.set(key, pool);
    return pool;
  }

  function functionError(errorType: string, payload: Buffer, log: string, durationMs: number): FunctionError {
    return { kind: "function-error", payload, functionError: "Unhandled", errorType, logTail: log, durationMs };
  }

  function awsMessageError(errorType: string, requestId: string, message: string): Buffer {
    return Buffer.from(JSON.stringify({ errorType, errorMessage: `RequestId: ${requestId} Error: ${message}` }));
  }

  function exitMessage(code: number | null, signal: NodeJS.Signals | null): string {
    if (signal) return `Runtime exited with error: signal: ${signal === "SIGKILL" ? "killed" : signal.replace(/^SIG/, "").toLowerCase()}`;
    if (code === 0) return "Runtime exited without providing a reason";
    return `Runtime exited with error: exit status ${code}`;
  }

  /** START/END/REPORT around the captured output, as CloudWatch shows an invocation; the last 4 KB. */
  function logTail(req: InvokeRequest, body: string, durationMs: number, initMs: number | undefined): string {
    const id = req.requestId;
    const report =
      `REPORT RequestId: ${id}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\t` +
      `Memory Size: ${req.fn.memorySize} MB\t` +
      (initMs !== undefined ? `Init Duration: ${initMs.toFixed(2)} ms\t` : "");
    const text = `START RequestId: ${id} Version: $LATEST\n${body}END RequestId: ${id}\n${report}\n`;
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length <= LOG_TAIL_BYTES) return text;
    // Cut on a character boundary: skip UTF-8 continuation bytes at the start of the tail.
    let start = bytes.length - LOG_TAIL_BYTES;
    while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) start++;
    return bytes.toString("utf8", start);
  }

  async function run(req: InvokeRequest, mode: Mode): Promise<{ raw: RawOutcome; log: string; durationMs: number } | FunctionError> {
    if (closed) throw new Error("The Lambda runtime is closed");
    const started = Date.now();
    const deadlineAt = req.deadlineMs !== undefined && req.deadlineMs > 0 ? started + req.deadlineMs : Infinity;
    const fn = req.fn;
    // Only Node workers convert (they load lib/binary); Python workers keep answering "ok" (split result).
    const conv = mode === 1 && req.proxyConversion && binaryLib && fn.runtime.startsWith("nodejs") ? req.proxyConversion : undefined;
    let pool = await poolFor(req.region, fn);
    if (conv) pool.preloadBinary = true;
    let w = await pool.acquire(deadlineAt);
    while (w === "retry") {
      if (closed) throw new Error("The Lambda runtime is closed");
      pool = await poolFor(req.region, fn);
      if (conv) pool.preloadBinary = true;
      w = await pool.acquire(deadlineAt);
    }
    const log = new LogBuffer();
    const timeoutMs = fn.timeout * 1000;
    if (w === "deadline") {
      // Queued behind busy workers until the caller's deadline: reported as Lambda reports a timeout.
      const ms = Date.now() - started;
      log.append(`${new Date().toISOString()} ${req.requestId} Task timed out after ${(ms / 1000).toFixed(2)} seconds\n`);
      const payload = awsMessageError("Sandbox.Timedout", req.requestId, `Task timed out after ${(ms / 1000).toFixed(2)} seconds`);
      return functionError("Sandbox.Timedout", payload, logTail(req, log.toString(), ms, undefined), ms);
    }
    const initMs = w.fresh ? w.initMs : undefined;
    if (w.state !== "ready") {
      // Init failed (the module threw, the handler is missing, or the process died while loading).
      log.append(w.takeInitLog());
      const ms = Date.now() - started;
      let outcome: FunctionError;
      if (w.state === "init-error" && w.initError) {
        let errorType = "Runtime.Unknown";
        try {
          errorType = String((JSON.parse(w.initError.toString("utf8")) as { errorType?: unknown }).errorType ?? errorType);
        } catch {
          // keep Runtime.Unknown
        }
        outcome = functionError(errorType, w.initError, logTail(req, log.toString(), ms, w.initMs), ms);
      } else if (w.initTimedOut) {
        // A module that never finishes loading: reported as Lambda reports a timeout (the init phase counts).
        const secs = (ms / 1000).toFixed(2);
        log.append(`${new Date().toISOString()} ${req.requestId} Task timed out after ${secs} seconds\n`);
        const payload = awsMessageError("Sandbox.Timedout", req.requestId, `Task timed out after ${secs} seconds`);
        outcome = functionError("Sandbox.Timedout", payload, logTail(req, log.toString(), ms, undefined), ms);
      } else {
        const payload = awsMessageError("Runtime.ExitError", req.requestId, exitMessage(w.exit?.code ?? null, w.exit?.signal ?? null));
        outcome = functionError("Runtime.ExitError", payload, logTail(req, log.toString(), ms, undefined), ms);
      }
      // Lambda initialises again on the next invocation.
      w.kill();
      pool.release(w);
      return outcome;
    }
    const budget = Math.min(timeoutMs, deadlineAt - Date.now());
    if (budget <= 0) {
      // The caller's deadline passed while this waited for a worker: do not start it (the worker stays warm).
      pool.release(w);
      const ms = Date.now() - started;
      const payload = awsMessageError("Sandbox.Timedout", req.requestId, `Task timed out after ${(ms / 1000).toFixed(2)} seconds`);
      return functionError("Sandbox.Timedout", payload, logTail(req, log.toString(), ms, undefined), ms);
    }
    const t0 = performance.now();
    const raw = await w.invoke(
      // The handler sees its own Timeout in getRemainingTimeInMillis, as on AWS (a caller's deadline, e.g. API
      // Gateway's 29 s, does not shorten a Lambda's clock there; here it only stops the worker sooner).
      conv
        ? { id: req.requestId, dl: Date.now() + timeoutMs, mode, arn: fn.arn, conv: { accept: conv.accept, types: conv.binaryMediaTypes } }
        : { id: req.requestId, dl: Date.now() + timeoutMs, mode, arn: fn.arn },
      req.payload,
      budget,
      log,
    );
    const durationMs = performance.now() - t0;
    pool.release(w);
    if (raw.kind === "timeout") {
      const secs = (budget / 1000).toFixed(2);
      log.append(`${new Date().toISOString()} ${req.requestId} Task timed out after ${secs} seconds\n`);
      const payload = awsMessageError("Sandbox.Timedout", req.requestId, `Task timed out after ${secs} seconds`);
      return functionError("Sandbox.Timedout", payload, logTail(req, log.toString(), durationMs, initMs), durationMs);
    }
    if (raw.kind === "exit") {
      const message = exitMessage(raw.code, raw.signal);
      log.append(`RequestId: ${req.requestId} Error: ${message}\nRuntime.ExitError\n`);
      const payload = awsMessageError("Runtime.ExitError", req.requestId, message);
      return functionError("Runtime.ExitError", payload, logTail(req, log.toString(), durationMs, initMs), durationMs);
    }
    if (raw.kind === "bad-request") {
      throw new AwsError(400, "InvalidRequestContentException", `Could not parse request body into json: Could not parse payload into json: ${raw.message}`, {
        extra: { Type: "User" },
      });
    }
    if (raw.kind === "error") {
      let errorType = "Runtime.Unknown";
      try {
        errorType = String((JSON.parse(raw.payload.toString("utf8")) as { errorType?: unknown }).errorType ?? errorType);
      } catch {
        // keep Runtime.Unknown
      }
      return functionError(errorType, raw.payload, logTail(req, log.toString(), durationMs, initMs), durationMs);
    }
    return { raw, log: logTail(req, log.toString(), durationMs, initMs), durationMs };
  }

  return {
    async invoke(req) {
      const r = await run(req, 0);
      if ("kind" in r) return r;
      const { raw, log, durationMs } = r;
      if (raw.kind === "result") return { kind: "ok", payload: raw.json, logTail: log, durationMs };
      // A worker answering in the other mode is a bug in a bootstrap, not in the handler.
      throw new Error(`worker answered ${raw.kind} to an Invoke`);
    },

    async invokeProxy(req) {
      const r = await run(req, 1);
      if ("kind" in r) return r;
      const { raw, log, durationMs } = r;
      if (raw.kind === "response") {
        const m = raw.meta;
        const response: ConvertedProxyResponse =
          m.kind === "response"
            ? { kind: "response", statusCode: m.statusCode, headers: m.headers, body: raw.body, bodyMode: m.bodyMode === "binary" ? "binary" : "text" }
            : {
                kind: "error",
                statusCode: m.statusCode,
                headers: m.headers,
                body: raw.body,
                reason: m.reason === "invalid-base64" ? "invalid-base64" : "malformed-result",
                detail: String(m.detail ?? ""),
              };
        return { kind: "response", response, resultJsonBytes: raw.resultJsonBytes, logTail: log, durationMs, ...(raw.release ? { release: raw.release } : {}) };
      }
      if (raw.kind !== "proxy") throw new Error(`worker answered ${raw.kind} to a proxy invoke`);
      const outcome: ProxyInvokeOutcome = {
        kind: "ok",
        envelope: JSON.parse(raw.envelopeJson) as unknown,
        body: raw.body,
        resultJsonBytes: raw.resultJsonBytes,
        logTail: log,
        durationMs,
        ...(raw.release ? { release: raw.release } : {}),
      };
      return outcome;
    },

    evict(region, functionName) {
      const key = poolKey(region, functionName);
      const pool = pools.get(key);
      if (!pool) return;
      pools.delete(key);
      pool.retire();
    },

    async close() {
      closed = true;
      const all = [...pools.values()];
      pools.clear();
      for (const p of all) p.killAll();
      // Wait (briefly) for the processes to be reaped, so a test's temp dir can be removed after close().
      await Promise.race([waitAllGone(all), new Promise((r) => setTimeout(r, 2000).unref())]);
    },
  };
}

function waitAllGone(pools: Pool[]): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (pools.every((p) => p.workers.size === 0)) resolve();
      else setTimeout(check, 10);
    };
    check();
  });
}
