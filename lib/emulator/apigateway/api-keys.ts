/**
 * API keys and usage plans, as far as a method's `apiKeyRequired` needs them: CreateApiKey, GetApiKeys,
 * GetApiKey, DeleteApiKey; CreateUsagePlan, GetUsagePlans, GetUsagePlan, DeleteUsagePlan; CreateUsagePlanKey,
 * GetUsagePlanKeys, DeleteUsagePlanKey. On AWS a key opens a stage only through a usage plan that lists the
 * stage (AWS's "Choose an API key source" and "usage plans" pages), and the data plane checks exactly that
 * (dataplane/api-key.ts). Keys and plans are live: no deployment is needed for a change to apply. Throttle
 * and quota are stored as given and not enforced.
 */
import { z } from "zod";
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { badRequest } from "../errors";
import { epochSeconds, newId } from "../ids";
import { type ApiKeyRecord, type EmulatorState, regionOf, type UsagePlanRecord } from "../model";
import { conflict, jsonBody, notFound, own, paginate, StringMap, validateInput } from "./common";
import { checkClientTags } from "./tags";

/** AWS's bounds on a key's value ("API key values must be at least 20 characters", at most 128). */
export const API_KEY_MIN_LENGTH = 20;
export const API_KEY_MAX_LENGTH = 128;

const CreateApiKeySchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  enabled: z.boolean().optional(),
  generateDistinctId: z.boolean().optional(),
  value: z.string().optional(),
  stageKeys: z.array(z.strictObject({ restApiId: z.string().optional(), stageName: z.string().optional() })).optional(),
  customerId: z.string().optional(),
  tags: StringMap.optional(),
});

const CreateUsagePlanSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  apiStages: z
    .array(
      z.strictObject({ apiId: z.string(), stage: z.string(), throttle: z.record(z.string(), z.unknown()).optional() }),
    )
    .optional(),
  throttle: z.record(z.string(), z.unknown()).optional(),
  quota: z.record(z.string(), z.unknown()).optional(),
  tags: StringMap.optional(),
});

const CreateUsagePlanKeySchema = z.strictObject({ keyId: z.string(), keyType: z.enum(["API_KEY"]) });

const keyNotFound = () => notFound("Invalid API Key identifier specified");
const planNotFound = () => notFound("Invalid Usage Plan ID specified");

function keysOf(state: EmulatorState, region: string): Record<string, ApiKeyRecord> {
  return state.regions[region]?.apiKeys ?? {};
}

function plansOf(state: EmulatorState, region: string): Record<string, UsagePlanRecord> {
  return state.regions[region]?.usagePlans ?? {};
}

/** The wire shape; the secret only when asked for (AWS's includeValue/includeValues), or on create. */
function apiKeyShape(k: ApiKeyRecord, withValue: boolean): Record<string, unknown> {
  return {
    id: k.id,
    ...(withValue ? { value: k.value } : {}),
    name: k.name,
    ...(k.customerId !== undefined ? { customerId: k.customerId } : {}),
    ...(k.description !== undefined ? { description: k.description } : {}),
    enabled: k.enabled,
    createdDate: k.createdDate,
    lastUpdatedDate: k.lastUpdatedDate,
    stageKeys: [],
    ...(Object.keys(k.tags).length > 0 ? { tags: k.tags } : {}),
  };
}

function usagePlanShape(p: UsagePlanRecord): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    apiStages: p.apiStages,
    ...(p.throttle ? { throttle: p.throttle } : {}),
    ...(p.quota ? { quota: p.quota } : {}),
    ...(Object.keys(p.tags).length > 0 ? { tags: p.tags } : {}),
  };
}

/** A value of 40 letters and digits, like the keys AWS generates. */
function generatedValue(): string {
  const mixed = newId(40).split("");
  return mixed.map((c, i) => (i % 3 === 0 ? c.toUpperCase() : c)).join("");
}

