import { z } from "zod";
import { RegionSchema } from "@/lib/aws/inputs";

/** A scan's scope as the list page and the scan route send it: one region, or every region (opt-in). */
export const ScanScopeSchema = z.object({
  region: RegionSchema,
  all: z.enum(["0", "1"]).default("0"),
});
export type ScanScope = z.infer<typeof ScanScopeSchema>;

/** The store key of a scope. */
export function scopeOf(s: ScanScope): string {
  return s.all === "1" ? "all" : s.region;
}

/** The list's status filter: after a scan "drifted" or "broken" (for browsers), or an owner such as "owner:sam". */
export const ListStatusSchema = z
  .union([z.enum(["drifted", "broken"]), z.templateLiteral(["owner:", z.string().regex(/^[a-z]{1,20}$/)])])
  .optional()
  .catch(undefined);
export type ListStatus = z.infer<typeof ListStatusSchema>;
