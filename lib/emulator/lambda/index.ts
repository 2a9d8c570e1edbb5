/**
 * Lambda's REST-JSON control plane (apiVersion 2015-03-31; docs/aws-binary-rules.md §7, docs/development.md §4): routes
 * a verified SigV4 call to its operation. Paths may sit under a prefix (an endpoint like http://host/emu/lambda, even
 * with a doubled slash), so routing starts at the "/2015-03-31/" segment.
 */
import type { AwsCall, AwsReply, ControlPlane, EmulatorContext } from "../contracts";
import { AwsError } from "../errors";
import { applyFault } from "../faults";
import {
  createFunction,
  deleteFunction,
  getFunction,
  getFunctionConfiguration,
  listFunctions,
  updateFunctionCode,
  updateFunctionConfiguration,
} from "./functions";
import { invoke } from "./invoke";
import { invokeWithResponseStream } from "./invoke-stream";
import { decodeSegment, resolveFunctionRef } from "./names";
import { addPermission, getPolicy, removePermission } from "./policy";
import { listTags, tagResource, untagResource } from "./tags";

type Op = (
  ctx: EmulatorContext,
  call: AwsCall,
  fn: { name: string; qualifier: string | undefined },
  extra: string | undefined,
) => Promise<AwsReply>;

interface Route {
  operation: string;
  /** Whether the route names a function (segment after /functions/). */
  named: boolean;
  run: Op;
}

const API_VERSION = "/2015-03-31/functions";
const TAGS = "/2017-03-31/tags/";
/** InvokeWithResponseStream has its own API version (docs/streaming.md §2.6). */
const STREAM_API = "/2021-11-15/functions/";

// Keyed by "METHOD sub-resource" where sub-resource is "" (collection), "fn", "fn/code", ….
const ROUTES: Record<string, Route> = {
  "GET ": { operation: "ListFunctions", named: false, run: (ctx, call) => listFunctions(ctx, call) },
  "POST ": { operation: "CreateFunction", named: false, run: (ctx, call) => createFunction(ctx, call) },
  "GET fn": { operation: "GetFunction", named: true, run: (ctx, call, fn) => getFunction(ctx, call, fn.name) },
  "DELETE fn": {
    operation: "DeleteFunction",
    named: true,
    run: (ctx, call, fn) => deleteFunction(ctx, call, fn.name, fn.qualifier),
  },
  "GET fn/configuration": {
    operation: "GetFunctionConfiguration",
    named: true,
    run: (ctx, call, fn) => getFunctionConfiguration(ctx, call, fn.name),
  },
  "PUT fn/configuration": {
    operation: "UpdateFunctionConfiguration",
    named: true,
    run: (ctx, call, fn) => updateFunctionConfiguration(ctx, call, fn.name),
  },
  "PUT fn/code": {
    operation: "UpdateFunctionCode",
    named: true,
    run: (ctx, call, fn) => updateFunctionCode(ctx, call, fn.name),
  },
  "POST fn/policy": {
    operation: "AddPermission",
    named: true,
    run: (ctx, call, fn) => addPermission(ctx, call, fn.name, fn.qualifier),
  },
  "GET fn/policy": {
    operation: "GetPolicy",
    named: true,
    run: (ctx, call, fn) => getPolicy(ctx, call, fn.name, fn.qualifier),
  },
  "DELETE fn/policy/sid": {
    operation: "RemovePermission",
    named: true,
    run: (ctx, call, fn, sid) => removePermission(ctx, call, fn.name, fn.qualifier, sid!),
  },
  "POST fn/invocations": { operation: "Invoke", named: true, run: (ctx, call, fn) => invoke(ctx, call, fn.name) },
  "POST fn/response-streaming-invocations": {
    operation: "InvokeWithResponseStream",
    named: true,
    run: (ctx, call, fn) => invokeWithResponseStream(ctx, call, fn.name),
  },
  // Tag calls name the function by ARN in `extra`; tags.ts resolves it.
  "GET tags": { operation: "ListTags", named: false, run: (ctx, call, _fn, arn) => listTags(ctx, call, arn!) },
  "POST tags": { operation: "TagResource", named: false, run: (ctx, call, _fn, arn) => tagResource(ctx, call, arn!) },
  "DELETE tags": {
    operation: "UntagResource",
    named: false,
    run: (ctx, call, _fn, arn) => untagResource(ctx, call, arn!),
  },
};

/** Finds the operation of a call: its route key, the raw function-name segment and a trailing segment. */
export function matchRoute(method: string, pathname: string): { key: string; name?: string; extra?: string } | null {
  const tagsAt = pathname.indexOf(TAGS);
  if (tagsAt >= 0) {
    const arn = pathname.slice(tagsAt + TAGS.length).replace(/\/$/, "");
    return arn && !arn.includes("/") ? { key: `${method} tags`, extra: arn } : null;
  }
  const streamAt = pathname.indexOf(STREAM_API);
  if (streamAt >= 0) {
    const [name, sub, ...more] = pathname.slice(streamAt + STREAM_API.length).split("/");
    const ok =
      name && sub === "response-streaming-invocations" && (more.length === 0 || (more.length === 1 && more[0] === ""));
    return ok ? { key: `${method} fn/${sub}`, name } : null;
  }
  const at = pathname.indexOf(API_VERSION);
  if (at < 0) return null;
  const rest = pathname.slice(at + API_VERSION.length);
  // ListFunctions is sent as ".../functions/" (trailing slash), CreateFunction as ".../functions".
  if (rest === "" || rest === "/") return { key: `${method} ` };
  if (!rest.startsWith("/")) return null;
  const parts = rest.slice(1).split("/");
  if (parts[parts.length - 1] === "") parts.pop();
  const [name, sub, extra, ...more] = parts;
  if (!name || more.length > 0) return null;
  if (sub === undefined) return { key: `${method} fn`, name };
  if (sub === "policy" && extra !== undefined) return { key: `${method} fn/policy/sid`, name, extra };
  if (extra !== undefined) return null;
  return { key: `${method} fn/${sub}`, name };
}

/** Lambda's REST-JSON control plane (apiVersion 2015-03-31). */
export const lambdaControlPlane: ControlPlane = async (ctx, call) => {
  const match = matchRoute(call.method, call.url.pathname);
  const route = match ? ROUTES[match.key] : undefined;
  if (!match || !route) {
    throw new AwsError(404, "UnknownOperationException", `Unknown operation ${call.method} ${call.url.pathname}`, {
      extra: { Type: "User" },
    });
  }
  ctx.metrics.count("lambda", route.operation);
  await applyFault(ctx, "lambda", route.operation);
  const fn = route.named
    ? resolveFunctionRef(
        decodeSegment(match.name!),
        call.url.searchParams.get("Qualifier"),
        call.region,
        ctx.config.accountId,
      )
    : { name: "", qualifier: undefined };
  const extra = match.extra === undefined ? undefined : decodeSegment(match.extra);
  return route.run(ctx, call, fn, extra);
};
