/**
 * Deployments and stages. A deployment freezes the API's binaryMediaTypes, resources, methods and
 * integrations (model.ts DeploymentSnapshot): invoke traffic and GetExport read the snapshot, so a change to
 * the live API shows on a stage only after a new deployment (docs/aws-binary-rules.md §0.5, §6.1 "Takes effect only
 * after redeploy").
 */
import { z } from "zod";
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { badRequest } from "../errors";
import { epochSeconds, newId } from "../ids";
import type { DeploymentRecord, RestApiRecord, StageRecord } from "../model";
import {
  conflict,
  getApi,
  getApiDraft,
  getStage,
  invalidPatchOp,
  invalidPatchPath,
  jsonBody,
  notFound,
  own,
  paginate,
  patchBool,
  patchOperations,
  StringMap,
  validateInput,
  type PatchOperation,
} from "./common";
import { deploymentShape, stageShape } from "./shapes";
import { checkClientTags, checkTagCount } from "./tags";

const STAGE_NAME_RE = /^[a-zA-Z0-9_-]{1,128}$/;
const VARIABLE_NAME_RE = /^[a-zA-Z0-9_]{1,64}$/;
const VARIABLE_VALUE_RE = /^[a-zA-Z0-9-._~:/?#&=,]{0,512}$/;

function checkStageName(name: string): void {
  if (!STAGE_NAME_RE.test(name)) throw badRequest("Stage name only allows a-zA-Z0-9_-");
}

function checkVariables(vars: Record<string, string>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (!VARIABLE_NAME_RE.test(k))
      throw badRequest(`Invalid stage variable name specified: ${k}. Stage variable names may only contain a-zA-Z0-9_`);
    if (!VARIABLE_VALUE_RE.test(v))
      throw badRequest(
        `Invalid stage variable value specified for ${k}. Stage variable values may only contain a-zA-Z0-9-._~:/?#&=,`,
      );
  }
}

const CreateDeploymentSchema = z.strictObject({
  stageName: z.string().optional(),
  stageDescription: z.string().optional(),
  description: z.string().optional(),
  cacheClusterEnabled: z.boolean().optional(),
  cacheClusterSize: z.string().optional(),
  variables: StringMap.optional(),
  canarySettings: z.record(z.string(), z.unknown()).optional(),
  tracingEnabled: z.boolean().optional(),
});

function hasMethods(api: RestApiRecord): boolean {
  return Object.values(api.resources).some((r) => Object.keys(r.methods).length > 0);
}

/** CreateDeployment (201): snapshots the API; with `stageName` also creates or repoints that stage. */
export async function createDeployment(ctx: EmulatorContext, call: AwsCall, apiId: string): Promise<AwsReply> {
  const input = validateInput(CreateDeploymentSchema, jsonBody(call), "createDeploymentInput");
  if (input.stageName !== undefined) checkStageName(input.stageName);
  if (input.variables) checkVariables(input.variables);
  if (input.canarySettings) throw badRequest("Canary settings are not supported by the BinaryGate emulator");
  const deployment = await ctx.store.mutate((draft) => {
    const api = getApiDraft(draft, ctx, call.region, apiId);
    if (!hasMethods(api)) throw badRequest("The REST API doesn't contain any methods");
    const now = epochSeconds();
    let id = newId();
    while (Object.hasOwn(api.deployments, id)) id = newId();
    const record: DeploymentRecord = {
      id,
      createdDate: now,
      snapshot: structuredClone({
        name: api.name,
        description: api.description,
        version: api.version,
        binaryMediaTypes: api.binaryMediaTypes,
        rootResourceId: api.rootResourceId,
        resources: api.resources,
      }),
    };
    if (input.description !== undefined) record.description = input.description;
    api.deployments[id] = JSON.parse(JSON.stringify(record)) as DeploymentRecord;
    if (input.stageName !== undefined) {
      const existing = own(api.stages, input.stageName);
      if (existing) {
        existing.deploymentId = id;
        existing.lastUpdatedDate = now;
        if (input.stageDescription !== undefined) existing.description = input.stageDescription;
        if (input.variables) existing.variables = { ...existing.variables, ...input.variables };
        if (input.tracingEnabled !== undefined) existing.tracingEnabled = input.tracingEnabled;
        if (input.cacheClusterEnabled !== undefined) existing.cacheClusterEnabled = input.cacheClusterEnabled;
      } else {
        api.stages[input.stageName] = JSON.parse(
          JSON.stringify({
            stageName: input.stageName,
            deploymentId: id,
            description: input.stageDescription,
            variables: input.variables ?? {},
            tracingEnabled: input.tracingEnabled ?? false,
            cacheClusterEnabled: input.cacheClusterEnabled ?? false,
            createdDate: now,
            lastUpdatedDate: now,
            tags: {},
          } satisfies StageRecord),
        ) as StageRecord;
      }
    }
    return api.deployments[id];
  });
  return { status: 201, body: deploymentShape(deployment) };
}

