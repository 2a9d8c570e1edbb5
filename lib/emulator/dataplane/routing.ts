/**
 * Routing a stage request against a DEPLOYMENT snapshot (never the live API: docs/aws-binary-rules.md §6.1, "takes
 * effect only after redeploy"). Resource templates have literal parts, `{param}` parts and a final greedy `{name+}`.
 *
 * Choices (template matching and specificity live in lib/binary/route-template.ts, shared with the preview):
 *  - Only resources that have at least one method take part; among them the most specific template wins,
 *    compared segment by segment: literal > {param} > {greedy+}.
 *  - The method is looked up on THAT resource (exact verb, then ANY). If it has neither, the request gets
 *    403 Missing Authentication Token — API Gateway does not fall back to a less specific resource
 *    (a common surprise with `/{proxy+}` next to `/users GET`).
 *  - Trailing slashes and empty segments are ignored for matching ([V6]: `/test-path/` matched
 *    `/{proxy+}` with proxy = "test-path"); the event's `path` keeps them.
 */
import type { DeploymentSnapshot, MethodRecord, ResourceRecord } from "../model";
import {
  findMostSpecificRoute,
  parseRouteTemplate,
  pathSegments,
  type RoutePart,
  safeDecodeURIComponent,
} from "../../binary";

export interface RouteMatch {
  resource: ResourceRecord;
  method: MethodRecord;
  /** Decoded path parameters, or null when the template has none (as the event wants it). */
  pathParameters: Record<string, string> | null;
}

export type RouteResult = { ok: true; match: RouteMatch } | { ok: false; reason: "no-resource" | "no-method" };

const templateCache = new WeakMap<ResourceRecord, readonly RoutePart[]>();
function templateOf(r: ResourceRecord): readonly RoutePart[] {
  let t = templateCache.get(r);
  if (!t) templateCache.set(r, (t = parseRouteTemplate(r.path)));
  return t;
}

/** Finds the resource and method a request hits in a deployment snapshot (see the file comment). */
export function routeRequest(snapshot: DeploymentSnapshot, httpMethod: string, rawPath: string): RouteResult {
  // Segments are matched decoded: `/files/a%20b` hits `/files/{name}` with name = "a b".
  const segs = pathSegments(rawPath).map(safeDecodeURIComponent);
  const withMethods = Object.values(snapshot.resources).filter((r) => Object.keys(r.methods).length > 0);
  const found = findMostSpecificRoute(withMethods, templateOf, segs);
  if (!found) return { ok: false, reason: "no-resource" };
  const best = { resource: found.item, params: found.params };
  const method = best.resource.methods[httpMethod.toUpperCase()] ?? best.resource.methods.ANY;
  if (!method) return { ok: false, reason: "no-method" };
  const pathParameters = Object.keys(best.params).length > 0 ? best.params : null;
  return { ok: true, match: { resource: best.resource, method, pathParameters } };
}
