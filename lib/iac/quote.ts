/**
 * String literals for each snippet language. A plain YAML scalar starting with `*` is an alias (so the wildcard
 * type breaks an unquoted list) and `${` is an interpolation in HCL,
 * so every value goes through one of these, never into a snippet raw.
 */

/** A YAML double-quoted scalar (YAML's double-quoted style accepts every JSON string escape). */
export function yamlString(s: string): string {
  return JSON.stringify(s);
}

/** A TypeScript or Python string literal (both read JSON's escapes the same way). */
export function codeString(s: string): string {
  return JSON.stringify(s);
}

/** An HCL quoted string: JSON escapes plus `$${` and `%%{`, so a value is never read as a template. */
export function hclString(s: string): string {
  return JSON.stringify(s)
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
}

/** SAM's spelling of a media type: "Use ~1 instead of / in the mime types" (SAM's Api resource docs). */
export function samMediaType(type: string): string {
  return type.replace(/\//g, "~1");
}

/** A CloudFormation logical id (alphanumerics only), or the fallback. */
export function logicalIdOr(id: string | undefined, fallback: string): string {
  return id && /^[A-Za-z0-9]{1,255}$/.test(id) ? id : fallback;
}
