import { findMostSpecificRoute, parseRouteTemplate, pathSegments, type RoutePart } from "@/lib/binary/route-template";

/**
 * Deployed resources as the preview uses them: matched and filled with the same template parser as the
 * emulator's data plane (lib/binary/route-template), so the form and the stage agree on what a path means.
 */

/** The deployed route a concrete path belongs to, matched exactly as the stage routes it. */
export function matchDeployedRoute<R extends { path: string }>(path: string, routes: readonly R[]): R | null {
  return findMostSpecificRoute(routes, (r) => parseRouteTemplate(r.path), pathSegments(path))?.item ?? null;
}

/** A template's parameters in order: `{id}` → id, `{proxy+}` → proxy (greedy). */
export function routeParams(template: string): { name: string; greedy: boolean }[] {
  return parseRouteTemplate(template)
    .filter((p): p is Exclude<RoutePart, { kind: "literal" }> => p.kind !== "literal")
    .map((p) => ({ name: p.name, greedy: p.kind === "greedy" }));
}

/** Fills a template: each value percent-encoded per segment (a greedy value may span segments). */
export function fillRoute(template: string, values: Record<string, string>): { path: string; missing: string | null } {
  let missing: string | null = null;
  const segs = parseRouteTemplate(template).map((p) => {
    if (p.kind === "literal") return p.text;
    const v = (values[p.name] ?? "").trim().replace(/^\/+|\/+$/g, "");
    if (!v) missing ??= p.name;
    return p.kind === "greedy" ? v.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(v);
  });
  return { path: `/${segs.join("/")}`, missing };
}

/** The resource a preview opens on: the first deployed one with a method and no {params}, else the first. */
export function defaultRoute<R extends { path: string; methods: readonly string[] }>(routes: readonly R[]): R | null {
  const plain = (r: R) => r.methods.length > 0 && routeParams(r.path).length === 0;
  return routes.find(plain) ?? routes.find((r) => r.methods.length > 0) ?? routes[0] ?? null;
}
