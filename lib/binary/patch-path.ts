/**
 * JSON-Pointer escaping of a binary media type inside an UpdateRestApi patch path (docs/aws-binary-rules.md §6.1):
 * `image/png` → `/binaryMediaTypes/image~1png`. AWS documents only `~1`; `~0` for `~` is RFC 6901 (inferred),
 * and the order matters: escape "~" before "/", unescape "~1" before "~0", so `~1` in a name round-trips.
 */

/** Escapes one path segment: "~" → "~0", then "/" → "~1" (docs/aws-binary-rules.md §6.1, RFC 6901 §3). */
export function escapePatchPathSegment(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Unescapes one path segment: "~1" → "/", then "~0" → "~" (docs/aws-binary-rules.md §6.1, RFC 6901 §4). */
export function unescapePatchPathSegment(s: string): string {
  return s.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * The patch path that adds/removes one binary media type, e.g. "/binaryMediaTypes/image~1png"
 * (docs/aws-binary-rules.md §6.1, P1–P3).
 */
export function binaryMediaTypePatchPath(mediaType: string): string {
  return `/binaryMediaTypes/${escapePatchPathSegment(mediaType)}`;
}
