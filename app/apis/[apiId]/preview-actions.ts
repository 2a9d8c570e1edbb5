"use server";

import { revalidatePath } from "next/cache";
import { getConfig } from "@/lib/config";
import { applyPreviewFix } from "@/lib/preview/fix";
import { type FixOutcome, type PreviewFix, PreviewFixSchema } from "@/lib/preview/fix-input";
import { guardRequest } from "@/lib/security/request-guard";

/**
 * The preview's fix buttons, thin as every action on this page: request allowed (Host, token, Origin) →
 * read-only refusal → zod → lib/preview's typed applyPreviewFix → revalidate.
 */
export async function applyPreviewFixAction(fix: PreviewFix): Promise<FixOutcome> {
  const verdict = await guardRequest({ write: true });
  if (!verdict.ok) return { ok: false, message: `Request refused (${verdict.reason}).`, changed: false };
  if (getConfig().readOnly) {
    return { ok: false, message: "Read-only mode (BINARYGATE_READ_ONLY=1): changes are disabled.", changed: false };
  }
  const parsed = PreviewFixSchema.safeParse(fix);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid fix", changed: false };
  const outcome = await applyPreviewFix(parsed.data);
  if (outcome.changed) revalidatePath(`/apis/${parsed.data.apiId}`);
  return outcome;
}
