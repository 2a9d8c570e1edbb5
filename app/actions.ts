"use server";

import { revalidatePath } from "next/cache";
import { resetDemoData } from "@/lib/aws/demo";
import { getConfig } from "@/lib/config";
import { guardRequest } from "@/lib/security/request-guard";
import type { ActionState } from "./apis/[apiId]/action-state";

/** "Reset demo data": the emulator's demo APIs back as first seeded (same ids), the broken one broken again. */
export async function resetDemoAction(_prev: ActionState): Promise<ActionState> {
  const verdict = await guardRequest({ write: true });
  if (!verdict.ok) return { ok: false, message: `Request refused (${verdict.reason}).`, at: Date.now() };
  if (getConfig().readOnly)
    return { ok: false, message: "Read-only mode (BINARYGATE_READ_ONLY=1): changes are disabled.", at: Date.now() };
  const r = await resetDemoData();
  if (!r.ok) return { ok: false, message: r.error.message, at: Date.now() };
  revalidatePath("/", "layout");
  return {
    ok: true,
    message: `Reset ${r.data.length} demo APIs: ${r.data.map((a) => a.name).join(", ")}.`,
    at: Date.now(),
  };
}
