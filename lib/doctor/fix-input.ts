import { z } from "zod";
import { ApiIdSchema, RegionSchema, StageNameSchema } from "@/lib/aws/inputs";

/** The doctor's one-click fixes, as one typed input shared by its buttons and its server action. */

const base = { region: RegionSchema, apiId: ApiIdSchema };
/** A Lambda function name (Lambda's own rule: letters, digits, hyphens, underscores, at most 64). */
const FunctionNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not a Lambda function name");
/** The method's execute-api ARN the permission is for. */
const MethodArnSchema = z
  .string()
  .max(1600)
  .regex(/^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[a-z0-9]{10}\/[^/\s]+\/[A-Z*]+\/\S*$/, "Not a method ARN");

export const DoctorFixSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("add-permission"),
    ...base,
    functionName: FunctionNameSchema,
    methodArn: MethodArnSchema,
  }),
  z.object({
    kind: z.literal("preflights-to-text"),
    ...base,
    stageName: StageNameSchema,
    resourceIds: z
      .array(z.string().regex(/^[a-z0-9]{1,20}$/, "Not a resource id"))
      .min(1)
      .max(20),
  }),
  z.object({ kind: z.literal("redeploy"), ...base, stageName: StageNameSchema }),
]);

/** A fix as the browser sends it: unvalidated strings, parsed by the action with DoctorFixSchema. */
export type DoctorFix =
  | { kind: "add-permission"; region: string; apiId: string; functionName: string; methodArn: string }
  | { kind: "preflights-to-text"; region: string; apiId: string; stageName: string; resourceIds: string[] }
  | { kind: "redeploy"; region: string; apiId: string; stageName: string };
/** A validated fix. */
export type ValidDoctorFix = z.output<typeof DoctorFixSchema>;

/** What a fix did; `changed` says whether the page's data (and the doctor's run) must be re-read. */
export interface DoctorFixOutcome {
  ok: boolean;
  message: string;
  changed: boolean;
}
