/**
 * The STREAM transfer of a Lambda proxy method (docs/streaming.md §7.2): invoke with response streaming, read the
 * prelude, send its status and headers at once, then forward every payload byte unchanged through
 * `forwardChunks` (write.ts), which pulls the next chunk only when the client has taken the last one. Nothing
 * here consults binary media types, Accept or isBase64Encoded, and nothing is compressed
 * (docs/streaming.md §0.6, §0.9, §3).
 */
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "../contracts";
import {
  badStreamOutputStatus,
  createPreludeScanner,
  DEFAULT_INTEGRATION_TIMEOUT_MS,
  PRELUDE_LIMIT_BYTES,
  type StreamPrelude,
} from "../../binary";
import { bufferedStreamSource, type StreamInvoker, type StreamSource } from "../lambda/stream-source";
import { IntegrationFailure, IntegrationTimeout, InternalServerError } from "./gateway-responses";
import type { RequestIds } from "./invocation";
import type { ResponseTransfer } from "./lambda-proxy";
import { forwardChunks, type HeaderMap, writeHeadOnce } from "./write";

/** A Regional or private API's stream idle timeout: 5 minutes (docs/streaming.md §0.10). */
export const REGIONAL_IDLE_TIMEOUT_MS = 300_000;
/** An edge-optimized API's stream idle timeout: 30 s (docs/streaming.md §0.10). */
export const EDGE_IDLE_TIMEOUT_MS = 30_000;

/** The idle timeout of an API's endpoint type: edge-optimized streams wait 30 s for bytes, others 5 minutes. */
export function idleTimeoutFor(endpointTypes: readonly string[]): number {
  return endpointTypes.includes("EDGE") ? EDGE_IDLE_TIMEOUT_MS : REGIONAL_IDLE_TIMEOUT_MS;
}

/** What a STREAM transfer may be given instead of AWS's defaults (tests; a streaming runtime later). */
export interface StreamOptions {
  /** How the function is run; the buffered runtime's adapter until the runtime streams (stream-source.ts). */
  start: StreamInvoker;
  /** Overrides the endpoint type's idle timeout. */
  idleTimeoutMs?: number;
  /** Bytes within which the prelude's delimiter must end. */
  preludeLimitBytes: number;
}

/** How long after the integration timeout the runtime may still stop the function (as lambda-proxy.ts). */
const RUNTIME_GRACE_MS = 250;

const DEFAULTS: StreamOptions = { start: bufferedStreamSource, preludeLimitBytes: PRELUDE_LIMIT_BYTES };
const configured = new WeakMap<EmulatorContext, StreamOptions>();

/** Sets how one emulator's STREAM methods run (its stream source, idle timeout, prelude bound). */
export function configureStreaming(ctx: EmulatorContext, options: Partial<StreamOptions>): void {
  configured.set(ctx, { ...DEFAULTS, ...configured.get(ctx), ...options });
}

/** When a stream must end: the integration timeout bounds the whole stream, the idle timeout each wait. */
export interface StreamLimits {
  /** Epoch ms at which the stream is cut (the invocation's start + timeoutInMillis, docs/streaming.md §1.5). */
  deadline: number;
  idleTimeoutMs: number;
  preludeLimitBytes: number;
}

/** The STREAM transfer: invoke through the stream source, then relay what it writes. */
export const streamTransfer: ResponseTransfer = async (inv) => {
  const options = configured.get(inv.ctx) ?? DEFAULTS;
  const started = Date.now();
  // A record from before timeouts were stored has none: AWS's default applies.
  const timeoutMs =
    inv.integration.timeoutInMillis > 0 ? inv.integration.timeoutInMillis : DEFAULT_INTEGRATION_TIMEOUT_MS;
  const limits: StreamLimits = {
    deadline: started + timeoutMs,
    idleTimeoutMs: options.idleTimeoutMs ?? idleTimeoutFor(inv.api.endpointConfiguration.types),
    preludeLimitBytes: options.preludeLimitBytes,
  };
  const request = { fn: inv.fn, region: inv.fnRegion, payload: inv.payload, requestId: inv.ids.requestId };
  // As for BUFFERED: the runtime's own cap sits a little later, so the client gets API Gateway's 504, not a 502.
  const starting = options.start(inv.ctx.runtime, { ...request, deadlineMs: timeoutMs + RUNTIME_GRACE_MS });
  const source = await within(starting, limits.deadline - Date.now()).catch((err: unknown) => {
    if (err === TIMED_OUT) {
      // A source that starts after all is closed at once, so a streaming runtime can stop the function.
      starting.then(
        (late) =>
          void late.chunks[Symbol.asyncIterator]()
            .return?.()
            ?.catch(() => undefined),
        () => undefined,
      );
      throw new IntegrationTimeout(`no stream within ${timeoutMs} ms`);
    }
    throw new IntegrationFailure(`the function could not be invoked: ${(err as Error).message}`);
  });
  await relayStream(inv.res, inv.ids, source, limits);
};

/**
 * Relays a stream source to the client: prelude → status and headers (flushed at once) → payload. Before the
 * headers, failures are gateway responses (thrown); after them the only signal left is cutting the connection
 * mid-body, which is what a timeout or a function failing mid-stream does (docs/streaming.md §1.5, §6.7, DP12,
 * DP20). Resolves true when the whole stream reached the client.
 */
