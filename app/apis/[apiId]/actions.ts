"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addBinaryMediaType, createDeployment, getRestApi, listStages, removeBinaryMediaType } from "@/lib/aws";
import {
  AddBinaryMediaTypeInputSchema,
  RedeployStageInputSchema,
  RemoveBinaryMediaTypeInputSchema,
} from "@/lib/aws/inputs";
import { getConfig } from "@/lib/config";
import { guardRequest } from "@/lib/security/request-guard";
import type { ActionState } from "./action-state";

/*
 * Server actions of the API page, thin and always in this order (conventions.md): request allowed
 * (Host, token, Origin — security.md 2–3) → read-only refusal → zod parse → the API/stage exists on the
 * target → lib/aws → revalidate → one typed state. Messages come from lib/aws's AwsFailure, never from
 * the SDK.
 */

function refused(reason: string): ActionState {
  return { ok: false, message: `Request refused (${reason}).`, at: Date.now() };
}

async function precheck(): Promise<ActionState | null> {
  const verdict = await guardRequest({ write: true });
  if (!verdict.ok) return refused(verdict.reason);
  if (getConfig().readOnly) return { ok: false, message: "Read-only mode (BINARYGATE_READ_ONLY=1): changes are disabled.", at: Date.now() };
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

/** Adds one binary media type to an API (single `add` patch; idempotent). */
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
  // addBinaryMediaType reads the API first: an unknown id comes back as not-found before any patch.
  const r = await addBinaryMediaType(region, apiId, mediaType);
  if (!r.ok) return { ok: false, message: r.error.message, value: raw, at: Date.now() };
  if (r.data.changed) revalidatePath(`/apis/${apiId}`);
  const suffix = r.data.changed ? " Redeploy a stage to apply it." : "";
  return { ok: true, message: `${r.data.message}.${suffix}`, value: r.data.changed ? "" : raw, at: Date.now() };
}

/** Removes one binary media type from an API (single `remove` patch; idempotent). */
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
  const r = await removeBinaryMediaType(region, apiId, mediaType);
  if (!r.ok) return { ok: false, message: r.error.message, at: Date.now() };
  if (r.data.changed) revalidatePath(`/apis/${apiId}`);
  return { ok: true, message: `${r.data.message}.${r.data.changed ? " Redeploy a stage to apply it." : ""}`, at: Date.now() };
}

/** Redeploys a stage: CreateDeployment of the API's current configuration to that existing stage. */
export async function redeployStageAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const denied = await precheck();
  if (denied) return denied;
  const parsed = RedeployStageInputSchema.safeParse({
    region: field(formData, "region"),
    apiId: field(formData, "apiId"),
    stageName: field(formData, "stageName"),
    description: field(formData, "description"),
  });
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const { region, apiId, stageName, description } = parsed.data;
  // CreateDeployment with an unknown stageName would CREATE that stage: only deploy to a listed one.
  const api = await getRestApi(region, apiId);
  if (!api.ok) return { ok: false, message: api.error.message, at: Date.now() };
  const stages = await listStages(region, apiId);
  if (!stages.ok) return { ok: false, message: stages.error.message, at: Date.now() };
  if (!stages.data.some((s) => s.stageName === stageName)) {
    return { ok: false, message: `Stage ${stageName} does not exist on REST API ${apiId}.`, at: Date.now() };
  }
  const r = await createDeployment(region, apiId, stageName, description || `Redeployed from BinaryGate`);
  if (!r.ok) return { ok: false, message: r.error.message, at: Date.now() };
  revalidatePath(`/apis/${apiId}`);
  return { ok: true, message: `Deployed ${r.data.id} to ${stageName}.`, value: r.data.id, at: Date.now() };
}
