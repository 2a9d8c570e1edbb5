/**
 * The preview's wire contract, written once: what GET /api/preview answers and how the page reads it.
 * Pure and browser-safe: the route handler encodes with it, components/preview decodes with it.
 * The body is the stage's bytes, untouched; everything else travels in `x-binarygate-*` headers.
 */

/** The largest body relayed: AWS's own 10 MB payload limit for REST APIs. */
export const PREVIEW_MAX_BYTES = 10 * 1024 * 1024;
/** The whole exchange (headers and body) must end by then, or the slot is freed and the stream errors. */
export const PREVIEW_TIMEOUT_MS = 30_000;
/** Previews running at once per dashboard process. */
export const PREVIEW_MAX_IN_FLIGHT = 4;
export const PREVIEW_PATH_MAX_LENGTH = 1024;
export const PREVIEW_ACCEPT_MAX_LENGTH = 1024;
/** Above this, the relayed header values are cut to 256 characters each. */
export const PREVIEW_HEADERS_JSON_CAP = 16 * 1024;

export const PREVIEW_METHODS = ["GET", "HEAD", "OPTIONS", "DELETE", "POST", "PUT", "PATCH"] as const;
export type PreviewMethod = (typeof PREVIEW_METHODS)[number];

export const TOO_LARGE_MESSAGE = "response larger than 10 MB";
export const TIMEOUT_MESSAGE = "no response within 30 s";
export const INTERRUPTED_MESSAGE = "the stage's response was interrupted";
export const UNREACHABLE_MESSAGE = "the stage could not be reached";
export const HEADERS_TOO_LARGE_MESSAGE =
  "the stage answered with more than 16 KB of headers, more than the dashboard reads (Node's limit)";
export const BUSY_MESSAGE = `too many previews in flight (at most ${PREVIEW_MAX_IN_FLIGHT}); try again when one finishes`;

/** How a preview that could not be relayed failed (the route answers JSON with one of these codes). */
export type UpstreamFailureCode = "too-large" | "timeout" | "unreachable" | "headers-too-large";

const H = {
  upstreamStatus: "x-binarygate-upstream-status",
  upstreamHeaders: "x-binarygate-upstream-headers",
  elapsedMs: "x-binarygate-elapsed-ms",
  invokeUrl: "x-binarygate-invoke-url",
  route: "x-binarygate-route",
  deployedTypes: "x-binarygate-deployed-types",
  currentTypes: "x-binarygate-current-types",
} as const;

/** The header that names an error code on a JSON error answer. */
export const PREVIEW_ERROR_HEADER = "x-binarygate-error";

/**
 * The response headers every relayed body carries: an inert download (octet-stream, nosniff, CSP sandbox,
 * attachment), so nothing previewed can run on the dashboard's origin even when the URL is opened directly.
 */
export const PREVIEW_INERT_HEADERS = {
  "content-type": "application/octet-stream",
  "x-content-type-options": "nosniff",
  "content-security-policy": "sandbox; default-src 'none'",
  "content-disposition": "attachment",
  "cache-control": "no-store",
} as const;

/** What the route tells the page about the stage's answer, besides the bytes. */
export interface PreviewMeta {
  /** The stage's HTTP status. */
  status: number;
  /** The stage's headers as received (set-cookie kept separate). */
  headers: [string, string][];
  /** Milliseconds until the stage's status line and headers arrived. */
  upstreamMs: number;
  /** The invoke URL a human would use (display only). */
  invokeUrl: string;
  /** The deployed resource the path matched. */
  routePath: string;
  /** binaryMediaTypes of the deployment the stage serves. */
  deployedBinaryMediaTypes: string[];
  /** The API's current binaryMediaTypes. */
  currentBinaryMediaTypes: string[];
}

/** JSON for an HTTP header value: non-ASCII escaped so the value stays a valid ByteString. */
export function headerJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The metadata as response headers (header values cut when they would exceed PREVIEW_HEADERS_JSON_CAP). */
export function encodePreviewMeta(meta: PreviewMeta): Record<string, string> {
  let headers = headerJson(meta.headers);
  if (headers.length > PREVIEW_HEADERS_JSON_CAP)
    headers = headerJson(meta.headers.map(([k, v]) => [k, v.slice(0, 256)]));
  return {
    [H.upstreamStatus]: String(meta.status),
    [H.upstreamHeaders]: headers,
    [H.elapsedMs]: String(meta.upstreamMs),
    [H.invokeUrl]: headerJson(meta.invokeUrl),
    [H.route]: headerJson(meta.routePath),
    [H.deployedTypes]: headerJson(meta.deployedBinaryMediaTypes),
    [H.currentTypes]: headerJson(meta.currentBinaryMediaTypes),
  };
}

/** Reads the metadata back; null when the answer is not a relayed body (then it is a JSON error). */
export function decodePreviewMeta(get: (name: string) => string | null): PreviewMeta | null {
  const status = get(H.upstreamStatus);
  if (status === null) return null;
  return {
    status: Number(status),
    headers: pairs(json(get(H.upstreamHeaders))),
    upstreamMs: Number(get(H.elapsedMs) ?? 0) || 0,
    invokeUrl: text(json(get(H.invokeUrl))),
    routePath: text(json(get(H.route))),
    deployedBinaryMediaTypes: strings(json(get(H.deployedTypes))),
    currentBinaryMediaTypes: strings(json(get(H.currentTypes))),
  };
}

/**
 * The reason a relayed body broke off, as far as the page can tell: the route errors the stream at its caps,
 * and a broken stream carries no reason, so "close to 10 MB" means the size cap and "close to 30 s" the deadline.
 */
export function streamFailureMessage(receivedBytes: number, elapsedMs: number, timeoutMs = PREVIEW_TIMEOUT_MS): string {
  if (receivedBytes >= PREVIEW_MAX_BYTES - 512 * 1024) return TOO_LARGE_MESSAGE;
  if (elapsedMs >= timeoutMs - 1_000) return TIMEOUT_MESSAGE;
  return INTERRUPTED_MESSAGE;
}

function json(value: string | null): unknown {
  if (!value) return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
const pairs = (v: unknown): [string, string][] =>
  Array.isArray(v)
    ? v.filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === "string" && typeof p[1] === "string")
    : [];

/** The most clients one matrix run may ask for. */
export const MATRIX_MAX_CLIENTS = 16;

/**
 * GET /api/preview/matrix answers NDJSON: first the stage's configuration (read once per run), then one line
 * per client, in the order asked, as each call to the stage finishes.
 */
export type MatrixLine =
  | { type: "config"; deployedBinaryMediaTypes: string[]; currentBinaryMediaTypes: string[] }
  | { type: "row"; index: number; status: number; kind: "binary" | "text" | "base64-of-binary" }
  | { type: "row"; index: number; error: string }
  | { type: "error"; message: string };
