/**
 * The data plane's first steps: read the request, find the stage's deployment, route to a method.
 *
 * Choices where AWS gives no answer to copy:
 *  - The host style has no region, so an API id is looked up in every region (ids are random and unique;
 *    the first region holding it wins).
 *  - An unknown stage answers 403 {"message":"Forbidden"}, as AWS does. An unknown API id gets the same
 *    answer: on AWS such a host name usually does not resolve at all, and 403 Forbidden is what the shared
 *    execute-api front end sends for a name it does not serve — the closest HTTP-level equivalent.
 */
import type { RestApiRecord } from "../model";
import { BodyTooLargeError, readBody } from "../http";
import { REQUEST_BODY_LIMIT_BYTES } from "../../binary";
import {
  ApiConfigurationError,
  EdgeRequestTooLarge,
  ForbiddenStage,
  MissingAuthenticationToken,
} from "./gateway-responses";
import type { Invocation, Received, Routed, Staged } from "./invocation";
import { routeRequest } from "./routing";

/**
 * Reads the whole body. The edge refuses an oversize body before anything else, without reading it
 * (docs/aws-binary-rules.md §8, Q9): readBody refuses on Content-Length first, and stops a chunked body once
 * it passes the cap. A client that goes away surfaces as readBody's ClientGoneError.
 */
export async function readRequest(inv: Invocation): Promise<Received> {
  try {
    return { ...inv, body: await readBody(inv.req, REQUEST_BODY_LIMIT_BYTES) };
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new EdgeRequestTooLarge();
    throw err;
  }
}

/** Finds the API, the stage and the deployment it serves; 403 Forbidden when any is missing. */
export function resolveStage(inv: Received): Staged {
  const found = findApi(inv, inv.target.apiId);
  if (!found) throw new ForbiddenStage(`no REST API ${inv.target.apiId}`);
  const { region, api } = found;
  const stage = Object.hasOwn(api.stages, inv.target.stage) ? api.stages[inv.target.stage] : undefined;
  if (!stage) throw new ForbiddenStage(`no stage ${inv.target.stage}`);
  if (!Object.hasOwn(api.deployments, stage.deploymentId)) {
    throw new ForbiddenStage(`stage ${stage.stageName} has no deployment`);
  }
  const deployment = api.deployments[stage.deploymentId];
  return { ...inv, region, api, stage, deployment, snapshot: deployment.snapshot };
}

/** Routes to the resource and method in the deployment (see routing.ts); a method needs an integration. */
export function route(inv: Staged): Routed {
  const found = routeRequest(inv.snapshot, inv.httpMethod, inv.target.path);
  if (!found.ok) throw new MissingAuthenticationToken(`no ${found.reason === "no-method" ? "method" : "resource"}`);
  const { resource, method, pathParameters } = found.match;
  if (!method.integration) throw new ApiConfigurationError(`${inv.httpMethod} ${resource.path} has no integration`);
  return { ...inv, resource, method, integration: method.integration, pathParameters };
}

/** Finds a REST API by id in any region (the host-style URL carries no region). */
function findApi(inv: Invocation, apiId: string): { region: string; api: RestApiRecord } | null {
  const regions = inv.ctx.store.read().regions;
  for (const region of Object.keys(regions)) {
    const apis = regions[region].restApis;
    if (Object.hasOwn(apis, apiId)) return { region, api: apis[apiId] };
  }
  return null;
}
