"use server";

import { revalidatePath } from "next/cache";
import { getConfig } from "@/lib/config";
import { applyDoctorFix } from "@/lib/doctor/fix";
import { type DoctorFix, type DoctorFixOutcome, DoctorFixSchema } from "@/lib/doctor/fix-input";
import { type DoctorRequestInput, DoctorRequestSchema } from "@/lib/doctor/input";
import { type DoctorReport, runDoctor } from "@/lib/doctor/run";
import { guardRequest } from "@/lib/security/request-guard";

/** What a doctor run gives the panel: the report, or a message (bad input, API or method not found). */
export type DoctorRunState = { ok: true; report: DoctorReport } | { ok: false; message: string };

/**
 * Runs the doctor: request allowed → zod → lib/doctor. Invoking runs the user's code, so on AWS it needs the
 * user's confirmation and is refused in read-only mode.
 */
export async function runDoctorAction(input: DoctorRequestInput): Promise<DoctorRunState> {
  const verdict = await guardRequest({ write: false });
  if (!verdict.ok) return { ok: false, message: `Request refused (${verdict.reason}).` };
  const parsed = DoctorRequestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid request" };
  const config = getConfig();
  const req = config.readOnly && config.target === "aws" ? { ...parsed.data, confirmInvoke: false } : parsed.data;
  try {
    const r = await runDoctor(req);
    return r.ok ? { ok: true, report: r.data } : r;
  } catch (err) {
    console.error("doctor run failed", err);
    return { ok: false, message: "The doctor failed unexpectedly; the server log has details." };
  }
}

/** The doctor's one-click fixes: request allowed → read-only refusal → zod → lib/doctor → revalidate. */
export async function applyDoctorFixAction(fix: DoctorFix): Promise<DoctorFixOutcome> {
  const verdict = await guardRequest({ write: true });
  if (!verdict.ok) return { ok: false, message: `Request refused (${verdict.reason}).`, changed: false };
  if (getConfig().readOnly) {
    return { ok: false, message: "Read-only mode (BINARYGATE_READ_ONLY=1): changes are disabled.", changed: false };
  }
  const parsed = DoctorFixSchema.safeParse(fix);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid fix", changed: false };
  const outcome = await applyDoctorFix(parsed.data);
  if (outcome.changed) revalidatePath(`/apis/${parsed.data.apiId}`);
  return outcome;
}
