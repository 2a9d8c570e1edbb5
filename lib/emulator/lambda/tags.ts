/**
 * Function tags (ListTags, TagResource, UntagResource under /2017-03-31/tags/{ARN}): the same map
 * CreateFunction's Tags fills and GetFunction returns.
 */
import { randomUUID } from "node:crypto";
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { regionOf } from "../model";
import { functionNotFound, invalidParameter, validationError } from "./errors";
import { getFunctionRecord } from "./functions";
import { functionArn, resolveFunctionRef } from "./names";
import { parseJsonBody, parseShape } from "./schemas";
import { z } from "zod";

/** At most 50 tags per function; keys 1..128 characters, values up to 256. */
export const TAG_LIMIT = 50;

export const TagResourceSchema = z.strictObject({ Tags: z.record(z.string(), z.string()) });

/** The function a tag call's Resource ARN names (tags take the unqualified function ARN). */
export function tagTarget(ctx: EmulatorContext, call: AwsCall, resource: string): string {
  if (!resource.startsWith("arn:")) throw invalidParameter(`${resource} is not a valid function ARN.`);
  const { name, qualifier } = resolveFunctionRef(resource, null, call.region, ctx.config.accountId);
  if (qualifier !== undefined) throw invalidParameter("Tags are not supported on a qualified function ARN.");
  return name;
}

/** ListTags: 200 {Tags}. */
export async function listTags(ctx: EmulatorContext, call: AwsCall, resource: string): Promise<AwsReply> {
  const fn = getFunctionRecord(ctx, call.region, tagTarget(ctx, call, resource));
  return { status: 200, body: { Tags: { ...fn.tags } } };
}

/** TagResource: 204; adds or overwrites keys. */
export async function tagResource(ctx: EmulatorContext, call: AwsCall, resource: string): Promise<AwsReply> {
  const name = tagTarget(ctx, call, resource);
  const input = parseShape(TagResourceSchema, parseJsonBody(call.body), "TagResource");
  for (const [k, v] of Object.entries(input.Tags)) {
    if (k.length < 1 || k.length > 128) throw validationError("tags", k, "Map keys must have length between 1 and 128");
    if (v.length > 256) throw validationError("tags", v, "Map values must have length less than or equal to 256");
    if (k.toLowerCase().startsWith("aws:")) throw invalidParameter("Tag keys starting with 'aws:' are reserved.");
  }
  getFunctionRecord(ctx, call.region, name);
  await ctx.store.mutate((draft) => {
    const fn = regionOf(draft, call.region).functions[name];
    if (!fn) throw functionNotFound(functionArn(call.region, ctx.config.accountId, name));
    const merged = { ...fn.tags, ...input.Tags };
    if (Object.keys(merged).length > TAG_LIMIT)
      throw invalidParameter(`A function can have at most ${TAG_LIMIT} tags.`);
    fn.tags = merged;
    fn.revisionId = randomUUID();
  });
  return { status: 204 };
}

/** UntagResource: 204; ?tagKeys=a&tagKeys=b, unknown keys ignored. */
export async function untagResource(ctx: EmulatorContext, call: AwsCall, resource: string): Promise<AwsReply> {
  const name = tagTarget(ctx, call, resource);
  const keys = call.url.searchParams.getAll("tagKeys");
  if (keys.length === 0) throw validationError("tagKeys", null, "Member must not be null");
  getFunctionRecord(ctx, call.region, name);
  await ctx.store.mutate((draft) => {
    const fn = regionOf(draft, call.region).functions[name];
    if (!fn) throw functionNotFound(functionArn(call.region, ctx.config.accountId, name));
    for (const k of keys) delete fn.tags[k];
    fn.revisionId = randomUUID();
  });
  return { status: 204 };
}
