import { z } from "zod";
import { ApiIdSchema, RegionSchema, StageNameSchema } from "@/lib/aws/inputs";
import {
  MATRIX_MAX_CLIENTS,
  PREVIEW_ACCEPT_MAX_LENGTH,
  PREVIEW_BODY_MAX_BYTES,
  PREVIEW_BODY_METHODS,
  PREVIEW_HEADER_VALUE_MAX_LENGTH,
  PREVIEW_MAX_HEADERS,
  PREVIEW_METHODS,
  PREVIEW_PATH_MAX_LENGTH,
} from "./protocol";

export { PREVIEW_BODY_MAX_BYTES };

/**
 * What GET /api/preview accepts: ids, a filled-in path, a method and an Accept; never a URL (docs/security.md promise
 * 4).
 */

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
  .refine(
    (p) =>
      p === "/" ||
      !p
        .slice(1)
        .split("/")
        .some((s) => s === ""),
    "path must not contain // or end with /",
  )
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

/**
 * The Accept to send. Empty means "send no Accept header at all", which API Gateway treats on its own: with no
 * first Accept value nothing matches, not even `*∕*` (docs/aws-binary-rules.md §3).
 */
export const PreviewAcceptSchema = z
  .string()
  .max(PREVIEW_ACCEPT_MAX_LENGTH, `accept is longer than ${PREVIEW_ACCEPT_MAX_LENGTH} characters`)
  .regex(/^[\x20-\x7e]*$/, "accept must be printable ASCII");

/** One preview request (ids are checked by the API page's own schemas, then against the target). */
export const PreviewRequestSchema = z.object({
  region: RegionSchema,
  apiId: ApiIdSchema,
  stage: StageNameSchema,
  path: PreviewPathSchema,
  method: z.enum(PREVIEW_METHODS).default("GET"),
  accept: PreviewAcceptSchema,
});

export type PreviewRequest = z.infer<typeof PreviewRequestSchema>;

type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: Record<string, string> };

/** Parses URLSearchParams into a PreviewRequest, or one readable message per bad field. */
export function parsePreviewParams(params: URLSearchParams): Parsed<PreviewRequest> {
  if (params.has("url")) return { ok: false, fieldErrors: { url: "the preview takes ids, never a URL" } };
  const raw: Record<string, string> = {};
  for (const key of ["region", "apiId", "stage", "path", "method", "accept"]) {
    const v = params.get(key);
    if (v !== null) raw[key] = v;
  }
  if (raw.accept === undefined) return { ok: false, fieldErrors: { accept: "accept is required (empty sends none)" } };
  const parsed = PreviewRequestSchema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const k = String(issue.path[0] ?? "input");
    fieldErrors[k] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}

/**
 * Names a user may not set: the connection's own (the server writes them from the request it builds), Accept
 * (the client field sets it), and the signature's, which SigV4 signing would overwrite.
 */
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "accept",
]);
const SIGNING_HEADERS = new Set(["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** One extra request header for a protected stage (an API key, a bearer token …): never logged or stored. */
export const PreviewHeaderSchema = z.object({
  name: z
    .string()
    .min(1, "a header name is required")
    .max(128, "a header name has at most 128 characters")
    .regex(TOKEN, "a header name is letters, digits and !#$%&'*+-.^_`|~ only")
    .refine((n) => !RESERVED_HEADERS.has(n.toLowerCase()) && !n.toLowerCase().startsWith("proxy-"), {
      message: "this header is set by the preview itself (use the client field for Accept)",
    }),
  value: z
    .string()
    .max(PREVIEW_HEADER_VALUE_MAX_LENGTH, `a header value has at most ${PREVIEW_HEADER_VALUE_MAX_LENGTH} characters`)
    .regex(/^[\t\x20-\x7e]*$/, "a header value must be printable ASCII (no line breaks)"),
});

/** A preview with what a protected stage needs: extra headers, a body, SigV4 signing (POST /api/preview). */
export const PreviewPostSchema = PreviewRequestSchema.extend({
  headers: z.array(PreviewHeaderSchema).max(PREVIEW_MAX_HEADERS, `at most ${PREVIEW_MAX_HEADERS} headers`).default([]),
  body: z
    .string()
    .refine(
      (b) => new TextEncoder().encode(b).byteLength <= PREVIEW_BODY_MAX_BYTES,
      "the request body is larger than 1 MiB",
    )
    .optional(),
  sign: z.boolean().default(false),
})
  .refine((r) => new Set(r.headers.map((h) => h.name.toLowerCase())).size === r.headers.length, {
    message: "each header name once",
    path: ["headers"],
  })
  .refine((r) => !r.sign || !r.headers.some((h) => SIGNING_HEADERS.has(h.name.toLowerCase())), {
    message: "SigV4 signing sets Authorization and X-Amz-* itself: remove them or turn signing off",
    path: ["headers"],
  })
  .refine((r) => r.body === undefined || PREVIEW_BODY_METHODS.includes(r.method), {
    message: "a request body is sent only with POST, PUT or PATCH",
    path: ["body"],
  });

export type PreviewPost = z.infer<typeof PreviewPostSchema>;

/** Parses POST /api/preview's JSON into a PreviewPost, or one readable message per bad field (never a value). */
export function parsePreviewPost(json: unknown): Parsed<PreviewPost> {
  if (typeof json === "object" && json !== null && "url" in json) {
    return { ok: false, fieldErrors: { url: "the preview takes ids, never a URL" } };
  }
  const parsed = PreviewPostSchema.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "input")] ??= issue.message;
  return { ok: false, fieldErrors };
}

/** A client-matrix run: the same ids, path and method, and up to MATRIX_MAX_CLIENTS Accept values. */
export const MatrixRequestSchema = PreviewRequestSchema.omit({ accept: true }).extend({
  accepts: z
    .array(PreviewAcceptSchema)
    .min(1, "at least one accept")
    .max(MATRIX_MAX_CLIENTS, `at most ${MATRIX_MAX_CLIENTS} clients`),
});

export type MatrixRequest = z.infer<typeof MatrixRequestSchema>;

/** Parses a matrix run's URLSearchParams (accept repeated, once per client). */
export function parseMatrixParams(params: URLSearchParams): Parsed<MatrixRequest> {
  if (params.has("url")) return { ok: false, fieldErrors: { url: "the preview takes ids, never a URL" } };
  const raw: Record<string, unknown> = { accepts: params.getAll("accept") };
  for (const key of ["region", "apiId", "stage", "path", "method"]) {
    const v = params.get(key);
    if (v !== null) raw[key] = v;
  }
  const parsed = MatrixRequestSchema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "input")] ??= issue.message;
  return { ok: false, fieldErrors };
}

const urlValue = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().max(PREVIEW_PATH_MAX_LENGTH).optional());

/** The preview's state in the API page's URL (stage, resource, method, client, typed Accept); bad values are dropped. */
export function parsePreviewUrlState(search: Record<string, string | string[] | undefined>): {
  stage?: string;
  resource?: string;
  method?: string;
  client?: string;
  accept?: string;
} {
  const out: Record<string, string> = {};
  for (const key of ["stage", "resource", "method", "client", "accept"]) {
    const v = urlValue.safeParse(search[key]);
    if (v.success && v.data !== undefined && /^[\x20-\x7e]*$/.test(v.data)) out[key] = v.data;
  }
  return out;
}
