/**
 * Tags on REST APIs and stages: TagResource / UntagResource / GetTags on `/tags/{resourceArn}`, and the checks
 * CreateRestApi's `tags` shares. AWS's tag rules (AWS's "Tagging your API Gateway resources" page): at most 50
 * tags, keys 1–128 characters, values 0–256, and keys starting with `aws:` (any case) are reserved — clients can
 * neither set nor remove them, and they do not count against the 50. AWS's refusal of `aws:` keys is quoted
 * verbatim; the wording of the other limit errors is not published, so ours state the rule plainly.
 */
import { z } from "zod";
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { AwsError, badRequest } from "../errors";
import type { RestApiRecord } from "../model";
import { getApi, getApiDraft, getStage, jsonBody, StringMap, validateInput } from "./common";

export const MAX_TAGS = 50;
export const MAX_TAG_KEY = 128;
export const MAX_TAG_VALUE = 256;

/** AWS's own text (BadRequestException), as API Gateway returns it to the SDK and CloudFormation. */
export const RESERVED_TAG_MESSAGE = "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)";

const isReserved = (key: string) => key.toLowerCase().startsWith("aws:");
const chars = (s: string) => [...s].length;

/** Refuses what a client may not write: reserved keys, keys or values out of AWS's length limits. */
export function checkClientTags(tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (isReserved(key)) throw badRequest(RESERVED_TAG_MESSAGE);
    if (chars(key) < 1 || chars(key) > MAX_TAG_KEY) {
      throw badRequest(`Invalid tag key: a tag key must be 1 to ${MAX_TAG_KEY} characters long (got ${chars(key)})`);
    }
    if (chars(value) > MAX_TAG_VALUE) {
      throw badRequest(`Invalid tag value for key '${key}': a tag value must be at most ${MAX_TAG_VALUE} characters`);
    }
  }
}

/** Refuses a resulting tag set with more than 50 client tags (reserved `aws:` tags do not count). */
export function checkTagCount(tags: Record<string, string>): void {
  const n = Object.keys(tags).filter((k) => !isReserved(k)).length;
  if (n > MAX_TAGS) {
    throw badRequest(`Too many tags: a resource can have at most ${MAX_TAGS} tags (this request would leave ${n})`);
  }
}

/** The resource an API Gateway ARN names: a REST API or one of its stages. */
type TagTarget = { region: string; apiId: string; stage?: string };

const ARN_RE = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+)::\/restapis\/([^/]+)(?:\/stages\/([^/]+))?$/;

function parseArn(arn: string, call: AwsCall): TagTarget {
  const m = ARN_RE.exec(arn);
  if (!m) {
    const expected = "arn:aws:apigateway:{region}::/restapis/{id} or …/stages/{name}";
    throw badRequest(`Invalid resource ARN ${arn}: expected ${expected}`);
  }
  // A regional endpoint only knows its own region's resources.
  if (m[1] !== call.region) {
    throw badRequest(`Invalid resource ARN ${arn}: its region is not this endpoint's region ${call.region}`);
  }
  return { region: m[1], apiId: m[2], stage: m[3] };
}

function tagsOf(api: RestApiRecord, target: TagTarget): Record<string, string> {
  return target.stage === undefined ? api.tags : getStage(api, target.stage).tags;
}

const TagResourceSchema = z.strictObject({ tags: StringMap });

async function getTags(ctx: EmulatorContext, call: AwsCall, arn: string): Promise<AwsReply> {
  const target = parseArn(arn, call);
  const tags = tagsOf(getApi(ctx.store.read(), ctx, target.region, target.apiId), target);
  return { status: 200, body: { tags: { ...tags } } };
}

async function tagResource(ctx: EmulatorContext, call: AwsCall, arn: string): Promise<AwsReply> {
  const target = parseArn(arn, call);
  const input = validateInput(TagResourceSchema, jsonBody(call), "tagResourceInput");
  checkClientTags(input.tags);
  await ctx.store.mutate((draft) => {
    const tags = tagsOf(getApiDraft(draft, ctx, target.region, target.apiId), target);
    checkTagCount({ ...tags, ...input.tags });
    Object.assign(tags, input.tags);
  });
  return { status: 204 };
}

async function untagResource(ctx: EmulatorContext, call: AwsCall, arn: string): Promise<AwsReply> {
  const target = parseArn(arn, call);
  const keys = call.url.searchParams.getAll("tagKeys");
  if (keys.length === 0) {
    const message =
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null";
    throw new AwsError(400, "ValidationException", message);
  }
  if (keys.some(isReserved)) throw badRequest(RESERVED_TAG_MESSAGE);
  await ctx.store.mutate((draft) => {
    const tags = tagsOf(getApiDraft(draft, ctx, target.region, target.apiId), target);
    // Removing a key the resource does not carry is a no-op, as on every AWS tagging API.
    for (const k of keys) if (Object.hasOwn(tags, k)) delete tags[k];
  });
  return { status: 204 };
}

type TagHandler = (ctx: EmulatorContext, call: AwsCall, arn: string) => Promise<AwsReply>;
const tagMethods: Record<string, [string, TagHandler]> = {
  GET: ["GetTags", getTags],
  PUT: ["TagResource", tagResource],
  DELETE: ["UntagResource", untagResource],
};

/**
 * Resolves `/tags/{resourceArn}` (the SDK and CLI percent-encode the ARN's slashes; a client that does not is
 * still understood, so such a path never falls through to GetRestApi). Null when the path is not a tags path.
 */
export function resolveTagOperation(
  method: string,
  pathname: string,
): { operation: string; handler: TagHandler; params: string[] } | null {
  const raw = pathname.split("/").filter((s) => s !== "");
  const at = raw.indexOf("tags");
  if (at < 0 || at === raw.length - 1) return null;
  let arn: string;
  try {
    arn = raw
      .slice(at + 1)
      .map((s) => decodeURIComponent(s))
      .join("/");
  } catch {
    return null;
  }
  if (!arn.startsWith("arn:")) return null;
  const found = tagMethods[method];
  return found ? { operation: found[0], handler: found[1], params: [arn] } : null;
}
