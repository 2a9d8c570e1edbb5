"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  addBinaryMediaType,
  createDeployment,
  getDeployedStageConfig,
  getRestApi,
  listStages,
  removeBinaryMediaType,
  updateStageDeployment,
} from "@/lib/aws";
import {
  AddBinaryMediaTypeInputSchema,
  RedeployStageInputSchema,
  RemoveBinaryMediaTypeInputSchema,
  RollbackStageInputSchema,
} from "@/lib/aws/inputs";
import { getConfig } from "@/lib/config";
import { guardRequest } from "@/lib/security/request-guard";
import type { ActionState } from "./action-state";

/*
 * Server actions of the API page, thin and always in this order (docs/conventions.md): request allowed
 * (Host, token, Origin — docs/security.md promises 2–3) → read-only refusal → zod parse → the API/stage exists on the
 * target → lib/aws → revalidate → one typed state. Messages come from lib/aws's AwsFailure, never from
 * the SDK.
 */

function refused(reason: string): ActionState {
  return { ok: false, message: `Request refused (${reason}).`, at: Date.now() };
}

async function precheck(): Promise<ActionState | null> {
  const verdict = await guardRequest({ write: true });
  if (!verdict.ok) return refused(verdict.reason);
  if (getConfig().readOnly)
    return { ok: false, message: "Read-only mode (BINARYGATE_READ_ONLY=1): changes are disabled.", at: Date.now() };
  return null;
}

function fieldErrorsOf(error: z.ZodError, value?: string): ActionState {
  const fieldErrors = z.flattenError(error).fieldErrors as Record<string, string[]>;
  const first = Object.values(fieldErrors).flat()[0] ?? "Invalid input";
  return { ok: false, message: first, fieldErrors, value, at: Date.now() };
}

function field(formData: FormData, name: string): string | undefined {
  const v = formData.get(name);
  return typeof v === "string" ? v : undefined;
}

function confirmed(formData: FormData): boolean {
  return field(formData, "confirm") === "1";
}

// Said before */* is added, in the user's words (docs/aws-binary-rules.md §0 rule 2, §10).
const WILDCARD_QUESTION =
  "*/* makes every client get bytes, and every request body the Lambda receives (JSON and forms included) arrives " +
  "base64-encoded. Add */* anyway?";

/**
 * Adds one binary media type to an API (single `add` patch; idempotent). `*\/*` is added only once the
 * user confirmed its side effect (confirm=1); the result offers the removal as its undo.
 */
export async function addBinaryMediaTypeAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const denied = await precheck();
  if (denied) return denied;
  const raw = field(formData, "mediaType") ?? "";
  const parsed = AddBinaryMediaTypeInputSchema.safeParse({
    region: field(formData, "region"),
    apiId: field(formData, "apiId"),
    mediaType: raw,
  });
  if (!parsed.success) return fieldErrorsOf(parsed.error, raw);
  const { region, apiId, mediaType } = parsed.data;
  if (mediaType === "*/*" && !confirmed(formData)) {
    return { ok: null, message: WILDCARD_QUESTION, confirm: WILDCARD_QUESTION, value: raw, at: Date.now() };
  }
  // addBinaryMediaType reads the API first: an unknown id comes back as not-found before any patch.
  const r = await addBinaryMediaType(region, apiId, mediaType);
  if (!r.ok) return { ok: false, message: r.error.message, value: raw, at: Date.now() };
  if (!r.data.changed) return { ok: true, message: `${r.data.message}.`, value: raw, at: Date.now() };
  revalidatePath(`/apis/${apiId}`);
  return {
    ok: true,
    message: `${r.data.message}. Redeploy a stage to apply it.`,
    value: "",
    undo: { op: "remove", mediaType: r.data.mediaType },
    at: Date.now(),
  };
}

/** The stages whose deployed configuration still lists `mediaType` (one export per stage, at most 10). */
async function stagesServing(region: string, apiId: string, mediaType: string): Promise<string[] | null> {
  const stages = await listStages(region, apiId);
  if (!stages.ok) return null;
  const deployed = stages.data.filter((s) => s.deploymentId);
  const exports = await Promise.all(deployed.map((s) => getDeployedStageConfig(region, apiId, s.stageName)));
  const wanted = mediaType.trim().toLowerCase();
  if (exports.some((e) => !e.ok)) return null;
  const serves = (i: number) => {
    const e = exports[i];
    return e.ok && e.data.binaryMediaTypes.some((t) => t.toLowerCase() === wanted);
  };
  return deployed.filter((_, i) => serves(i)).map((s) => s.stageName);
}

