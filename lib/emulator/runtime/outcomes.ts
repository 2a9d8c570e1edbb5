/**
 * What an invocation reports when it did not simply succeed, in Lambda's words (docs/aws-binary-rules.md §7):
 * error payloads, Sandbox.Timedout, Runtime.ExitError, and the START/END/REPORT log around the output.
 */
import type { InvokeOutcome, InvokeRequest } from "../contracts";
import type { LogBuffer } from "./log-buffer";

export type FunctionError = Extract<InvokeOutcome, { kind: "function-error" }>;

const LOG_TAIL_BYTES = 4096;

/** A function error outcome (Lambda's "Unhandled"). */
export function functionError(errorType: string, payload: Buffer, log: string, durationMs: number): FunctionError {
  return { kind: "function-error", payload, functionError: "Unhandled", errorType, logTail: log, durationMs };
}

/** Lambda's payload for errors the runtime itself reports: `RequestId: … Error: …`. */
function awsMessageError(errorType: string, requestId: string, message: string): Buffer {
  return Buffer.from(JSON.stringify({ errorType, errorMessage: `RequestId: ${requestId} Error: ${message}` }));
}

/** The errorType a worker's error JSON names (Runtime.Unknown when it names none or is not JSON). */
export function errorTypeOf(payload: Buffer): string {
  try {
    const t = (JSON.parse(payload.toString("utf8")) as { errorType?: unknown }).errorType;
    return t === undefined || t === null ? "Runtime.Unknown" : String(t);
  } catch {
    return "Runtime.Unknown";
  }
}

/** Lambda's words for how a runtime process ended. */
export function exitMessage(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) {
    const name = signal === "SIGKILL" ? "killed" : signal.replace(/^SIG/, "").toLowerCase();
    return `Runtime exited with error: signal: ${name}`;
  }
  if (code === 0) return "Runtime exited without providing a reason";
  return `Runtime exited with error: exit status ${code}`;
}

/** START/END/REPORT around the captured output, as CloudWatch shows an invocation; the last 4 KB. */
export function logTail(req: InvokeRequest, body: string, durationMs: number, initMs: number | undefined): string {
  const id = req.requestId;
  const report =
    `REPORT RequestId: ${id}\tDuration: ${durationMs.toFixed(2)} ms\t` +
    `Billed Duration: ${Math.max(1, Math.ceil(durationMs))} ms\t` +
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

/** Sandbox.Timedout after `ms` (queued, init or run time), with the log line Lambda writes. */
export function timedOut(
  req: InvokeRequest,
  ms: number,
  log: LogBuffer,
  durationMs: number,
  initMs?: number,
): FunctionError {
  const secs = (ms / 1000).toFixed(2);
  log.append(`${new Date().toISOString()} ${req.requestId} Task timed out after ${secs} seconds\n`);
  const payload = awsMessageError("Sandbox.Timedout", req.requestId, `Task timed out after ${secs} seconds`);
  return functionError("Sandbox.Timedout", payload, logTail(req, log.toString(), durationMs, initMs), durationMs);
}

/** Runtime.ExitError: the worker died (exit, crash, kill); `logLine` adds Lambda's line for a death mid-invocation. */
export function exited(
  req: InvokeRequest,
  code: number | null,
  signal: NodeJS.Signals | null,
  log: LogBuffer,
  durationMs: number,
  opts: { initMs?: number; logLine?: boolean } = {},
): FunctionError {
  const message = exitMessage(code, signal);
  if (opts.logLine) log.append(`RequestId: ${req.requestId} Error: ${message}\nRuntime.ExitError\n`);
  const payload = awsMessageError("Runtime.ExitError", req.requestId, message);
  return functionError("Runtime.ExitError", payload, logTail(req, log.toString(), durationMs, opts.initMs), durationMs);
}
