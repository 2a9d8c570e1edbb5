import { z } from "zod";
import { ApiIdSchema, RegionSchema, StageNameSchema } from "@/lib/aws/inputs";
import { MATRIX_MAX_CLIENTS, PREVIEW_ACCEPT_MAX_LENGTH, PREVIEW_METHODS, PREVIEW_PATH_MAX_LENGTH } from "./protocol";

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