export async function relayStream(
  res: ServerResponse,
  ids: RequestIds,
  source: StreamSource,
  limits: StreamLimits,
): Promise<boolean> {
  const it = source.chunks[Symbol.asyncIterator]();
  const { prelude, rest } = await readPrelude(it, source, limits);
  const { headers, length } = framing(prelude);
  let written: boolean;
  try {
    written = writeHeadOnce(res, ids, prelude.statusCode, headers, length);
  } finally {
    // Headers HTTP cannot carry (thrown), or a client that left while the metadata was written: stop the stream.
    if (!res.headersSent) void it.return?.()?.catch(() => undefined);
  }
  if (!written) return false;
  res.flushHeaders();
  const cut = setTimeout(() => res.destroy(), Math.max(0, limits.deadline - Date.now()));
  try {
    const state = { sent: 0, whole: false };
    await forwardChunks(res, payload(res, it, source, rest, limits, length, state));
    return state.whole && !res.destroyed;
  } finally {
    clearTimeout(cut);
  }
}

type Chunks = AsyncIterator<Uint8Array>;

async function readPrelude(
  it: Chunks,
  source: StreamSource,
  limits: StreamLimits,
): Promise<{ prelude: StreamPrelude; rest: Uint8Array }> {
  const scanner = createPreludeScanner(limits.preludeLimitBytes);
  for (;;) {
    const next = await nextWithin(it, limits).catch((err: unknown) => {
      void it.return?.()?.catch(() => undefined);
      if (err === TIMED_OUT) throw new IntegrationTimeout("no prelude before the integration or idle timeout");
      throw new IntegrationFailure(`the stream failed: ${(err as Error).message}`);
    });
    let step = next.done ? null : scanner.push(next.value);
    if (next.done) {
      const done = await source.completion;
      // A function that failed before writing its metadata fails the integration, as a buffered one does.
      if (done.errorCode) throw new IntegrationFailure(`the function failed: ${done.errorCode}`);
      step = scanner.end();
    }
    if (step === null || step.kind === "need-more") continue;
    if (step.kind === "prelude") return { prelude: step.prelude, rest: step.rest };
    void it.return?.()?.catch(() => undefined);
    const detail = `the function's output does not follow the streaming format: ${step.detail}`;
    throw badStreamOutputStatus(step.problem) === 502
      ? new IntegrationFailure(detail)
      : new InternalServerError(detail);
  }
}

/**
 * The headers to send and the declared length: the prelude's Content-Length is kept (no chunking), its
 * Transfer-Encoding is HTTP framing the server does itself; otherwise the body goes chunked (docs/streaming.md §0.8).
 */
function framing(prelude: StreamPrelude): { headers: HeaderMap; length?: number } {
  const headers: HeaderMap = {};
  let length: number | undefined;
  for (const [name, values] of Object.entries(prelude.headers)) {
    if (name === "transfer-encoding") continue;
    if (name === "content-length" && values.length === 1 && /^\d{1,15}$/.test(values[0].trim())) {
      length = Number(values[0].trim());
      continue;
    }
    headers[name] = values.length === 1 ? values[0] : values;
  }
  return { headers, length };
}

/**
 * The payload as forwardChunks pulls it: what followed the delimiter, then each chunk, each wait bounded by the
 * idle timeout. A declared Content-Length is honoured exactly: extra bytes are dropped, too few cut the
 * connection (how a mismatch shows on AWS is not established, docs/streaming.md §3).
 */
async function* payload(
  res: ServerResponse,
  it: Chunks,
  source: StreamSource,
  rest: Uint8Array,
  limits: StreamLimits,
  length: number | undefined,
  state: { sent: number; whole: boolean },
): AsyncGenerator<Uint8Array> {
  const take = (chunk: Uint8Array) => {
    const room = length === undefined ? chunk.byteLength : Math.max(0, length - state.sent);
    const out = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
    state.sent += out.byteLength;
    return out;
  };
  let exhausted = false;
  try {
    if (rest.byteLength > 0) yield take(rest);
    for (;;) {
      const next = await nextWithin(it, limits);
      if (next.done) break;
      const out = take(next.value);
      if (out.byteLength > 0) yield out;
    }
    exhausted = true;
  } catch {
    // The integration or idle timeout, or the source failing, after the status went out: cut the body.
    return void res.destroy();
  } finally {
    // Also when forwardChunks stops pulling because the client left: the function's stream is closed.
    if (!exhausted) void it.return?.()?.catch(() => undefined);
  }
  const done = await source.completion;
  if (done.errorCode || (length !== undefined && state.sent < length)) return void res.destroy();
  state.whole = true;
}

const TIMED_OUT = Symbol("timed out");

/** The iterator's next chunk, or TIMED_OUT thrown at the idle timeout or the stream's deadline. */
function nextWithin(it: Chunks, limits: StreamLimits): Promise<IteratorResult<Uint8Array>> {
  return within(it.next(), Math.min(limits.idleTimeoutMs, limits.deadline - Date.now()));
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(TIMED_OUT), Math.max(0, ms));
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
