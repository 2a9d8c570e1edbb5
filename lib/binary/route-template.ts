/**
 * API Gateway's resource-template matching (docs/aws-binary-rules.md §9, [V6]): literal parts, `{param}` (one segment)
 * and a final greedy `{name+}` (one or more segments). Shared by the emulator's data plane and the dashboard's preview,
 * so a path resolves to the same route in both. AWS documents only "most specific wins"; our reading: compare segment
 * by segment, literal > {param} > {greedy+}. Trailing slashes and empty segments are ignored ([V6]).
 */

export type RoutePart =
  | { kind: "literal"; text: string }
  | { kind: "param"; name: string }
  | { kind: "greedy"; name: string };

const RANK = { literal: 3, param: 2, greedy: 1 } as const;

/** A path's non-empty segments, as API Gateway matches them (docs/aws-binary-rules.md §9, [V6]). */
export function pathSegments(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

/** Parses a resource path such as `/files/{name}` or `/{proxy+}` into template parts (docs/aws-binary-rules.md §9). */
export function parseRouteTemplate(path: string): RoutePart[] {
  return pathSegments(path).map((seg): RoutePart => {
    const greedy = /^\{(.+)\+\}$/.exec(seg);
    if (greedy) return { kind: "greedy", name: greedy[1] };
    const param = /^\{(.+)\}$/.exec(seg);
    if (param) return { kind: "param", name: param[1] };
    return { kind: "literal", text: seg };
  });
}

/**
 * Matches segments against a template: per-segment ranks (for specificity) and the parameters, or null
 * (docs/aws-binary-rules.md §9).
 */
export function matchRouteTemplate(
  parts: readonly RoutePart[],
  segs: readonly string[],
): { ranks: number[]; params: Record<string, string> } | null {
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

/**
 * The most specific of `items` whose template matches `segs`, with its parameters, or null
 * (docs/aws-binary-rules.md §9).
 */
export function findMostSpecificRoute<R>(
  items: Iterable<R>,
  templateOf: (item: R) => readonly RoutePart[],
  segs: readonly string[],
): { item: R; params: Record<string, string> } | null {
  let best: { item: R; ranks: number[]; params: Record<string, string> } | null = null;
  for (const item of items) {
    const m = matchRouteTemplate(templateOf(item), segs);
    if (m && (!best || moreSpecific(m.ranks, best.ranks))) best = { item, ...m };
  }
  return best ? { item: best.item, params: best.params } : null;
}
