/**
 * REST API operations: CreateRestApi, GetRestApis, GetRestApi, UpdateRestApi (docs/aws-binary-rules.md §6.1),
 * DeleteRestApi.
 */
import { z } from "zod";
import { unescapePatchPathSegment } from "../../binary";
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { badRequest } from "../errors";
import { epochSeconds, newId } from "../ids";
import { regionOf, type RestApiRecord } from "../model";
import {
  getApi,
  getApiDraft,
  invalidPatchOp,
  invalidPatchPath,
  jsonBody,
  paginate,
  patchBool,
  patchOperations,
  StringMap,
  validateInput,
  type PatchOperation,
} from "./common";
import { restApiShape } from "./shapes";
import { checkClientTags, checkTagCount } from "./tags";

/** minimumCompressionSize range (docs/aws-binary-rules.md §8). */
const MAX_COMPRESSION = 10_485_760;

// AWS documents no maximum for an API's name or its binaryMediaTypes (checked: the quota pages
// https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html and
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html).
// These caps are the emulator's own, each from a public rule, so that one request cannot store megabytes
// (docs/security.md promise 11); the messages say so.
/**
 * API names become CloudWatch dimension values, which hold at most 255 characters ("important notes",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html).
 */
export const MAX_API_NAME_LENGTH = 255;
/** A media type's type and subtype names hold at most 127 characters each (RFC 6838 §4.2): 127 + "/" + 127. */
export const MAX_MEDIA_TYPE_LENGTH = 255;
/** Far above any real API's list (a handful of types), low enough to bound what one API stores. */
export const MAX_BINARY_MEDIA_TYPES = 1000;

/** Refuses an API whose name or binary media types pass the caps above (BadRequestException, as AWS's 400s). */
function checkRestApiLimits(api: Pick<RestApiRecord, "name" | "binaryMediaTypes">): void {
  if (api.name.length > MAX_API_NAME_LENGTH) {
    const got = api.name.length;
    const max = MAX_API_NAME_LENGTH;
    throw badRequest(`Invalid REST API name specified: a name may have at most ${max} characters (got ${got}).`);
  }
  if (api.binaryMediaTypes.length > MAX_BINARY_MEDIA_TYPES) {
    const count = api.binaryMediaTypes.length;
    throw badRequest(`Too many binary media types: an API may list at most ${MAX_BINARY_MEDIA_TYPES} (got ${count}).`);
  }
  const long = api.binaryMediaTypes.find((t) => t.length > MAX_MEDIA_TYPE_LENGTH);
  if (long !== undefined) {
    const shown = JSON.stringify(long.slice(0, 40));
    const max = MAX_MEDIA_TYPE_LENGTH;
    throw badRequest(`Invalid binary media type ${shown}…: a media type has at most ${max} characters.`);
  }
}

const CreateRestApiSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  version: z.string().optional(),
  cloneFrom: z.string().optional(),
  binaryMediaTypes: z.array(z.string()).optional(),
  minimumCompressionSize: z.number().int().optional(),
  apiKeySource: z.enum(["HEADER", "AUTHORIZER"]).optional(),
  endpointConfiguration: z
    .strictObject({
      types: z.array(z.enum(["EDGE", "REGIONAL", "PRIVATE"])).optional(),
      ipAddressType: z.enum(["ipv4", "dualstack"]).optional(),
      vpcEndpointIds: z.array(z.string()).optional(),
    })
    .optional(),
  policy: z.string().optional(),
  tags: StringMap.optional(),
  disableExecuteApiEndpoint: z.boolean().optional(),
  securityPolicy: z.string().optional(),
  endpointAccessMode: z.string().optional(),
});

function checkCompression(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > MAX_COMPRESSION) {
    throw badRequest(`Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION}`);
  }
  return n;
}