/**
 * Removes one binary media type from an API (single `remove` patch; idempotent). A type that a deployed
 * stage still serves is removed only once the user confirmed (confirm=1); the result offers the re-add.
 */
export async function removeBinaryMediaTypeAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const denied = await precheck();
  if (denied) return denied;
  const parsed = RemoveBinaryMediaTypeInputSchema.safeParse({
    region: field(formData, "region"),
    apiId: field(formData, "apiId"),
    mediaType: field(formData, "mediaType"),
  });
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const { region, apiId, mediaType } = parsed.data;
  if (!confirmed(formData)) {
    const serving = await stagesServing(region, apiId, mediaType);
    if (serving === null || serving.length > 0) {
      const who =
        serving === null
          ? "The deployed stages could not be read; a stage may still serve it"
          : `Stage ${serving.join(", ")} still serves ${mediaType}`;
      const question = `${who}: after the next redeploy, its responses of that type arrive as base64 text. Remove ${mediaType}?`;
      return { ok: null, message: question, confirm: question, value: mediaType, at: Date.now() };
    }
  }
  const r = await removeBinaryMediaType(region, apiId, mediaType);
  if (!r.ok) return { ok: false, message: r.error.message, at: Date.now() };
  if (!r.data.changed) return { ok: true, message: `${r.data.message}.`, at: Date.now() };
  revalidatePath(`/apis/${apiId}`);
  return {
    ok: true,
    message: `${r.data.message}. Redeploy a stage to apply it.`,
    undo: { op: "add", mediaType: r.data.mediaType },
    at: Date.now(),
  };
}

/**
 * Redeploys a stage: CreateDeployment of the API's current configuration to that existing stage, with the
 * user's optional description. The result names the deployment the stage served before, for "Roll back".
 */
export async function redeployStageAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const denied = await precheck();
  if (denied) return denied;
  const parsed = RedeployStageInputSchema.safeParse({
    region: field(formData, "region"),
    apiId: field(formData, "apiId"),
    stageName: field(formData, "stageName"),
    description: field(formData, "description"),
  });
  if (!parsed.success) return fieldErrorsOf(parsed.error, field(formData, "description"));
  const { region, apiId, stageName, description } = parsed.data;
  // CreateDeployment with an unknown stageName would CREATE that stage: only deploy to a listed one.
  const api = await getRestApi(region, apiId);
  if (!api.ok) return { ok: false, message: api.error.message, at: Date.now() };
  const stages = await listStages(region, apiId);
  if (!stages.ok) return { ok: false, message: stages.error.message, at: Date.now() };
  const stage = stages.data.find((s) => s.stageName === stageName);
  if (!stage) return { ok: false, message: `Stage ${stageName} does not exist on REST API ${apiId}.`, at: Date.now() };
  const r = await createDeployment(region, apiId, stageName, description || `Redeployed from BinaryGate`);
  if (!r.ok) return { ok: false, message: r.error.message, value: description, at: Date.now() };
  revalidatePath(`/apis/${apiId}`);
  const message = `Deployed ${r.data.id} to ${stageName}.`;
  return { ok: true, message, value: r.data.id, previousDeploymentId: stage.deploymentId, at: Date.now() };
}

/**
 * Points a stage at an earlier (or any listed) deployment: UpdateStage `replace /deploymentId`. Used by
 * "Roll back" after a redeploy and by the deployment history.
 */
export async function rollbackStageAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const denied = await precheck();
  if (denied) return denied;
  const parsed = RollbackStageInputSchema.safeParse({
    region: field(formData, "region"),
    apiId: field(formData, "apiId"),
    stageName: field(formData, "stageName"),
    deploymentId: field(formData, "deploymentId"),
  });
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const { region, apiId, stageName, deploymentId } = parsed.data;
  const stages = await listStages(region, apiId);
  if (!stages.ok) return { ok: false, message: stages.error.message, at: Date.now() };
  const stage = stages.data.find((s) => s.stageName === stageName);
  if (!stage) return { ok: false, message: `Stage ${stageName} does not exist on REST API ${apiId}.`, at: Date.now() };
  if (stage.deploymentId === deploymentId) {
    return { ok: true, message: `Stage ${stageName} already serves deployment ${deploymentId}.`, at: Date.now() };
  }
  const r = await updateStageDeployment(region, apiId, stageName, deploymentId);
  if (!r.ok) return { ok: false, message: r.error.message, at: Date.now() };
  revalidatePath(`/apis/${apiId}`);
  return {
    ok: true,
    message: `Stage ${stageName} now serves deployment ${deploymentId} (it served ${stage.deploymentId ?? "none"}).`,
    previousDeploymentId: stage.deploymentId,
    at: Date.now(),
  };
}
