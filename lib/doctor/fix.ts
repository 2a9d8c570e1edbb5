import "server-only";
import { createDeployment, listStages } from "@/lib/aws/apigateway";
import { updateIntegrationContentHandling } from "@/lib/aws/integration";
import { addPermission } from "@/lib/aws/lambda";
import { addPermissionFix } from "@/lib/binary";
import type { DoctorFixOutcome, ValidDoctorFix } from "./fix-input";

const DESCRIPTION = "Redeployed from the BinaryGate doctor";

/**
 * Applies one doctor fix through lib/aws: the permission statement lib/binary derives (never one the browser
 * wrote), or CONVERT_TO_TEXT on MOCK OPTIONS integrations one at a time, then a deployment to an existing stage.
 */
export async function applyDoctorFix(fix: ValidDoctorFix): Promise<DoctorFixOutcome> {
  if (fix.kind === "add-permission") {
    const statement = addPermissionFix(fix.functionName, fix.methodArn);
    if (!statement) return { ok: false, message: "The method ARN is not valid.", changed: false };
    const r = await addPermission(fix.region, statement);
    if (!r.ok) return { ok: false, message: r.error.message, changed: false };
    return {
      ok: true,
      message: r.data.added
        ? `Added statement ${statement.StatementId}: API Gateway may now invoke ${fix.functionName}.`
        : `Statement ${statement.StatementId} was already on ${fix.functionName}.`,
      changed: r.data.added,
    };
  }
  let converted = 0;
  if (fix.kind === "preflights-to-text") {
    for (const resourceId of fix.resourceIds) {
      const r = await updateIntegrationContentHandling(fix.region, fix.apiId, resourceId, "OPTIONS", "CONVERT_TO_TEXT");
      if (!r.ok) return { ok: false, message: r.error.message, changed: converted > 0 };
      converted++;
    }
  }
  // CreateDeployment with an unknown stageName would CREATE that stage: only deploy to a listed one.
  const stages = await listStages(fix.region, fix.apiId);
  if (!stages.ok) return { ok: false, message: stages.error.message, changed: converted > 0 };
  if (!stages.data.some((s) => s.stageName === fix.stageName)) {
    return {
      ok: false,
      message: `Stage ${fix.stageName} does not exist on REST API ${fix.apiId}.`,
      changed: converted > 0,
    };
  }
  const d = await createDeployment(fix.region, fix.apiId, fix.stageName, DESCRIPTION);
  if (!d.ok) return { ok: false, message: d.error.message, changed: converted > 0 };
  const what =
    converted > 0
      ? `Converted ${converted} preflight integration${converted === 1 ? "" : "s"} to text and deployed`
      : "Deployed";
  return { ok: true, message: `${what} ${d.data.id} to ${fix.stageName}.`, changed: true };
}
