import "server-only";
import { z } from "zod";
import { findMostSpecificRoute, parseRouteTemplate, pathSegments } from "@/lib/binary";
import { getDeployedStageConfig, getRestApi } from "./apigateway";
import { stageInvokeUrl } from "./invoke-url";
import { ApiIdSchema, RegionSchema, StageNameSchema } from "./inputs";
import type { AwsFailure } from "./types";

/**
 * The preview's server side (security.md 4 "No SSRF"): input is ids, never a URL; the invoke URL is built
 * here after the ids were checked against the target; the upstream fetch never follows redirects, stops at
 * 10 MB and 30 s, and at most PREVIEW_MAX_IN_FLIGHT previews run at once per process.
 */

export const PREVIEW_MAX_BYTES = 10 * 1024 * 1024;
export const PREVIEW_TIMEOUT_MS = 30_000;
export const PREVIEW_MAX_IN_FLIGHT = 4;
export const PREVIEW_PATH_MAX_LENGTH = 1024;
export const PREVIEW_ACCEPT_MAX_LENGTH = 1024;

export const TOO_LARGE_MESSAGE = "response larger than 10 MB";
export const TIMEOUT_MESSAGE = "no response within 30 s";
export const BUSY_MESSAGE = `too many previews in flight (at most ${PREVIEW_MAX_IN_FLIGHT}); try again when one finishes`;

export const PREVIEW_METHODS = ["GET", "HEAD", "OPTIONS", "DELETE", "POST", "PUT", "PATCH"] as const;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A resource path with its parameters filled in: starts with "/", only RFC 3986 path characters, valid
 * percent-escapes, no empty or dot segments (also when percent-encoded), no query or fragment injection.
 */
export const PreviewPathSchema = z
  .string()
  .min(1, "path is required")
  .max(PREVIEW_PATH_MAX_LENGTH, `path is longer than ${PREVIEW_PATH_MAX_LENGTH} characters`)
  .refine((p) => !CONTROL.test(p), "path contains control characters")
  .refine((p) => p.startsWith("/"), "path must start with /")
  .refine((p) => !/[?#]/.test(p), "path must not contain ? or #")
  .refine((p) => !p.includes("\\"), "path must not contain a backslash")
  .refine((p) => p === "/" || !p.slice(1).split("/").some((s) => s === ""), "path must not contain // or end with /")
  .refine((p) => /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/.test(p), "path contains characters that must be percent-encoded")
  .refine((p) => !/%(?![0-9A-Fa-f]{2})/.test(p), "path has an invalid percent-escape")
  .refine((p) => !/%2f|%5c|%00/i.test(p), "path must not contain an encoded slash, backslash or NUL")
  .refine(
    (p) =>
      !p
        .split("/")
        .map((s) => s.replace(/%2e/gi, "."))
        .some((s) => s === "." || s === ".."),
    "path must not contain . or .. segments",
  );

/** What the preview route accepts (one schema, conventions.md). */
export const PreviewRequestSchema = z.object({
  // Ids are checked by the same schemas as the API page's actions (security.md 6), then against the target.
  region: RegionSchema,
  apiId: ApiIdSchema,
  stage: StageNameSchema,
  path: PreviewPathSchema,
  method: z.enum(PREVIEW_METHODS).default("GET"),
  accept: z
    .string()
    .min(1, "accept is required")
    .max(PREVIEW_ACCEPT_MAX_LENGTH, `accept is longer than ${PREVIEW_ACCEPT_MAX_LENGTH} characters`)
    .regex(/^[\x20-\x7e]+$/, "accept must be printable ASCII"),
});

export type PreviewRequest = z.infer<typeof PreviewRequestSchema>;

/** Parses URLSearchParams into a PreviewRequest, or one readable message per bad field. */
export function parsePreviewParams(
  params: URLSearchParams,
): { ok: true; data: PreviewRequest } | { ok: false; fieldErrors: Record<string, string> } {
  if (params.has("url")) return { ok: false, fieldErrors: { url: "the preview takes ids, never a URL" } };
  const raw: Record<string, string> = {};
  for (const key of ["region", "apiId", "stage", "path", "method", "accept"]) {
    const v = params.get(key);
    if (v !== null) raw[key] = v;
  }
  const parsed = PreviewRequestSchema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const k = String(issue.path[0] ?? "input");
    fieldErrors[k] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}

/** The deployed route a concrete path belongs to, matched exactly as the stage routes it (lib/binary route-template). */
export function matchDeployedRoute<R extends { path: string }>(path: string, routes: readonly R[]): R | null {
  return findMostSpecificRoute(routes, (r) => parseRouteTemplate(r.path), pathSegments(path))?.item ?? null;
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

export type UpstreamFailure = { code: "too-large" | "timeout" | "unreachable"; message: string };

export interface UpstreamResponse {
  status: number;
  /** Header pairs as received (set-cookie kept separate). */
  headers: [string, string][];
  /** Milliseconds until the status line and headers arrived. */
  elapsedMs: number;
  /** The body, counted: errors with TOO_LARGE_MESSAGE past the cap and TIMEOUT_MESSAGE past the deadline. */
  body: ReadableStream<Uint8Array>;
}

export interface FetchUpstreamOptions {
  method: string;
  accept: string;
  maxBytes?: number;
  timeoutMs?: number;
  /** Called once when the body is finished, failed or cancelled (frees the preview slot). */
  onDone?: () => void;
}

/**
 * Fetches a URL this module built (never one from a client) with the given Accept: no redirects followed,
 * the body capped and the whole exchange bounded in time. A 3xx is returned as is, for the UI to report.
 */
export async function fetchUpstream(
  url: string,
  opts: FetchUpstreamOptions,
): Promise<{ ok: true; data: UpstreamResponse } | { ok: false; error: UpstreamFailure }> {
  const maxBytes = opts.maxBytes ?? PREVIEW_MAX_BYTES;
  const timeoutMs = opts.timeoutMs ?? PREVIEW_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  let doneCalled = false;
  const done = () => {
    clearTimeout(timer);
    if (!doneCalled) {
      doneCalled = true;
      opts.onDone?.();
    }
  };
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method,
      headers: { accept: opts.accept },
      redirect: "manual",
      signal: controller.signal,
      cache: "no-store",
    });
  } catch {
    done();
    if (timedOut) return { ok: false, error: { code: "timeout", message: TIMEOUT_MESSAGE } };
    return { ok: false, error: { code: "unreachable", message: "the stage could not be reached" } };
  }
  const elapsedMs = Math.round(performance.now() - started);
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    controller.abort();
    done();
    return { ok: false, error: { code: "too-large", message: TOO_LARGE_MESSAGE } };
  }
  const headers: [string, string][] = [];
  res.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers.push([name, value]);
  });
  for (const c of res.headers.getSetCookie()) headers.push(["set-cookie", c]);

  const reader = res.body?.getReader();
  let count = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      if (!reader) {
        done();
        ctrl.close();
        return;
      }
      try {
        const { value, done: end } = await reader.read();
        if (end) {
          done();
          ctrl.close();
          return;
        }
        count += value.byteLength;
        if (count > maxBytes) {
          controller.abort();
          done();
          ctrl.error(new Error(TOO_LARGE_MESSAGE));
          return;
        }
        ctrl.enqueue(value);
      } catch {
        done();
        ctrl.error(new Error(timedOut ? TIMEOUT_MESSAGE : "the stage's response was interrupted"));
      }
    },
    cancel() {
      controller.abort();
      done();
    },
  });
  return { ok: true, data: { status: res.status, headers, elapsedMs, body } };
}