function embedsSummary(url: URL): boolean {
  return url.searchParams.getAll("embed").some((e) => e.split(",").includes("apisummary"));
}

/** GetDeployments, newest first (as the console lists them). */
export async function getDeployments(ctx: EmulatorContext, call: AwsCall, apiId: string): Promise<AwsReply> {
  const api = getApi(ctx.store.read(), ctx, call.region, apiId);
  const all = Object.values(api.deployments).sort((a, b) => b.createdDate - a.createdDate || (a.id < b.id ? -1 : 1));
  const { page, position } = paginate(all, call.url);
  return { status: 200, body: { item: page.map((d) => deploymentShape(d)), ...(position ? { position } : {}) } };
}

const deploymentNotFound = () => notFound("Invalid Deployment identifier specified");

/** GetDeployment (`embed=apisummary` adds the method summary). */
export async function getDeployment(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  deploymentId: string,
): Promise<AwsReply> {
  const api = getApi(ctx.store.read(), ctx, call.region, apiId);
  const d = own(api.deployments, deploymentId);
  if (!d) throw deploymentNotFound();
  return { status: 200, body: deploymentShape(d, embedsSummary(call.url)) };
}

/** DeleteDeployment (202); refused while a stage points at it, as on AWS. */
export async function deleteDeployment(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  deploymentId: string,
): Promise<AwsReply> {
  await ctx.store.mutate((draft) => {
    const api = getApiDraft(draft, ctx, call.region, apiId);
    if (!own(api.deployments, deploymentId)) throw deploymentNotFound();
    if (Object.values(api.stages).some((s) => s.deploymentId === deploymentId)) {
      throw badRequest("Active stages pointing to this deployment must be moved or deleted");
    }
    delete api.deployments[deploymentId];
  });
  return { status: 202 };
}

/** GetStages (`{"item":[…]}`, not paginated; `deploymentId` filters). */
export async function getStages(ctx: EmulatorContext, call: AwsCall, apiId: string): Promise<AwsReply> {
  const api = getApi(ctx.store.read(), ctx, call.region, apiId);
  const filter = call.url.searchParams.get("deploymentId");
  const stages = Object.values(api.stages)
    .filter((s) => !filter || s.deploymentId === filter)
    .sort((a, b) => (a.stageName < b.stageName ? -1 : 1));
  return { status: 200, body: { item: stages.map(stageShape) } };
}

/** GetStage. */
export async function getStageOp(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  stageName: string,
): Promise<AwsReply> {
  const api = getApi(ctx.store.read(), ctx, call.region, apiId);
  return { status: 200, body: stageShape(getStage(api, stageName)) };
}

const CreateStageSchema = z.strictObject({
  stageName: z.string(),
  deploymentId: z.string(),
  description: z.string().optional(),
  cacheClusterEnabled: z.boolean().optional(),
  cacheClusterSize: z.string().optional(),
  variables: StringMap.optional(),
  documentationVersion: z.string().optional(),
  canarySettings: z.record(z.string(), z.unknown()).optional(),
  tracingEnabled: z.boolean().optional(),
  tags: StringMap.optional(),
});

