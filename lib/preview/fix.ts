import "server-only";
import { addBinaryMediaType, createDeployment, listStages } from "@/lib/aws/apigateway";
import type { FixOutcome, ValidPreviewFix } from "./fix-input";

const DESCRIPTION = "Redeployed from the BinaryGate preview";

/**
 * Applies one preview fix through lib/aws. "add-type-and-redeploy" is the one-click fix: the type, then a
 * deployment, each under its own quota (CreateDeployment is spaced by lib/aws's limiter).
 */
export async function applyPreviewFix(fix: ValidPreviewFix): Promise<FixOutcome> {
  const { region, apiId } = fix;
  let added = "";
  if (fix.kind === "add-type" || fix.kind === "add-type-and-redeploy") {
    const r = await addBinaryMediaType(region, apiId, fix.mediaType);
    if (!r.ok) return { ok: false, message: r.error.message, changed: false };
    if (fix.kind === "add-type") {
      const next = r.data.changed ? " Redeploy a stage to apply it." : "";
      return { ok: true, message: `${r.data.message}.${next}`, changed: r.data.changed };
    }
    added = r.data.changed
      ? `Added ${r.data.mediaType} and deployed`
      : `${r.data.mediaType} was already present; deployed`;
  }
  // CreateDeployment with an unknown stageName would CREATE that stage: only deploy to a listed one.
  const stages = await listStages(region, apiId);
  if (!stages.ok) return { ok: false, message: stages.error.message, changed: added !== "" };
  if (!stages.data.some((s) => s.stageName === fix.stageName)) {
    return { ok: false, message: `Stage ${fix.stageName} does not exist on REST API ${apiId}.`, changed: added !== "" };
  }
  const d = await createDeployment(region, apiId, fix.stageName, DESCRIPTION);
  if (!d.ok) return { ok: false, message: d.error.message, changed: added !== "" };
  return { ok: true, message: `${added || "Deployed"} ${d.data.id} to ${fix.stageName}.`, changed: true };
}
