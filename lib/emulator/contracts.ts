/**
 * The seams between the emulator's parts, so each can be built and tested on its own:
 *   server.ts  — HTTP listener; routes to the control planes, the data plane and /_binarygate/*.
 *   store.ts   — persisted state (model.ts): serialised, durable, atomic mutations.
 *   runtime/   — runs real Lambda handlers in warm worker processes.
 *   dataplane/ — stage invocation (execute-api) through Lambda proxy integrations.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorState, FunctionRecord } from "./model";

export interface EmulatorConfig {
  host: string;
  port: number;
  stateDir: string;
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  /** Seed demo data on start (idempotent). */
  seed: boolean;
  /** Browser origins allowed to call the control planes and admin endpoints (docs/security.md promise 13). */
  allowOrigins: string[];
  /** Host names accepted besides loopback ones (docs/security.md promise 2, DNS rebinding). */
  allowHosts: string[];
}

export interface Store {
  /** The current state. Treat as read-only: change it only through `mutate`. */
  read(): EmulatorState;
  /**
   * Runs `fn` on the state, serialised with every other mutation, and resolves only once the result is
   * on disk (fsync + atomic rename). If `fn` throws, nothing is written and the error is rethrown.
   * `fn` may run more than once (it is re-run when another mutation of its write batch throws), so it must
   * only change the draft and return a value: no I/O or other side effects inside it.
   */
  mutate<T>(fn: (draft: EmulatorState) => T): Promise<T>;
  /** Writes a function's zip under the state directory (durably) and returns its path. */
  saveCode(region: string, functionName: string, codeSha256: string, zip: Uint8Array): Promise<string>;
  /** Path of a function's stored zip. */
  codePath(region: string, functionName: string, codeSha256: string): string;
  /** The state directory. */
  readonly dir: string;
  close(): Promise<void>;
}

/** What one Lambda invocation produced, as Lambda's Invoke reports it. */
export type InvokeOutcome =
  | {
      kind: "ok";
      /** The handler's result serialised as JSON bytes (what Invoke returns as Payload). */
      payload: Buffer;
      logTail: string;
      durationMs: number;
    }
  | {
      kind: "function-error";
      /** AWS's error payload, e.g. {"errorType":"Sandbox.Timedout","errorMessage":"…"}. */
      payload: Buffer;
      /** "Unhandled" for a thrown error, crash or timeout. */
      functionError: "Unhandled" | "Handled";
      errorType: string;
      logTail: string;
      durationMs: number;
    };

/**
 * A proxy invocation's result, split so a large body never goes through JSON on the hot path:
 * `envelope` is the handler's result with `body` removed (or the whole non-object result),
 * `body` holds the body string's UTF-8 bytes.
 */
export type ProxyInvokeOutcome =
  | {
      kind: "ok";
      envelope: unknown;
      /** UTF-8 bytes of result.body when it was a string; undefined when absent or not a string. */
      body: Buffer | undefined;
      /**
       * Byte length of JSON.stringify(result) — for Lambda's 6,291,556-byte response limit
       * (docs/aws-binary-rules.md §8).
       */
      resultJsonBytes: number;
      logTail: string;
      durationMs: number;
      /** See the "response" variant's release. */
      release?: () => void;
    }
  | {
      /**
       * The final client response, converted by lib/binary inside the worker (Node.js workers, when the request
       * asked for `proxyConversion`): the parent only writes it. Byte-identical to envelopeToResponse on "ok".
       */
      kind: "response";
      response: ConvertedProxyResponse;
      /**
       * Byte length of JSON.stringify(result): Lambda's limit (docs/aws-binary-rules.md §8) is applied to it before
       * conversion.
       */
      resultJsonBytes: number;
      logTail: string;
      durationMs: number;
      /**
       * When present, the body lives in a reused buffer: call this once nothing refers to it any more (e.g. the
       * HTTP response's 'finish'), and never touch the body after. Not calling it is safe (the GC takes it).
       */
      release?: () => void;
    }
  | Extract<InvokeOutcome, { kind: "function-error" }>;