/** CreateRestApi: 201 with the new RestApi and its root resource "/". */
export async function createRestApi(ctx: EmulatorContext, call: AwsCall): Promise<AwsReply> {
  const input = validateInput(CreateRestApiSchema, jsonBody(call), "createRestApiInput");
  if (input.name.trim() === "") throw badRequest("Invalid REST API name specified");
  if (input.cloneFrom !== undefined) throw badRequest("cloneFrom is not supported by the BinaryGate emulator");
  if (input.minimumCompressionSize !== undefined) checkCompression(input.minimumCompressionSize);
  if (input.tags) {
    checkClientTags(input.tags);
    checkTagCount(input.tags);
  }
  const now = epochSeconds();
  const rootId = newId();
  const api: RestApiRecord = {
    id: newId(),
    name: input.name,
    description: input.description,
    version: input.version,
    createdDate: now,
    // Duplicates collapse, like repeated patch `add`s (see updateBinaryMediaTypes).
    binaryMediaTypes: [...new Set(input.binaryMediaTypes ?? [])],
    minimumCompressionSize: input.minimumCompressionSize,
    apiKeySource: input.apiKeySource ?? "HEADER",
    // A fresh API shows EDGE + ipv4 [V3].
    endpointConfiguration: {
      types: input.endpointConfiguration?.types ?? ["EDGE"],
      ipAddressType: input.endpointConfiguration?.ipAddressType ?? "ipv4",
      ...(input.endpointConfiguration?.vpcEndpointIds
        ? { vpcEndpointIds: input.endpointConfiguration.vpcEndpointIds }
        : {}),
    },
    disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
    policy: input.policy,
    tags: input.tags ?? {},
    rootResourceId: rootId,
    resources: { [rootId]: { id: rootId, path: "/", methods: {} } },
    deployments: {},
    stages: {},
  };
  checkRestApiLimits(api);
  const created = await ctx.store.mutate((draft) => {
    const apis = regionOf(draft, call.region).restApis;
    while (Object.hasOwn(apis, api.id)) api.id = newId();
    apis[api.id] = structuredClone(api);
    return api;
  });
  return { status: 201, body: restApiShape(created) };
}

/** GetRestApis: `{"item":[…], "position"}` ordered by creation. */
export async function getRestApis(ctx: EmulatorContext, call: AwsCall): Promise<AwsReply> {
  const apis = Object.values(ctx.store.read().regions[call.region]?.restApis ?? {}).sort(
    (a, b) => a.createdDate - b.createdDate || (a.id < b.id ? -1 : 1),
  );
  const { page, position } = paginate(apis, call.url);
  return { status: 200, body: { item: page.map(restApiShape), ...(position ? { position } : {}) } };
}

/** GetRestApi. */
export async function getRestApi(ctx: EmulatorContext, call: AwsCall, apiId: string): Promise<AwsReply> {
  return { status: 200, body: restApiShape(getApi(ctx.store.read(), ctx, call.region, apiId)) };
}

/** DeleteRestApi: 202, deletes its resources, deployments and stages with it. */
export async function deleteRestApi(ctx: EmulatorContext, call: AwsCall, apiId: string): Promise<AwsReply> {
  await ctx.store.mutate((draft) => {
    getApiDraft(draft, ctx, call.region, apiId);
    delete regionOf(draft, call.region).restApis[apiId];
  });
  return { status: 202 };
}

/**
 * UpdateRestApi: every operation of one request applies atomically (one store mutation; a 400 on the third
 * operation leaves the first two unapplied).
 */
export async function updateRestApi(ctx: EmulatorContext, call: AwsCall, apiId: string): Promise<AwsReply> {
  const ops = patchOperations(call, "updateRestApiInput");
  const updated = await ctx.store.mutate((draft) => {
    const api = getApiDraft(draft, ctx, call.region, apiId);
    for (const op of ops) applyRestApiPatch(api, op);
    // Thrown inside mutate: nothing of a refused PATCH is stored.
    checkRestApiLimits(api);
    return structuredClone(api);
  });
  return { status: 200, body: restApiShape(updated) };
}

