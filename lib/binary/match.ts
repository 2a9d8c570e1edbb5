/**
 * Matching a request's media type against the deployed binaryMediaTypes (docs/aws-binary-rules.md §3, §11.1 `match`).
 *
 *  - configured `*∕*` matches every media type that has a "/" ([A1][A6]; LocalStack's "never" is a bug [E1]);
 *  - configured `t/*` (t ≠ "*") matches every subtype of t ([V1] rows 11–13);
 *  - configured `*∕sub` never matches, not even the literal `*∕sub` ([V1] rows 5–6);
 *  - otherwise only an equal string matches — so a client wildcard (`image/*`, `*∕*`) never matches a specific
 *    configured type ([V1] rows 4, 7) but `application/*` matches configured `application/*` ([V1] row 13);
 *  - a value without "/" never matches ([V1] row 17);
 *  - null (no Accept / no Content-Type) never matches here, even with `*∕*` configured. AWS is unknown; both
 *    emulators that model it say no match for Accept [E1][E9] (docs/aws-binary-rules.md §3, §11.1 "Unknowns"). The
 *    request side reads a missing Content-Type differently (request.ts `requestContentIsBinary`, R32 evidence).
 *  - parameters on configured entries are stripped, entries are trimmed and lower-cased (AWS unknown;
 *    emulators strip [E1]); the media type being tested is normalised the same way.
 */

/**
 * Whether `mediaType` (a first Accept value or Content-Type key) matches any configured entry
 * (docs/aws-binary-rules.md §3, §11.1).
 */
export function matchesBinaryMediaTypes(mediaType: string | null, binaryMediaTypes: readonly string[]): boolean {
  return findBinaryMatch(mediaType, binaryMediaTypes) !== null;
}

/** The configured entry (as stored) that makes `mediaType` binary, or null (docs/aws-binary-rules.md §3, §11.1). */
export function findBinaryMatch(mediaType: string | null, binaryMediaTypes: readonly string[]): string | null {
  if (mediaType == null) return null;
  const x = normalise(mediaType);
  const slash = x.indexOf("/");
  if (slash < 0) return null;
  const xType = x.slice(0, slash);
  for (let i = 0; i < binaryMediaTypes.length; i++) {
    const entry = binaryMediaTypes[i];
    if (typeof entry !== "string") continue;
    const e = normalise(entry);
    if (e === "*/*") return entry;
    const eSlash = e.indexOf("/");
    if (eSlash < 0) continue;
    const eType = e.slice(0, eSlash);
    if (eType === "*") continue; // */subtype: never ([V1] rows 5–6)
    if (e === x) return entry;
    if (e.length === eSlash + 2 && e.endsWith("*") && eType === xType) return entry; // type/*
  }
  return null;
}

/**
 * The configured catch-all `*∕*` entry (as stored), or null (docs/aws-binary-rules.md §3: "`*∕*` includes all content
 * types" [A1]).
 */
export function findCatchAll(binaryMediaTypes: readonly string[]): string | null {
  for (const entry of binaryMediaTypes) if (typeof entry === "string" && normalise(entry) === "*/*") return entry;
  return null;
}

function normalise(s: string): string {
  const semi = s.indexOf(";");
  const base = semi < 0 ? s : s.slice(0, semi);
  // Fast path: the stored entries are almost always already canonical.
  const trimmed = base.trim();
  return hasUpper(trimmed) ? trimmed.toLowerCase() : trimmed;
}

function hasUpper(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return true;
  }
  return false;
}