async function createApiKey(ctx: EmulatorContext, call: AwsCall): Promise<AwsReply> {
  const input = validateInput(CreateApiKeySchema, jsonBody(call), "createApiKeyInput");
  if (input.tags) checkClientTags(input.tags);
  const value = input.value ?? generatedValue();
  if (value.length < API_KEY_MIN_LENGTH || value.length > API_KEY_MAX_LENGTH) {
    throw badRequest(
      `API Key value should be at least ${API_KEY_MIN_LENGTH} and at most ${API_KEY_MAX_LENGTH} characters`,
    );
  }
  if (!/^[\x21-\x7e]+$/.test(value)) throw badRequest("API Key value must be printable ASCII without spaces");
  const now = epochSeconds();
  const id = newId();
  const record: ApiKeyRecord = {
    id,
    value,
    name: input.name ?? id,
    description: input.description,
    enabled: input.enabled ?? false,
    customerId: input.customerId,
    createdDate: now,
    lastUpdatedDate: now,
    tags: input.tags ?? {},
  };
  await ctx.store.mutate((draft) => {
    const keys = (regionOf(draft, call.region).apiKeys ??= {});
    if (Object.values(keys).some((k) => k.value === value)) throw conflict("API Key already exists");
    keys[id] = record;
  });
  return { status: 201, body: apiKeyShape(record, true) };
}

async function getApiKeys(ctx: EmulatorContext, call: AwsCall): Promise<AwsReply> {
  const withValues = call.url.searchParams.get("includeValues") === "true";
  const nameQuery = call.url.searchParams.get("name");
  const all = Object.values(keysOf(ctx.store.read(), call.region)).filter(
    (k) => nameQuery === null || k.name.startsWith(nameQuery),
  );
  const { page, position } = paginate(all, call.url);
  return {
    status: 200,
    body: { item: page.map((k) => apiKeyShape(k, withValues)), ...(position ? { position } : {}) },
  };
}

async function getApiKey(ctx: EmulatorContext, call: AwsCall, keyId: string): Promise<AwsReply> {
  const key = own(keysOf(ctx.store.read(), call.region), keyId);
  if (!key) throw keyNotFound();
  return { status: 200, body: apiKeyShape(key, call.url.searchParams.get("includeValue") === "true") };
}

async function deleteApiKey(ctx: EmulatorContext, call: AwsCall, keyId: string): Promise<AwsReply> {
  await ctx.store.mutate((draft) => {
    const region = regionOf(draft, call.region);
    if (!own(region.apiKeys ?? {}, keyId)) throw keyNotFound();
    delete region.apiKeys?.[keyId];
    for (const plan of Object.values(region.usagePlans ?? {})) plan.keyIds = plan.keyIds.filter((k) => k !== keyId);
  });
  return { status: 202 };
}

async function createUsagePlan(ctx: EmulatorContext, call: AwsCall): Promise<AwsReply> {
  const input = validateInput(CreateUsagePlanSchema, jsonBody(call), "createUsagePlanInput");
  if (input.tags) checkClientTags(input.tags);
  const id = newId(6);
  const record: UsagePlanRecord = {
    id,
    name: input.name,
    description: input.description,
    apiStages: (input.apiStages ?? []).map((s) => ({ apiId: s.apiId, stage: s.stage })),
    throttle: input.throttle,
    quota: input.quota,
    keyIds: [],
    tags: input.tags ?? {},
  };
  await ctx.store.mutate((draft) => {
    const region = regionOf(draft, call.region);
    for (const s of record.apiStages) {
      const api = own(region.restApis, s.apiId);
      if (!api) throw notFound(`Invalid API identifier specified ${ctx.config.accountId}:${s.apiId}`);
      if (!own(api.stages, s.stage)) throw notFound("Invalid stage identifier specified");
    }
    (region.usagePlans ??= {})[id] = record;
  });
  return { status: 201, body: usagePlanShape(record) };
}

async function getUsagePlans(ctx: EmulatorContext, call: AwsCall): Promise<AwsReply> {
  const { page, position } = paginate(Object.values(plansOf(ctx.store.read(), call.region)), call.url);
  return { status: 200, body: { item: page.map(usagePlanShape), ...(position ? { position } : {}) } };
}

async function getUsagePlan(ctx: EmulatorContext, call: AwsCall, planId: string): Promise<AwsReply> {
  const plan = own(plansOf(ctx.store.read(), call.region), planId);
  if (!plan) throw planNotFound();
  return { status: 200, body: usagePlanShape(plan) };
}

async function deleteUsagePlan(ctx: EmulatorContext, call: AwsCall, planId: string): Promise<AwsReply> {
  await ctx.store.mutate((draft) => {
    const region = regionOf(draft, call.region);
    if (!own(region.usagePlans ?? {}, planId)) throw planNotFound();
    delete region.usagePlans?.[planId];
  });
  return { status: 202 };
}

