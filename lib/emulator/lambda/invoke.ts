/**
 * Lambda's Invoke (docs/aws-binary-rules.md §7, §8): RequestResponse runs the handler and returns its payload bytes
 * raw, Event answers 202 and runs it in the background, DryRun only checks the call (204). A function error is
 * not an HTTP error: 200 with X-Amz-Function-Error and AWS's error payload.
 */
import type { AwsCall, AwsReply, EmulatorContext, InvokeOutcome } from "../contracts";
import { AwsError } from "../errors";
import { LAMBDA_REQUEST_LIMIT_BYTES, LAMBDA_RESPONSE_LIMIT_BYTES } from "../../binary";
import { invalidRequestContent, requestTooLarge, serviceError, validationError } from "./errors";
import { getFunctionRecord } from "./functions";

/** Asynchronous (Event) invocation payload limit: 1 MB (docs/aws-binary-rules.md §8). */
export const ASYNC_PAYLOAD_LIMIT_BYTES = 1_048_576;
/** X-Amz-Log-Result carries the last 4 KB of the invocation's log (docs/aws-binary-rules.md §7). */
export const LOG_TAIL_BYTES = 4096;

const INVOCATION_TYPES = ["Event", "RequestResponse", "DryRun"] as const;
type InvocationType = (typeof INVOCATION_TYPES)[number];

function header(call: AwsCall, name: string): string | undefined {
  const v = call.headers[name] ?? call.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Base64 of the last 4 KB of a log, as X-Amz-Log-Result. */
export function logResult(logTail: string): string {
  const bytes = Buffer.from(logTail, "utf8");
  return bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString("base64");
}

/**
 * The event the handler gets: the payload bytes, which must be JSON (an empty payload is `{}`, as on AWS).
 * Both the CLI (no Content-Type) and the SDK (application/octet-stream) send raw bytes, so Content-Type is ignored.
 */
export function checkPayload(body: Buffer): Buffer {
  if (body.length === 0) return Buffer.from("{}");
  try {
    JSON.parse(body.toString("utf8"));
  } catch (err) {
    throw invalidRequestContent(
      `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`,
    );
  }
  return body;
}

/** Invoke: POST /2015-03-31/functions/{name}/invocations. */
export async function invoke(ctx: EmulatorContext, call: AwsCall, name: string): Promise<AwsReply> {
  const rawType = header(call, "x-amz-invocation-type") ?? "RequestResponse";
  if (!(INVOCATION_TYPES as readonly string[]).includes(rawType)) {
    throw validationError(
      "invocationType",
      rawType,
      "Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
    );
  }
  const type = rawType as InvocationType;
  const logType = header(call, "x-amz-log-type") ?? "None";
  if (logType !== "None" && logType !== "Tail") {
    throw validationError("logType", logType, "Member must satisfy enum value set: [None, Tail]");
  }
  const fn = getFunctionRecord(ctx, call.region, name);
  const limit = type === "Event" ? ASYNC_PAYLOAD_LIMIT_BYTES : LAMBDA_REQUEST_LIMIT_BYTES;
  if (call.body.length > limit) throw requestTooLarge(limit, "InvokeFunction");
  const payload = checkPayload(call.body);

  if (type === "DryRun") return { status: 204 };
  const request = { fn, region: call.region, payload, requestId: call.requestId };
  if (type === "Event") {
    // Fire and forget, as AWS queues the event: a failure cannot reach this caller any more.
    ctx.runtime.invoke(request).catch(() => undefined);
    return { status: 202, headers: { "Content-Type": "application/json" } };
  }

  let outcome: InvokeOutcome;
  try {
    outcome = await ctx.runtime.invoke(request);
  } catch (err) {
    // An AwsError is the runtime speaking Lambda's language (e.g. 502 InvalidRuntimeException): pass it on.
    if (err instanceof AwsError) throw err;
    // Anything else: the runtime promises never to throw for handler faults, so the emulator failed — AWS's 500.
    throw serviceError(`The emulator's Lambda runtime could not invoke ${fn.name}: ${(err as Error).message}`);
  }
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Amz-Executed-Version": fn.version };
  if (logType === "Tail") headers["X-Amz-Log-Result"] = logResult(outcome.logTail);
  if (outcome.kind === "function-error") {
    headers["X-Amz-Function-Error"] = outcome.functionError;
    return { status: 200, headers, body: outcome.payload };
  }
  if (outcome.payload.length > LAMBDA_RESPONSE_LIMIT_BYTES) {
    // AWS reports an oversize result as a function error, not an HTTP error (docs/aws-binary-rules.md §8).
    headers["X-Amz-Function-Error"] = "Unhandled";
    const error = {
      errorMessage: `Response payload size exceeded maximum allowed payload size (${LAMBDA_RESPONSE_LIMIT_BYTES} bytes).`,
      errorType: "Function.ResponseSizeTooLarge",
    };
    return { status: 200, headers, body: Buffer.from(JSON.stringify(error)) };
  }
  return { status: 200, headers, body: outcome.payload };
}