const BMT_PREFIX = "/binaryMediaTypes/";

function applyRestApiPatch(api: RestApiRecord, op: PatchOperation): void {
  if (op.path === "/binaryMediaTypes" || op.path === "/binaryMediaTypes/") throw invalidPatchPath(op.path); // P5 [V3]
  if (op.path.startsWith(BMT_PREFIX)) {
    updateBinaryMediaTypes(api, op);
    return;
  }
  switch (op.path) {
    case "/name":
      requireOp(op, ["replace"]);
      if (!op.value || op.value.trim() === "") throw badRequest("Invalid REST API name specified");
      api.name = op.value;
      return;
    case "/description":
    case "/version":
    case "/policy": {
      requireOp(op, ["add", "replace", "remove"]);
      const key = op.path.slice(1) as "description" | "version" | "policy";
      if (op.op === "remove" || op.value === undefined || op.value === "") delete api[key];
      else api[key] = op.value;
      return;
    }
    case "/minimumCompressionSize":
      requireOp(op, ["replace"]);
      // An empty value disables compression (null on the wire, docs/aws-binary-rules.md §6 shapes).
      if (op.value === undefined || op.value === "") delete api.minimumCompressionSize;
      else if (!/^\d+$/.test(op.value))
        throw badRequest(`Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION}`);
      else api.minimumCompressionSize = checkCompression(Number(op.value));
      return;
    case "/apiKeySource":
      requireOp(op, ["replace"]);
      if (op.value !== "HEADER" && op.value !== "AUTHORIZER")
        throw badRequest(`Invalid API key source specified: ${op.value ?? "null"}`);
      api.apiKeySource = op.value;
      return;
    case "/disableExecuteApiEndpoint":
      requireOp(op, ["replace"]);
      api.disableExecuteApiEndpoint = patchBool(op);
      return;
    default:
      throw invalidPatchPath(op.path);
  }
}

/**
 * binaryMediaTypes is patched like a map keyed by the `~1`-escaped type (docs/aws-binary-rules.md §6.1, P1–P5):
 *  - add: the entry comes from the PATH (value unused); `/binaryMediaTypes/-` stores "-" literally (P4).
 *    Adding a type already listed: AWS's behaviour is unknown; we keep one copy (idempotent), so a retried
 *    add never duplicates an entry (docs/security.md promise 6).
 *  - remove: removes the entry; removing one that is not listed is a no-op (also unknown on AWS).
 *  - replace: removes the path's entry and APPENDS `value` at the end ([png,jpeg] → [jpeg,gif], P2).
 */
function updateBinaryMediaTypes(api: RestApiRecord, op: PatchOperation): void {
  const segment = op.path.slice(BMT_PREFIX.length);
  // A raw "/" inside the segment means the client did not escape it: that is another path, not a type.
  if (segment === "" || segment.includes("/")) throw invalidPatchPath(op.path);
  const type = unescapePatchPathSegment(segment);
  const list = api.binaryMediaTypes;
  const without = (t: string) => list.filter((x) => x !== t);
  switch (op.op) {
    case "add":
      if (!list.includes(type)) list.push(type);
      return;
    case "remove":
      api.binaryMediaTypes = without(type);
      return;
    case "replace": {
      if (op.value === undefined || op.value === "")
        throw badRequest(`Invalid null or empty value in replace operation for ${op.path}`);
      const next = without(type).filter((x) => x !== op.value);
      next.push(op.value);
      api.binaryMediaTypes = next;
      return;
    }
    default:
      throw invalidPatchOp(op.op, ["add", "remove", "replace"]);
  }
}

function requireOp(op: PatchOperation, allowed: string[]): void {
  if (!allowed.includes(op.op)) throw invalidPatchOp(op.op, allowed);
}