const usagePlanKeyShape = (k: ApiKeyRecord) => ({ id: k.id, type: "API_KEY", value: k.value, name: k.name });

async function createUsagePlanKey(ctx: EmulatorContext, call: AwsCall, planId: string): Promise<AwsReply> {
  const input = validateInput(CreateUsagePlanKeySchema, jsonBody(call), "createUsagePlanKeyInput");
  const key = await ctx.store.mutate((draft) => {
    const region = regionOf(draft, call.region);
    const plan = own(region.usagePlans ?? {}, planId);
    if (!plan) throw planNotFound();
    const k = own(region.apiKeys ?? {}, input.keyId);
    if (!k) throw keyNotFound();
    if (plan.keyIds.includes(k.id))
      throw conflict(`Usage Plan ${planId} cannot be added because API Key ${k.id} already exists in it`);
    plan.keyIds.push(k.id);
    return k;
  });
  return { status: 201, body: usagePlanKeyShape(key) };
}

async function getUsagePlanKeys(ctx: EmulatorContext, call: AwsCall, planId: string): Promise<AwsReply> {
  const state = ctx.store.read();
  const plan = own(plansOf(state, call.region), planId);
  if (!plan) throw planNotFound();
  const keys = keysOf(state, call.region);
  const items = plan.keyIds.flatMap((id) => (own(keys, id) ? [usagePlanKeyShape(keys[id])] : []));
  const { page, position } = paginate(items, call.url);
  return { status: 200, body: { item: page, ...(position ? { position } : {}) } };
}

async function deleteUsagePlanKey(
  ctx: EmulatorContext,
  call: AwsCall,
  planId: string,
  keyId: string,
): Promise<AwsReply> {
  await ctx.store.mutate((draft) => {
    const plan = own(regionOf(draft, call.region).usagePlans ?? {}, planId);
    if (!plan) throw planNotFound();
    if (!plan.keyIds.includes(keyId)) throw keyNotFound();
    plan.keyIds = plan.keyIds.filter((k) => k !== keyId);
  });
  return { status: 202 };
}

type KeyHandler = (ctx: EmulatorContext, call: AwsCall, ...params: string[]) => Promise<AwsReply>;
type KeyRoute = Record<string, [operation: string, handler: KeyHandler]>;

/** By path shape: the first segment and how many follow. */
const KEY_ROUTES: Record<string, KeyRoute> = {
  "apikeys/0": { POST: ["CreateApiKey", createApiKey], GET: ["GetApiKeys", getApiKeys] },
  "apikeys/1": { GET: ["GetApiKey", getApiKey], DELETE: ["DeleteApiKey", deleteApiKey] },
  "usageplans/0": { POST: ["CreateUsagePlan", createUsagePlan], GET: ["GetUsagePlans", getUsagePlans] },
  "usageplans/1": { GET: ["GetUsagePlan", getUsagePlan], DELETE: ["DeleteUsagePlan", deleteUsagePlan] },
  "usageplans/2": { POST: ["CreateUsagePlanKey", createUsagePlanKey], GET: ["GetUsagePlanKeys", getUsagePlanKeys] },
  "usageplans/3": { DELETE: ["DeleteUsagePlanKey", deleteUsagePlanKey] },
};

/**
 * Resolves `/apikeys[/{id}]` and `/usageplans[/{id}[/keys[/{keyId}]]]` (after any mount prefix); null when the
 * path is neither, so the REST API routes get their turn.
 */
export function resolveApiKeyOperation(
  method: string,
  pathname: string,
): { operation: string; handler: KeyHandler; params: string[] } | null {
  const raw = pathname.split("/").filter((s) => s !== "");
  if (raw.includes("restapis")) return null;
  const at = raw.findIndex((s) => s === "apikeys" || s === "usageplans");
  if (at < 0) return null;
  let rest: string[];
  try {
    rest = raw.slice(at + 1).map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
  if (rest.length >= 2 && rest[1] !== "keys") return null;
  const route = own(KEY_ROUTES, `${raw[at]}/${rest.length}`);
  const found = route ? own(route, method) : undefined;
  if (!found) return null;
  return { operation: found[0], handler: found[1], params: rest.filter((_, i) => i !== 1) };
}
