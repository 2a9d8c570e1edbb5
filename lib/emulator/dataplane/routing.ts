/**
 * Routing a stage request against a DEPLOYMENT snapshot (never the live API: spec §6.1, "takes effect only
 * after redeploy"). Resource templates have literal parts, `{param}` parts and a final greedy `{name+}`.
 *
 * Choices (AWS documents only "most specific wins"):
 *  - Only resources that have at least one method take part; among them the most specific template wins,
 *    compared segment by segment: literal > {param} > {greedy+}.
 *  - The method is looked up on THAT resource (exact verb, then ANY). If it has neither, the request gets
 *    403 Missing Authentication Token — API Gateway does not fall back to a less specific resource
 *    (a common surprise with `/{proxy+}` next to `/users GET`).
 *  - Trailing slashes and empty segments are ignored for matching ([V6]: `/test-path/` matched
 *    `/{proxy+}` with proxy = "test-path"); the event's `path` keeps them.
 */
import type { DeploymentSnapshot, MethodRecord, ResourceRecord } from "../model";
import { safeDecode } from "./address";

export interface RouteMatch {
  resource: ResourceRecord;
  method: MethodRecord;
  /** Decoded path parameters, or null when the template has none (as the event wants it). */
  pathParameters: Record<string, string> | null;
}

export type RouteResult = { ok: true; match: RouteMatch } | { ok: false; reason: "no-resource" | "no-method" };

type Part = { kind: "literal"; text: string } | { kind: "param"; name: string } | { kind: "greedy"; name: string };

const RANK = { literal: 3, param: 2, greedy: 1 } as const;

function parseTemplate(path: string): Part[] {
  return path
    .split("/")
    .filter((s) => s !== "")
    .map((seg): Part => {
      const greedy = /^\{(.+)\+\}$/.exec(seg);
      if (greedy) return { kind: "greedy", name: greedy[1] };
      const param = /^\{(.+)\}$/.exec(seg);
      if (param) return { kind: "param", name: param[1] };
      return { kind: "literal", text: seg };
    });
}

const templateCache = new WeakMap<ResourceRecord, Part[]>();
function templateOf(r: ResourceRecord): Part[] {
  let t = templateCache.get(r);
  if (!t) templateCache.set(r, (t = parseTemplate(r.path)));
  return t;
}

/** Matches decoded segments against a template; returns per-segment ranks and params, or null. */
function matchTemplate(parts: Part[], segs: string[]): { ranks: number[]; params: Record<string, string> } | null {
  const ranks: number[] = [];
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.kind === "greedy") {
      // Greedy must be last and take at least one segment.
      if (i !== parts.length - 1 || i >= segs.length) return null;
      params[p.name] = segs.slice(i).join("/");
      for (let j = i; j < segs.length; j++) ranks.push(RANK.greedy);
      return { ranks, params };
    }
    if (i >= segs.length) return null;
    if (p.kind === "literal") {
      if (p.text !== segs[i]) return null;
    } else {
      params[p.name] = segs[i];
    }
    ranks.push(RANK[p.kind]);
  }
  return parts.length === segs.length ? { ranks, params } : null;
}

function moreSpecific(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/** Finds the resource and method a request hits in a deployment snapshot (see the file comment). */
export function routeRequest(snapshot: DeploymentSnapshot, httpMethod: string, rawPath: string): RouteResult {
  // Segments are matched decoded: `/files/a%20b` hits `/files/{name}` with name = "a b".
  const segs = rawPath.split("/").filter((s) => s !== "").map(safeDecode);
  let best: { resource: ResourceRecord; ranks: number[]; params: Record<string, string> } | null = null;
  for (const resource of Object.values(snapshot.resources)) {
    if (Object.keys(resource.methods).length === 0) continue;
    const m = matchTemplate(templateOf(resource), segs);
    if (m && (!best || moreSpecific(m.ranks, best.ranks))) best = { resource, ...m };
  }
  if (!best) return { ok: false, reason: "no-resource" };
  const method = best.resource.methods[httpMethod.toUpperCase()] ?? best.resource.methods.ANY;
  if (!method) return { ok: false, reason: "no-method" };
  const pathParameters = Object.keys(best.params).length > 0 ? best.params : null;
  return { ok: true, match: { resource: best.resource, method, pathParameters } };
}
