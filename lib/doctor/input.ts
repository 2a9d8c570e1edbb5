import { z } from "zod";
import { ApiIdSchema, RegionSchema, StageNameSchema } from "@/lib/aws/inputs";
import { PREVIEW_METHODS } from "@/lib/preview/protocol";
import { PreviewAcceptSchema, PreviewPathSchema } from "@/lib/preview/request";

/**
 * What the doctor examines: one method of one deployed stage, for one client (its Accept). Same ids, path and
 * Accept rules as the preview; `confirmInvoke` is the user's consent to run the function on real AWS.
 */
export const DoctorRequestSchema = z.object({
  region: RegionSchema,
  apiId: ApiIdSchema,
  stage: StageNameSchema,
  path: PreviewPathSchema,
  method: z.enum(PREVIEW_METHODS).default("GET"),
  accept: PreviewAcceptSchema,
  confirmInvoke: z.boolean().default(false),
});

/** A validated doctor request. */
export type DoctorRequest = z.infer<typeof DoctorRequestSchema>;
/** A doctor request as the form sends it: unvalidated strings, parsed by the action with DoctorRequestSchema. */
export interface DoctorRequestInput {
  region: string;
  apiId: string;
  stage: string;
  path: string;
  method: string;
  accept: string;
  confirmInvoke: boolean;
}