/** JSON for an HTTP header value: non-ASCII escaped so the value stays a valid ByteString. */
export function headerJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export interface PreviewSuccess {
  upstream: UpstreamResponse;
  url: string;
  /** The invoke URL a human would use (for display only). */
  displayUrl: string;
  deployedBinaryMediaTypes: string[];
  currentBinaryMediaTypes: string[];
  routePath: string;
}

export type PreviewFailure = { status: number; code: string; message: string };

/**
 * Runs one preview: checks the API, the stage and the route exist on the target (security.md 4), builds the
 * invoke URL itself, and fetches it with the requested Accept. The slot is held until the body is consumed.
 */
export async function runPreview(req: PreviewRequest): Promise<{ ok: true; data: PreviewSuccess } | { ok: false; error: PreviewFailure }> {
  const release = acquirePreviewSlot();
  if (!release) return { ok: false, error: { status: 429, code: "busy", message: BUSY_MESSAGE } };
  let handedOff = false;
  try {
    const [api, deployed] = await Promise.all([
      getRestApi(req.region, req.apiId),
      getDeployedStageConfig(req.region, req.apiId, req.stage),
    ]);
    if (!api.ok) return { ok: false, error: fromAws(api.error, `REST API ${req.apiId} was not found in ${req.region}`) };
    if (!deployed.ok) return { ok: false, error: fromAws(deployed.error, `Stage ${req.stage} was not found on REST API ${req.apiId}`) };
    const route = matchDeployedRoute(req.path, deployed.data.routes);
    if (!route) {
      return { ok: false, error: { status: 404, code: "no-route", message: `${req.path} matches no route deployed on stage ${req.stage}` } };
    }
    if (!route.methods.includes(req.method) && !route.methods.includes("ANY")) {
      return {
        ok: false,
        error: { status: 405, code: "no-method", message: `${req.method} is not deployed on ${route.path} (deployed: ${route.methods.join(", ") || "none"})` },
      };
    }
    const url = stageInvokeUrl(req.region, req.apiId, req.stage, req.path, "fetch");
    handedOff = true;
    const up = await fetchUpstream(url, { method: req.method, accept: req.accept, onDone: release });
    if (!up.ok) {
      const status = up.error.code === "timeout" ? 504 : 502;
      return { ok: false, error: { status, code: up.error.code, message: up.error.message } };
    }
    return {
      ok: true,
      data: {
        upstream: up.data,
        url,
        displayUrl: stageInvokeUrl(req.region, req.apiId, req.stage, req.path, "display"),
        deployedBinaryMediaTypes: deployed.data.binaryMediaTypes,
        currentBinaryMediaTypes: api.data.binaryMediaTypes,
        routePath: route.path,
      },
    };
  } finally {
    if (!handedOff) release();
  }
}

function fromAws(error: AwsFailure, notFound: string): PreviewFailure {
  if (error.code === "not-found") return { status: 404, code: "not-found", message: notFound };
  if (error.code === "throttled") return { status: 429, code: "throttled", message: error.message };
  return { status: 502, code: error.code, message: error.message };
}
