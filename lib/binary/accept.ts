/**
 * The keys that matching looks at: the first Accept value and the Content-Type (docs/aws-binary-rules.md §3, §11.1).
 *
 * Choices where AWS is unknown (docs/aws-binary-rules.md §3): both keys are trimmed and lower-cased, because media
 * types are case-insensitive (RFC 9110 §8.3.1) and docs/aws-binary-rules.md recommends it; an empty result is "absent"
 * (null). Multiple Accept header lines: callers pass the header as their HTTP stack joins it (Node joins with ", "),
 * so the first line's first value wins.
 */

/**
 * First media range of an Accept header: before the first ",", then before ";", trimmed, lower-cased; empty → null
 * (docs/aws-binary-rules.md §3, §11.1).
 */
export function firstAcceptValue(accept: string | null | undefined): string | null {
  if (accept == null) return null;
  // Only the first value counts, q-values ignored ([A3][V1] rows 8–9, [C1]).
  const comma = accept.indexOf(",");
  const first = comma < 0 ? accept : accept.slice(0, comma);
  return contentTypeKey(first);
}

/**
 * Media type of a Content-Type header: before ";", trimmed, lower-cased; empty → null (docs/aws-binary-rules.md §11.1).
 */
export function contentTypeKey(contentType: string | null | undefined): string | null {
  if (contentType == null) return null;
  const semi = contentType.indexOf(";");
  const key = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return key === "" ? null : key;
}
