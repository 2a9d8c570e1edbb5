import "server-only";
import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import {
  HEADERS_TOO_LARGE_MESSAGE,
  INTERRUPTED_MESSAGE,
  PREVIEW_MAX_BYTES,
  PREVIEW_MAX_IN_FLIGHT,
  PREVIEW_TIMEOUT_MS,
  TIMEOUT_MESSAGE,
  TOO_LARGE_MESSAGE,
  UNREACHABLE_MESSAGE,
  type UpstreamFailureCode,
} from "./protocol";

/**
 * The preview's one outbound request (docs/security.md promise 4 "No SSRF"): a URL this server built, never one from a
 * client; no redirects followed; the body capped at 10 MB; the whole exchange bounded by one deadline that
 * also frees the slot, whether or not anyone is still reading; at most PREVIEW_MAX_IN_FLIGHT at once.
 * node:http rather than fetch(): fetch always adds `Accept: *∕*` when none is given, and the "no Accept" preset
 * must send none; node:http also names a header overflow instead of a generic network error.
 */

const limits = { timeoutMs: PREVIEW_TIMEOUT_MS };

/** Changes the preview deadline of this process (tests only: the real deadline is PREVIEW_TIMEOUT_MS). */
export function setPreviewTimeoutForTests(ms: number | null): void {
  limits.timeoutMs = ms ?? PREVIEW_TIMEOUT_MS;
}

let inFlight = 0;

/** Reserves one of the process's preview slots; returns a release function, or null when all are taken. */
export function acquirePreviewSlot(): (() => void) | null {
  if (inFlight >= PREVIEW_MAX_IN_FLIGHT) return null;
  inFlight++;
  let released = false;
  return () => {
    if (!released) {
      released = true;
      inFlight--;
    }
  };
}

/** Previews running now (for tests and diagnostics). */
export function previewsInFlight(): number {
  return inFlight;
}

export type UpstreamFailure = { code: UpstreamFailureCode; message: string };

export interface UpstreamResponse {
  status: number;
  /** Header pairs as received, names lower-cased, repeated headers kept apart. */
  headers: [string, string][];
  /** Milliseconds until the status line and headers arrived. */
  elapsedMs: number;
  /** The body, counted: errors with TOO_LARGE_MESSAGE past the cap and TIMEOUT_MESSAGE past the deadline. */
  body: ReadableStream<Uint8Array>;
}

export interface FetchUpstreamOptions {
  method: string;
  /** The Accept header to send; "" sends none. */
  accept: string;
  maxBytes?: number;
  timeoutMs?: number;
  /** Called exactly once when the exchange is over: finished, failed, cancelled or past its deadline. */
  onDone?: () => void;
}

type Outcome = { ok: true; data: UpstreamResponse } | { ok: false; error: UpstreamFailure };

/**
 * Fetches a URL this module's caller built with the given Accept: no redirects followed (a 3xx is returned
 * as is, for the UI to report), the body capped and the whole exchange bounded in time.
 */
export function fetchUpstream(url: string, opts: FetchUpstreamOptions): Promise<Outcome> {
  const maxBytes = opts.maxBytes ?? PREVIEW_MAX_BYTES;
  const timeoutMs = opts.timeoutMs ?? limits.timeoutMs;
  const started = performance.now();
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    let finished = false;
    let timedOut = false;
    let stream: ReadableStreamDefaultController<Uint8Array> | null = null;
    const settle = (o: Outcome) => {
      if (!settled) {
        settled = true;
        resolve(o);
      }
    };
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      opts.onDone?.();
    };
    const fail = (code: UpstreamFailureCode, message: string) => {
      req.destroy();
      finish();
      settle({ ok: false, error: { code, message } });
    };
    // The deadline covers the body too, and does not wait for a reader: a stalled browser must not keep the slot.
    const timer = setTimeout(() => {
      timedOut = true;
      if (stream) {
        try {
          stream.error(new Error(TIMEOUT_MESSAGE));
        } catch {
          /* already closed */
        }
      }
      fail("timeout", TIMEOUT_MESSAGE);
    }, timeoutMs);
    const target = new URL(url);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const req: ClientRequest = send(target, {
      method: opts.method,
      headers: opts.accept ? { accept: opts.accept } : {},
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (finished) return;
      if (err.code === "HPE_HEADER_OVERFLOW") fail("headers-too-large", HEADERS_TOO_LARGE_MESSAGE);
      else if (settled) finish();
      else fail("unreachable", UNREACHABLE_MESSAGE);
    });
    req.on("response", (res) => {
      const declared = Number(res.headers["content-length"] ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) return fail("too-large", TOO_LARGE_MESSAGE);
      const body = bodyStream(res, {
        maxBytes,
        onStart: (c) => (stream = c),
        onEnd: finish,
        onAbort: () => req.destroy(),
        isTimedOut: () => timedOut,
      });
      settle({
        ok: true,
        data: {
          status: res.statusCode ?? 0,
          headers: pairs(res.rawHeaders),
          elapsedMs: Math.round(performance.now() - started),
          body,
        },
      });
    });
    req.end();
  });
}

interface BodyHooks {
  maxBytes: number;
  onStart: (c: ReadableStreamDefaultController<Uint8Array>) => void;
  onEnd: () => void;
  onAbort: () => void;
  isTimedOut: () => boolean;
}

/** Bytes read ahead of the consumer: enough to keep the socket busy while Next writes, small enough to hold. */
const READ_AHEAD_BYTES = 1024 * 1024;

/**
 * The response as a web stream: each chunk passed on as it came off the socket (never joined or copied),
 * reading paused while READ_AHEAD_BYTES wait for the consumer.
 */
function bodyStream(res: IncomingMessage, hooks: BodyHooks): ReadableStream<Uint8Array> {
  let count = 0;
  let ctrl: ReadableStreamDefaultController<Uint8Array>;
  const stop = (error: Error | null) => {
    hooks.onEnd();
    try {
      if (error) ctrl.error(error);
      else ctrl.close();
    } catch {
      /* the deadline already errored it */
    }
  };
  res.pause();
  res.on("data", (chunk: Buffer) => {
    count += chunk.byteLength;
    if (count > hooks.maxBytes) {
      hooks.onAbort();
      return stop(new Error(TOO_LARGE_MESSAGE));
    }
    ctrl.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((ctrl.desiredSize ?? 0) <= 0) res.pause();
  });
  res.on("end", () => stop(null));
  res.on("error", () => stop(new Error(hooks.isTimedOut() ? TIMEOUT_MESSAGE : INTERRUPTED_MESSAGE)));
  res.on("aborted", () => stop(new Error(hooks.isTimedOut() ? TIMEOUT_MESSAGE : INTERRUPTED_MESSAGE)));
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        ctrl = c;
        hooks.onStart(c);
      },
      pull() {
        if (!res.destroyed) res.resume();
      },
      cancel() {
        hooks.onAbort();
        hooks.onEnd();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: READ_AHEAD_BYTES }),
  );
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i].toLowerCase(), raw[i + 1]]);
  return out;
}
