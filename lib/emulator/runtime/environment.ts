/**
 * A worker's execution environment (≈ LocalStack's execution_environment): the command, argv and
 * environment variables it starts with, and the paths it needs. Built from scratch for each worker, so the
 * emulator's own environment (and any real AWS credentials in it) never leaks into a handler.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FunctionRecord } from "../model";
import { AwsError } from "../errors";
import type { BodyPool } from "./body-pool";
import type { WorkerSpec } from "./worker";

/** Lambda's 502 for a runtime the emulator cannot run (an Invoke error, not a function error). */
export const invalidRuntime = (runtime: string) =>
  new AwsError(
    502,
    "InvalidRuntimeException",
    `The runtime parameter of ${runtime} is not supported by this emulator.`,
    { extra: { Type: "User" }, messageKey: "Message" },
  );

/** Whether the emulator can run this runtime at all (Node.js and Python 3 versions). */
export function isSupportedRuntime(runtime: string): boolean {
  return /^nodejs\d+\.x$/.test(runtime) || /^python3\.\d+$/.test(runtime);
}

/** The directory holding bootstrap-node.cjs / bootstrap-python.py (this module's own). */
export function defaultBootstrapDir(): string {
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

/** Whether the process may create files in `dir`. */
export function isWritableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

let pythonExecutable: string | null | undefined;
/** The machine's python3, resolved once to an absolute path (a pyenv shim needs the parent's env to work). */
export function findPython(): string | null {
  if (pythonExecutable !== undefined) return pythonExecutable;
  const r = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8", timeout: 10_000 });
  const exe = r.status === 0 ? r.stdout.trim() : "";
  pythonExecutable = exe && existsSync(exe) ? exe : null;
  return pythonExecutable;
}

/** A function's identity for its workers: a change to any of these needs fresh workers. */
export function fingerprint(region: string, fn: FunctionRecord): string {
  const { arn, runtime, handler, codeSha256, memorySize, timeout, environment } = fn;
  return JSON.stringify([region, arn, runtime, handler, codeSha256, memorySize, timeout, environment]);
}

/** Lambda's log stream name: date, version and a sandbox id. */
function logStreamName(): string {
  const d = new Date();
  const two = (n: number) => String(n).padStart(2, "0");
  const ymd = `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}`;
  return `${ymd}/[$LATEST]${randomBytes(16).toString("hex")}`;
}

/** What every worker of one runtime shares. */
export interface EnvironmentOptions {
  workDir: string;
  bootstrapDir: string;
  /** Where Node workers' body files live (tmpfs when there is one). */
  bodyDir: string;
  initTimeoutMs: number;
  /** lib/binary as a CJS bundle for in-worker proxy conversion; null: Node workers do not convert. */
  binaryBundle: string | null;
  bodyPool: BodyPool;
}

/** Lambda's variables for one worker of `fn`; the function's own lose to the reserved ones, as on AWS. */
function lambdaEnv(
  region: string,
  fn: FunctionRecord,
  codeDir: string,
  scratch: string,
  bootstrapDir: string,
): Record<string, string> {
  return {
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
}

/** How to start one worker of `fn` (its scratch /tmp is created here and removed when the worker goes). */
export function workerSpec(o: EnvironmentOptions, region: string, fn: FunctionRecord, codeDir: string): WorkerSpec {
  const scratch = path.join(o.workDir, "tmp", randomBytes(8).toString("hex"));
  mkdirSync(scratch, { recursive: true });
  const env = lambdaEnv(region, fn, codeDir, scratch, o.bootstrapDir);
  if (fn.runtime.startsWith("nodejs")) {
    // V8's heap gets most of the function's memory, as Lambda's Node runtime sizes it.
    const heap = Math.max(32, Math.floor(fn.memorySize * 0.9));
    const bodyFile = path.join(o.bodyDir, `binarygate-body-${process.pid}-${randomBytes(8).toString("hex")}`);
    const args = [`--max-old-space-size=${heap}`, path.join(o.bootstrapDir, "bootstrap-node.cjs")];
    // Through argv, never env: the handler's environment stays exactly Lambda's (the bootstrap also clears
    // it from process.argv before it loads the handler).
    if (o.binaryBundle) args.push(`--bg-binary=${o.binaryBundle}`);
    const { initTimeoutMs, bodyPool } = o;
    return { command: process.execPath, args, env, cwd: codeDir, bodyFile, initTimeoutMs, bodyPool };
  }
  const python = findPython();
  if (!python) throw invalidRuntime(fn.runtime);
  env.PYTHONDONTWRITEBYTECODE = "1";
  env.PYTHONIOENCODING = "utf-8";
  const args = ["-B", path.join(o.bootstrapDir, "bootstrap-python.py")];
  return { command: python, args, env, cwd: codeDir, initTimeoutMs: o.initTimeoutMs };
}
