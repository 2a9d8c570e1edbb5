import { z } from "zod";
import { parseMediaType } from "@/lib/binary";
import { AWS_REGIONS } from "./regions";

/**
 * One zod schema per input (docs/conventions.md), shared by the server actions, the pages that parse their
 * URLs, and the forms (field names, limits). Pure: no server-only, no SDK, so client components may import it.
 */

/** A region from the known list (docs/security.md promise 6). */
export const RegionSchema = z.enum(AWS_REGIONS, { error: "Unknown AWS region" });

/** API Gateway REST API ids are 10 lower-case alphanumerics (docs/aws-binary-rules.md §6; model.ts). */
export const ApiIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]{10}$/, "Not a REST API id (10 lower-case letters or digits)");

/** Stage names: letters, digits, '-' and '_', up to 128 characters (API Gateway's rule). */
export const StageNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "Stage names use letters, digits, '-' and '_' (1–128 characters)");

/** A binary media type as typed by a user, validated and canonicalised by lib/binary (docs/security.md promise 6). */
export const MediaTypeSchema = z.string().transform((raw, ctx) => {
  const parsed = parseMediaType(raw);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  return parsed.value;
});

export const AddBinaryMediaTypeInputSchema = z.object({
  region: RegionSchema,
  apiId: ApiIdSchema,
  mediaType: MediaTypeSchema,
});
export type AddBinaryMediaTypeInput = z.infer<typeof AddBinaryMediaTypeInputSchema>;

/**
 * Removal takes the stored entry verbatim: AWS accepts odd entries (e.g. "-", docs/aws-binary-rules.md §6.1) that must
 * stay removable.
 */
export const RemoveBinaryMediaTypeInputSchema = z.object({
  region: RegionSchema,
  apiId: ApiIdSchema,
  mediaType: z.string().min(1, "Missing media type").max(255, "Too long"),
});
export type RemoveBinaryMediaTypeInput = z.infer<typeof RemoveBinaryMediaTypeInputSchema>;

export const RedeployStageInputSchema = z.object({
  region: RegionSchema,
  apiId: ApiIdSchema,
  stageName: StageNameSchema,
  // One line only: a CR or LF would forge lines wherever the description is shown or logged, and NUL ends
  // strings early in other tools. Checked before trimming, so a trailing line break is refused too.
  description: z
    .string()
    .regex(
      /^[^\r\n\0]*$/,
      "The description must be a single line: line breaks (CR, LF) and NUL characters are not allowed",
    )
    .trim()
    .max(200, "At most 200 characters")
    .optional()
    .default(""),
});
export type RedeployStageInput = z.infer<typeof RedeployStageInputSchema>;

/** Deployment ids are short lower-case alphanumerics (API Gateway's generated ids). */
export const RollbackStageInputSchema = z.object({
  region: RegionSchema,
  apiId: ApiIdSchema,
  stageName: StageNameSchema,
  deploymentId: z
    .string()
    .trim()
    .regex(/^[a-z0-9]{1,32}$/, "Not a deployment id"),
});
export type RollbackStageInput = z.infer<typeof RollbackStageInputSchema>;

/** Number of APIs per page of the list (the URL holds ?page=). */
export const API_LIST_PAGE_SIZE = 25;

/**
 * The `/` page's searchParams: region, search text and page, all from the URL (docs/conventions.md). An unknown region
 * fails.
 */
export const ApiListQuerySchema = z.object({
  region: z.preprocess(first, RegionSchema.optional()),
  q: z.preprocess(first, z.string().trim().max(128).optional().catch(undefined)).transform((v) => v ?? ""),
  page: z
    .preprocess(first, z.coerce.number().int().min(1).max(10_000).optional().catch(undefined))
    .transform((v) => v ?? 1),
});
export type ApiListQuery = z.infer<typeof ApiListQuerySchema>;

/** The API page's searchParams. */
export const ApiPageQuerySchema = z.object({ region: z.preprocess(first, RegionSchema.optional()) });

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}
