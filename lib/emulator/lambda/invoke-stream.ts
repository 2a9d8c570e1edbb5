/**
 * Lambda's InvokeWithResponseStream (docs/streaming.md §2.6): POST /2021-11-15/functions/{name}/response-streaming-invocations.
 * The answer is HTTP 200 and an event stream: `PayloadChunk` events with the function's bytes as it writes them,
 * then one `InvokeComplete`. A function error is not an HTTP error: InvokeComplete carries it. DryRun is a 204.
 */
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { AwsError } from "../errors";
import { LAMBDA_REQUEST_LIMIT_BYTES } from "../../binary";
import { serviceError, requestTooLarge, validationError } from "./errors";
import { invokeComplete, payloadChunk } from "./event-stream";
import { getFunctionRecord } from "./functions";
import { checkPayload, logResult } from "./invoke";
import { bufferedStreamSource, type StreamInvoker, type StreamSource } from "./stream-source";

/**
 * Largest payload of one PayloadChunk: bigger writes are split. AWS's own chunk size is not established
 * (docs/streaming.md §2.6: chunk boundaries are arbitrary); 64 KiB keeps frames small for slow readers.
 */
export const MAX_CHUNK_BYTES = 64 * 1024;

/** The event stream's media type, as other emulators send it (docs/streaming.md §6 question 10). */
export const EVENT_STREAM_CONTENT_TYPE = "application/vnd.amazon.eventstream";

const INVOCATION_TYPES = ["RequestResponse", "DryRun"];

function header(call: AwsCall, name: string): string | undefined {
  const v = call.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** InvokeWithResponseStream, with `start` the way the function is run (the buffered adapter until the runtime streams). */
export async function invokeWithResponseStream(
  ctx: EmulatorContext,
  call: AwsCall,
  name: string,
  start: StreamInvoker = bufferedStreamSource,
): Promise<AwsReply> {
  const type = header(call, "x-amz-invocation-type") ?? "RequestResponse";
  if (!INVOCATION_TYPES.includes(type)) {
    throw validationError("invocationType", type, "Member must satisfy enum value set: [RequestResponse, DryRun]");
  }
  const logType = header(call, "x-amz-log-type") ?? "None";
  if (logType !== "None" && logType !== "Tail") {
    throw validationError("logType", logType, "Member must satisfy enum value set: [None, Tail]");
  }
  const fn = getFunctionRecord(ctx, call.region, name);
  if (call.body.length > LAMBDA_REQUEST_LIMIT_BYTES)
    throw requestTooLarge(LAMBDA_REQUEST_LIMIT_BYTES, "InvokeWithResponseStream");
  const payload = checkPayload(call.body);
  if (type === "DryRun") return { status: 204 };

  let source: StreamSource;
  try {
    source = await start(ctx.runtime, { fn, region: call.region, payload, requestId: call.requestId });
  } catch (err) {
    if (err instanceof AwsError) throw err;
    throw serviceError(`The emulator's Lambda runtime could not invoke ${fn.name}: ${(err as Error).message}`);
  }
  return {
    status: 200,
    headers: { "Content-Type": EVENT_STREAM_CONTENT_TYPE, "X-Amz-Executed-Version": fn.version },
    body: frames(source, logType === "Tail"),
  };
}

/** The source as event-stream messages: its chunks (split to MAX_CHUNK_BYTES), then InvokeComplete. */
export async function* frames(source: StreamSource, withLog: boolean): AsyncGenerator<Uint8Array> {
  for await (const chunk of source.chunks) {
    for (let at = 0; at < chunk.byteLength; at += MAX_CHUNK_BYTES) {
      yield payloadChunk(chunk.subarray(at, Math.min(at + MAX_CHUNK_BYTES, chunk.byteLength)));
    }
  }
  const done = await source.completion;
  yield invokeComplete({
    ErrorCode: done.errorCode,
    ErrorDetails: done.errorDetails,
    LogResult: withLog ? logResult(done.logTail) : undefined,
  });
}
