/**
 * The readings taken where AWS's streaming behaviour is not established (docs/streaming.md §6), for the dashboard
 * and the doctor to show beside AWS_UNKNOWN_CHOICES. The rules live in stream-prelude.ts and the emulator's STREAM
 * transfer (lib/emulator/dataplane/stream.ts).
 */
import type { UnknownChoice } from "./choices";

/** Every reading the STREAM data plane applies where AWS is unknown. */
export const STREAM_UNKNOWN_CHOICES: readonly UnknownChoice[] = Object.freeze([
  {
    id: "stream-prelude-limit",
    topic: "Where the 8-NUL delimiter must be",
    choice: "ending within the first 16 384 bytes, delimiter included",
    why: 'AWS says "within the first 16 KB" without saying 16 000 or 16 384, or whether the delimiter counts.',
  },
  {
    id: "stream-bad-output",
    topic: "Status for output without valid metadata",
    choice: '500 {"message": "Internal server error"}; 502 when headers are not single values',
    why: "AWS's docs say 500; one deployment answered 502 for headers given as arrays.",
  },
  {
    id: "stream-missing-status",
    topic: "Metadata without statusCode",
    choice: "200",
    why: "`{}` is valid metadata; AWS's Go helper stopped forcing 200 without saying what API Gateway uses.",
  },
  {
    id: "stream-extra-keys",
    topic: "Metadata keys other than statusCode, headers, multiValueHeaders and cookies (body, isBase64Encoded)",
    choice: "bad output (500)",
    why: "AWS's docs allow only those four keys; what AWS does with others is not recorded.",
  },
  {
    id: "stream-header-values",
    topic: "Numbers and booleans as header values",
    choice: "accepted and sent as text",
    why: "As in buffered proxy results; only arrays inside headers are observed to fail.",
  },
  {
    id: "stream-cookies",
    topic: "The metadata's cookies",
    choice: "one Set-Cookie each, after any multiValueHeaders Set-Cookie",
    why: "AWS's example puts cookies in multiValueHeaders; the mapping of `cookies` is not documented.",
  },
  {
    id: "stream-content-length",
    topic: "A Content-Length that does not match the bytes written",
    choice: "exactly that many bytes are sent: extra bytes dropped, too few cut the connection",
    why: "Not documented; HTTP framing allows nothing else.",
  },
  {
    id: "stream-cut",
    topic: "A timeout or a function error after the status was sent",
    choice: "the connection is closed mid-body, without the final chunk",
    why: "AWS's troubleshooting page ties curl's \"transfer closed with outstanding read data\" to a short timeout.",
  },
  {
    id: "stream-before-metadata",
    topic: "A timeout or a function error before any metadata",
    choice: "504 Endpoint request timed out; 502 Internal server error",
    why: "Nothing has been sent yet, so the buffered answers apply (inferred).",
  },
  {
    id: "stream-idle",
    topic: "What the idle timeout measures",
    choice: "the wait for the function's next bytes: 5 minutes (Regional, private), 30 s (edge-optimized)",
    why: "AWS gives the durations, not whether a client that stops reading counts; here it never does.",
  },
  {
    id: "stream-content-type",
    topic: "Streamed response without a Content-Type in its metadata",
    choice: "none is added",
    why: "API Gateway's default for streams is not documented (buffered responses get application/json).",
  },
]);
