/**
 * The seam between a streamed invocation and whoever forwards it (InvokeWithResponseStream here; the data
 * plane's STREAM transfer later): the bytes the function writes, as they come, then how it ended.
 *
 * SEAM: `bufferedStreamSource` adapts TODAY's buffered runtime (Runtime.invoke) to this interface. The runtime
 * being redesigned will produce a StreamSource itself (handlers wrapped in `awslambda.streamifyResponse`
 * writing chunk by chunk, docs/streaming.md §2.4–§2.5); replace `bufferedStreamSource` with it then.
 */
import type { InvokeRequest, Runtime } from "../contracts";

/** How a streamed invocation ended; known only once every chunk has been read. */
export interface StreamCompletion {
  /** Set when the function failed (InvokeComplete.ErrorCode): its error type, e.g. "Error", "Sandbox.Timedout". */
  errorCode?: string;
  /** The error's message (InvokeComplete.ErrorDetails). */
  errorDetails?: string;
  /** The invocation's log, for LogResult (its last 4 KB, base64). */
  logTail: string;
}

/** A streamed invocation in progress. */
export interface StreamSource {
  /** The function's output bytes in write order; chunk boundaries carry no meaning (docs/streaming.md §2.6). */
  chunks: AsyncIterable<Uint8Array>;
  /** Resolves after `chunks` is exhausted. */
  completion: Promise<StreamCompletion>;
}

/** Starts a streamed invocation; rejects (e.g. with an AwsError) only when the function cannot run at all. */
export type StreamInvoker = (runtime: Runtime, req: InvokeRequest) => Promise<StreamSource>;

/**
 * A non-streaming handler invoked with response streaming: its JSON result comes out as the stream's bytes, as
 * one chunk, and a thrown error as InvokeComplete's error with no payload (docs/streaming.md §2.6; the exact
 * chunking and error values AWS uses are not established).
 */
export const bufferedStreamSource: StreamInvoker = async (runtime, req) => {
  const outcome = await runtime.invoke(req);
  if (outcome.kind === "function-error") {
    let details = "";
    try {
      const parsed = JSON.parse(outcome.payload.toString("utf8")) as { errorMessage?: unknown };
      details = typeof parsed.errorMessage === "string" ? parsed.errorMessage : outcome.payload.toString("utf8");
    } catch {
      details = outcome.payload.toString("utf8");
    }
    return {
      chunks: (async function* () {})(),
      completion: Promise.resolve({ errorCode: outcome.errorType, errorDetails: details, logTail: outcome.logTail }),
    };
  }
  const payload = new Uint8Array(outcome.payload.buffer, outcome.payload.byteOffset, outcome.payload.byteLength);
  return {
    chunks: (async function* () {
      if (payload.byteLength > 0) yield payload;
    })(),
    completion: Promise.resolve({ logTail: outcome.logTail }),
  };
};
