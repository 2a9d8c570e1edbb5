import { z } from "zod";
import { ApiIdSchema, MediaTypeSchema, RegionSchema, StageNameSchema } from "@/lib/aws/inputs";

/** The fixes the preview can apply by itself, as one typed input shared by its button and its server action. */

const base = { region: RegionSchema, apiId: ApiIdSchema };

export const PreviewFixSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("add-type"), ...base, mediaType: MediaTypeSchema }),
  z.object({ kind: z.literal("redeploy"), ...base, stageName: StageNameSchema }),
  z.object({
    kind: z.literal("add-type-and-redeploy"),
    ...base,
    mediaType: MediaTypeSchema,
    stageName: StageNameSchema,
  }),
]);

/** A fix as the browser sends it (unvalidated strings: the action parses it with PreviewFixSchema). */
export type PreviewFix =
  | { kind: "add-type"; region: string; apiId: string; mediaType: string }
  | { kind: "redeploy"; region: string; apiId: string; stageName: string }
  | { kind: "add-type-and-redeploy"; region: string; apiId: string; mediaType: string; stageName: string };
/** A fix after validation (media type canonical). */
export type ValidPreviewFix = z.output<typeof PreviewFixSchema>;

/** What applying a fix did; `changed` says whether the page's data must be re-read. */
export interface FixOutcome {
  ok: boolean;
  message: string;
  changed: boolean;
}

/** The server action the preview calls with a typed fix (passed down from the route that owns it). */
export type ApplyFixAction = (fix: PreviewFix) => Promise<FixOutcome>;