/** lib/binary's ProxyResponse (both kinds), its body as a Buffer. */
export type ConvertedProxyResponse =
  | {
      kind: "response";
      statusCode: number;
      headers: Record<string, string[]>;
      body: Buffer;
      bodyMode: "binary" | "text";
    }
  | {
      kind: "error";
      statusCode: number;
      headers: Record<string, string[]>;
      body: Buffer;
      reason: "malformed-result" | "invalid-base64";
      detail: string;
    };

/** What a proxy invocation needs to convert the result into the client response (lib/binary's inputs). */
export interface ProxyConversion {
  /** The client's Accept header (docs/aws-binary-rules.md §3: only its first value counts). */
  accept: string | null;
  /** The deployed API's binaryMediaTypes. */
  binaryMediaTypes: readonly string[];
}

export interface InvokeRequest {
  /** The function as stored; the runtime finds its code through Store.codePath. */
  fn: FunctionRecord;
  region: string;
  payload: Buffer;
  requestId: string;
  /** Wall-clock cap in ms beyond the function's own Timeout (API Gateway's integration timeout). */
  deadlineMs?: number;
  /**
   * invokeProxy only: let the worker run lib/binary's response conversion where the body is still a string
   * (no base64 decode of bytes in the emulator's main process). Workers that cannot (Python) answer "ok".
   */
  proxyConversion?: ProxyConversion;
}

export interface Runtime {
  /** Invoke as Lambda's Invoke API does (RequestResponse). Never throws for handler faults. */
  invoke(req: InvokeRequest): Promise<InvokeOutcome>;
  /** Invoke for an AWS_PROXY integration, returning the result split for a zero-JSON body path. */
  invokeProxy(req: InvokeRequest): Promise<ProxyInvokeOutcome>;
  /** Drops warm workers of a function (after UpdateFunctionCode/Configuration or DeleteFunction). */
  evict(region: string, functionName: string): void;
  close(): Promise<void>;
}

export interface Metrics {
  /** Count one call: service "apigateway" | "lambda" | "execute-api" | "binarygate", operation name. */
  count(service: string, operation: string): void;
  /** Count one error by its AWS error type (e.g. "NotFoundException"). */
  error(service: string, errorType: string): void;
  snapshot(): unknown;
}

/** Fault injection for tests of clients (lib/aws): set through POST /_binarygate/faults. */
export interface FaultRule {
  /** Operation name to hit, e.g. "UpdateRestApi", or "*" */
  operation: string;
  /** How many of the next matching calls fail. */
  times: number;
  kind: "throttle" | "conflict" | "delay";
  delayMs?: number;
  /** Only calls to this service (both when absent). */
  service?: "apigateway" | "lambda";
}

export interface EmulatorContext {
  config: EmulatorConfig;
  store: Store;
  runtime: Runtime;
  metrics: Metrics;
}

/** A request handler of one part of the emulator; resolves once the response is sent. */
export type PartHandler = (ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** One signed AWS control-plane call, after the server verified SigV4 and read the body. */
export interface AwsCall {
  service: "apigateway" | "lambda";
  /** From the signature's credential scope: regions are separate, as on AWS. */
  region: string;
  accessKeyId: string;
  method: string;
  /** Parsed request URL (path still percent-encoded: decode each segment yourself). */
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** x-amzn-RequestId for the reply. */
  requestId: string;
}

/** A control-plane reply; the server serialises it. Errors are thrown as AwsError (errors.ts). */
export interface AwsReply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a Buffer/string raw; an AsyncIterable<Uint8Array> streamed, chunked. */
  body?: unknown;
}

/** A control plane: API Gateway or Lambda. Resolves the reply or throws AwsError; any other throw is a 500. */
export type ControlPlane = (ctx: EmulatorContext, call: AwsCall) => Promise<AwsReply>;

/** The stage an execute-api request addresses (by host or by /_aws/execute-api/ path). */
export interface ExecuteApiTarget {
  apiId: string;
  stage: string;
  /** The resource path after the stage, starting with "/", still percent-encoded. */
  path: string;
  /** The raw query string, without "?". */
  query: string;
  /** How it was addressed, for requestContext.domainName. */
  style: "host" | "path";
}
