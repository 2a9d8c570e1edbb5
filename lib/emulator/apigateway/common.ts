/**
 * Shared plumbing of the API Gateway control plane: JSON bodies validated with zod into AWS's error shapes,
 * lookups that answer AWS's NotFoundException messages (docs/aws-binary-rules.md §6.4), and `limit`/`position`
 * pagination.
 */
import { z } from "zod";
import type { AwsCall, EmulatorContext } from "../contracts";
import { apiNotFound, AwsError, badRequest } from "../errors";
import {
  regionOf,
  type EmulatorState,
  type MethodRecord,
  type ResourceRecord,
  type RestApiRecord,
  type StageRecord,
} from "../model";

/** Own-property lookup: ids come from URLs, so "__proto__" or "constructor" must not find anything. */
export function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

export const notFound = (message: string) => new AwsError(404, "NotFoundException", message);
export const conflict = (message: string) => new AwsError(409, "ConflictException", message);

/** The request's JSON object body; an empty body is `{}`. Malformed JSON → 400 SerializationException. */
export function jsonBody(call: AwsCall): Record<string, unknown> {
  if (call.body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(call.body.toString("utf8"));
  } catch (err) {
    throw new AwsError(
      400,
      "SerializationException",
      `Could not parse request body into json: ${(err as Error).message}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AwsError(
      400,
      "SerializationException",
      "Could not parse request body into json: the body must be a JSON object",
    );
  }
  return value as Record<string, unknown>;
}

/**
 * Validates a body against a strict zod schema. Missing required members and enum violations answer AWS's
 * ValidationException text ("N validation error(s) detected: Value … at 'xInput.member' failed to satisfy
 * constraint: …", docs/aws-binary-rules.md §6.1); unknown members and wrong JSON types answer SerializationException.
 */
export function validateInput<S extends z.ZodType>(
  schema: S,
  raw: Record<string, unknown>,
  inputName: string,
): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const constraint: string[] = [];
  for (const issue of parsed.error.issues) {
    const where = `${inputName}.${issue.path.map((p) => (typeof p === "number" ? `${p + 1}.member` : String(p))).join(".")}`;
    const value = valueAt(raw, issue.path);
    if (issue.code === "unrecognized_keys") {
      throw new AwsError(
        400,
        "SerializationException",
        `Unrecognized field "${issue.keys[0]}" in ${inputName}: not a member of this operation's input`,
      );
    }
    if ((issue.code === "invalid_type" || issue.code === "invalid_value") && value === undefined) {
      constraint.push(`Value null at '${where}' failed to satisfy constraint: Member must not be null`);
    } else if (issue.code === "invalid_value") {
      constraint.push(
        `Value '${String(value)}' at '${where}' failed to satisfy constraint: Member must satisfy enum value set: [${issue.values.map(String).join(", ")}]`,
      );
    } else if (issue.code === "invalid_type") {
      throw new AwsError(
        400,
        "SerializationException",
        `Invalid value for ${where}: expected ${issue.expected}, got ${describe(value)}`,
      );
    } else {
      constraint.push(
        `Value '${typeof value === "object" ? JSON.stringify(value) : String(value)}' at '${where}' failed to satisfy constraint: ${issue.message}`,
      );
    }
  }
  const n = constraint.length;
  throw new AwsError(
    400,
    "ValidationException",
    `${n} validation error${n === 1 ? "" : "s"} detected: ${constraint.join("; ")}`,
  );
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** A string map as API Gateway takes it (tags, variables, requestTemplates …). */
export const StringMap = z.record(z.string(), z.string());

/** The region's REST API or AWS's 404 "Invalid API identifier specified {account}:{id}". */
export function getApi(state: EmulatorState, ctx: EmulatorContext, region: string, apiId: string): RestApiRecord {
  const api = own(state.regions[region]?.restApis ?? {}, apiId);
  if (!api) throw apiNotFound(ctx.config.accountId, apiId);
  return api;
}

/** Same as getApi, on a draft inside store.mutate (creates the region tree if needed). */
export function getApiDraft(draft: EmulatorState, ctx: EmulatorContext, region: string, apiId: string): RestApiRecord {
  const api = own(regionOf(draft, region).restApis, apiId);
  if (!api) throw apiNotFound(ctx.config.accountId, apiId);
  return api;
}

export function getResource(api: RestApiRecord, resourceId: string): ResourceRecord {
  const r = own(api.resources, resourceId);
  if (!r) throw notFound("Invalid Resource identifier specified");
  return r;
}

export function getMethod(resource: ResourceRecord, httpMethod: string): MethodRecord {
  const m = own(resource.methods, httpMethod.toUpperCase());
  if (!m) throw notFound("Invalid Method identifier specified");
  return m;
}

export function getStage(api: RestApiRecord, stageName: string): StageRecord {
  const s = own(api.stages, stageName);
  if (!s) throw notFound("Invalid Stage identifier specified");
  return s;
}

/** AWS's page size: `limit` 1..500, default 25 (docs/aws-binary-rules.md §6). */
export function pageLimit(url: URL): number {
  const raw = url.searchParams.get("limit");
  if (raw === null || raw === "") return 25;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw badRequest(`Invalid limit parameter: ${raw}`);
  if (n > 500) {
    throw badRequest(
      `1 validation error detected: Value '${n}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 500`,
    );
  }
  if (n < 1)
    throw badRequest(
      `1 validation error detected: Value '${n}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  return n;
}

/**
 * One page of `items` with an opaque `position` token (base64url of the next offset, so clients cannot
 * guess it is a number). AWS omits `position` on the last page.
 */
export function paginate<T>(items: T[], url: URL): { page: T[]; position?: string } {
  const limit = pageLimit(url);
  const token = url.searchParams.get("position");
  let start = 0;
  if (token) {
    const m = /^o(\d{1,9})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
    if (!m) throw badRequest("Invalid position parameter");
    start = Number(m[1]);
  }
  const page = items.slice(start, start + limit);
  const next = start + limit;
  return next < items.length ? { page, position: Buffer.from(`o${next}`).toString("base64url") } : { page };
}

/** Patch operation as the SDK and CLI send it (`{"patchOperations":[…]}`). */
export const PatchOperationSchema = z.strictObject({
  // AWS's enum order, as its ValidationException lists it (docs/aws-binary-rules.md §6.1).
  op: z.enum(["add", "remove", "move", "test", "replace", "copy"]),
  path: z.string(),
  value: z.string().optional(),
  from: z.string().optional(),
});
export type PatchOperation = z.infer<typeof PatchOperationSchema>;
export const PatchBodySchema = z.strictObject({ patchOperations: z.array(PatchOperationSchema).optional() });

/** Parses an Update* body into its patch operations (op enum errors as docs/aws-binary-rules.md §6.1). */
export function patchOperations(call: AwsCall, inputName: string): PatchOperation[] {
  return validateInput(PatchBodySchema, jsonBody(call), inputName).patchOperations ?? [];
}

export const invalidPatchPath = (path: string) => badRequest(`Invalid patch path ${path}`);
export const invalidPatchOp = (op: string, allowed: string[]) =>
  badRequest(`Invalid patch operation specified. Must be one of: [${allowed.join(", ")}] (got ${op})`);

/** "true"/"false" from a patch value. */
export function patchBool(op: PatchOperation): boolean {
  if (op.value === "true") return true;
  if (op.value === "false") return false;
  throw badRequest(
    `Invalid value for ${op.path}: expected true or false, got ${op.value === undefined ? "null" : `'${op.value}'`}`,
  );
}