/** CreateStage (201): unknown deployment → 404; existing stage → 409 "Stage already exists". */
export async function createStage(ctx: EmulatorContext, call: AwsCall, apiId: string): Promise<AwsReply> {
  const input = validateInput(CreateStageSchema, jsonBody(call), "createStageInput");
  checkStageName(input.stageName);
  if (input.variables) checkVariables(input.variables);
  if (input.tags) {
    checkClientTags(input.tags);
    checkTagCount(input.tags);
  }
  if (input.canarySettings) throw badRequest("Canary settings are not supported by the BinaryGate emulator");
  const stage = await ctx.store.mutate((draft) => {
    const api = getApiDraft(draft, ctx, call.region, apiId);
    if (!own(api.deployments, input.deploymentId)) throw deploymentNotFound();
    if (own(api.stages, input.stageName)) throw conflict("Stage already exists");
    const now = epochSeconds();
    const record: StageRecord = JSON.parse(
      JSON.stringify({
        stageName: input.stageName,
        deploymentId: input.deploymentId,
        description: input.description,
        variables: input.variables ?? {},
        tracingEnabled: input.tracingEnabled ?? false,
        cacheClusterEnabled: input.cacheClusterEnabled ?? false,
        createdDate: now,
        lastUpdatedDate: now,
        tags: input.tags ?? {},
      } satisfies StageRecord),
    );
    api.stages[input.stageName] = record;
    return record;
  });
  return { status: 201, body: stageShape(stage) };
}

/** UpdateStage: /deploymentId, /description, /variables/{name}, /tracingEnabled, /cacheClusterEnabled. */
export async function updateStage(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  stageName: string,
): Promise<AwsReply> {
  const ops = patchOperations(call, "updateStageInput");
  const stage = await ctx.store.mutate((draft) => {
    const api = getApiDraft(draft, ctx, call.region, apiId);
    const s = getStage(api, stageName);
    for (const op of ops) applyStagePatch(api, s, op);
    s.lastUpdatedDate = epochSeconds();
    return structuredClone(s);
  });
  return { status: 200, body: stageShape(stage) };
}

function applyStagePatch(api: RestApiRecord, s: StageRecord, op: PatchOperation): void {
  if (op.path.startsWith("/variables/")) {
    const name = op.path.slice("/variables/".length);
    if (op.op === "remove") {
      delete s.variables[name];
      return;
    }
    if (op.op !== "add" && op.op !== "replace") throw invalidPatchOp(op.op, ["add", "remove", "replace"]);
    const vars = { [name]: op.value ?? "" };
    checkVariables(vars);
    s.variables = { ...s.variables, ...vars };
    return;
  }
  switch (op.path) {
    case "/deploymentId":
      if (op.op !== "replace") throw invalidPatchOp(op.op, ["replace"]);
      if (!op.value || !own(api.deployments, op.value)) throw deploymentNotFound();
      s.deploymentId = op.value;
      return;
    case "/description":
      if (op.op !== "replace" && op.op !== "add" && op.op !== "remove")
        throw invalidPatchOp(op.op, ["add", "remove", "replace"]);
      if (op.op === "remove" || !op.value) delete s.description;
      else s.description = op.value;
      return;
    case "/tracingEnabled":
      if (op.op !== "replace") throw invalidPatchOp(op.op, ["replace"]);
      s.tracingEnabled = patchBool(op);
      return;
    case "/cacheClusterEnabled":
      if (op.op !== "replace") throw invalidPatchOp(op.op, ["replace"]);
      s.cacheClusterEnabled = patchBool(op);
      return;
    default:
      throw invalidPatchPath(op.path);
  }
}

/** DeleteStage (202). */
export async function deleteStage(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  stageName: string,
): Promise<AwsReply> {
  await ctx.store.mutate((draft) => {
    const api = getApiDraft(draft, ctx, call.region, apiId);
    getStage(api, stageName);
    delete api.stages[stageName];
  });
  return { status: 202 };
}
