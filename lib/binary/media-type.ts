/**
 * Validation of a "binary media type" entry as a person types it (docs/aws-binary-rules.md §3, §6.1).
 *
 * AWS itself validates nothing: `"-"` is stored as a media type [V3]. We are stricter on purpose, because an
 * entry that can never match is always a mistake; every rejection says what is wrong and shows a valid example.
 * Choices (AWS unknown, documented here):
 *  - syntax follows RFC 9110 §8.3.1 (`type "/" subtype *( OWS ";" OWS parameter )`, token characters);
 *  - `*` may only stand for the whole subtype (`image/*`) or the whole type with a `*` subtype (`*∕*`);
 *    `*∕png` is REJECTED: AWS stores it but it never matches anything (docs/aws-binary-rules.md §3, [V1] rows 5–6);
 *  - the whole entry is capped at MEDIA_TYPE_MAX_LENGTH (255) characters; RFC 6838 §4.2 caps type and
 *    subtype names at 127 characters each, and we enforce that too;
 *  - whitespace is allowed only around ";" between parameters (RFC "OWS"); the canonical `value` has none;
 *  - type, subtype and parameter names are lower-cased in `value` (media types are case-insensitive by RFC;
 *    matching lower-cases anyway, docs/aws-binary-rules.md §3), parameter values are kept as typed.
 */
import { MEDIA_TYPE_MAX_LENGTH } from "./limits";

/** A syntactically valid media type, split into its parts. */
export interface ParsedMediaType {
  /** Lower-cased type, e.g. "image", or "*". */
  type: string;
  /** Lower-cased subtype, e.g. "png", "vnd.api+json", or "*". */
  subtype: string;
  /** Structured-syntax suffix without "+", e.g. "json" for application/vnd.api+json; null if none. */
  suffix: string | null;
  /** "type/subtype", lower-cased, without parameters: the part that matching looks at (docs/aws-binary-rules.md §3). */
  essence: string;
  /** "none" for image/png, "subtype" for image/*, "all" for *∕*. */
  wildcard: "none" | "subtype" | "all";
  /** Parameters in order, names lower-cased, values as typed (quotes removed). */
  parameters: Array<[name: string, value: string]>;
  /** Things that are valid but probably not what the user meant (e.g. parameters are ignored when matching). */
  warnings: string[];
}

export type ParseMediaTypeResult = { ok: true; value: string; parsed: ParsedMediaType } | { ok: false; error: string };

// RFC 9110 §5.6.2 tchar.
const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TOKEN_CHAR_RE = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const NAME_MAX = 127;
const EXAMPLE = "a media type looks like image/png";

/**
 * Validates one binary media type entry and returns its canonical text, or a message a person understands
 * (docs/aws-binary-rules.md §3).
 */
export function parseMediaType(input: string): ParseMediaTypeResult {
  if (typeof input !== "string") return fail(`Enter a media type: ${EXAMPLE}`);
  const text = input.trim();
  if (text === "") return fail(`Enter a media type: ${EXAMPLE}`);
  if (text.length > MEDIA_TYPE_MAX_LENGTH) {
    return fail(`Too long: ${text.length} characters, the limit is ${MEDIA_TYPE_MAX_LENGTH} (e.g. image/png)`);
  }
  if (/[\u0000-\u001f\u007f]/.test(text)) {
    return fail(`Contains a control character (a tab, newline or similar): ${EXAMPLE}`);
  }
  if (text.includes(",")) {
    return fail(`One media type per entry: add each one separately, e.g. image/png, then image/jpeg`);
  }

  const [head, ...paramParts] = text.split(";");
  const mediaRange = head.trim();
  if (/\s/.test(mediaRange)) return fail(`Contains a space: a media type has no spaces, e.g. image/png`);
  const slashCount = mediaRange.split("/").length - 1;
  if (slashCount === 0) return fail(`Missing "/": ${EXAMPLE}`);
  if (slashCount > 1) return fail(`More than one "/": ${EXAMPLE}`);
  const [rawType, rawSub] = mediaRange.split("/");
  if (rawType === "") return fail(`Missing the type before "/": ${EXAMPLE}`);
  if (rawSub === "") return fail(`Missing the subtype after "/": e.g. image/png, or image/* for every image type`);

  for (const [label, part] of [
    ["type", rawType],
    ["subtype", rawSub],
  ] as const) {
    const bad = firstBadTokenChar(part);
    if (bad !== null) {
      return fail(
        `${describeChar(bad)} is not allowed in a media ${label}: use letters, digits and ! # $ & - ^ _ . + (e.g. image/svg+xml)`,
      );
    }
    if (part.length > NAME_MAX) {
      return fail(
        `The ${label} "${part.slice(0, 20)}…" is longer than ${NAME_MAX} characters (RFC 6838), e.g. image/png`,
      );
    }
  }

  const type = rawType.toLowerCase();
  const subtype = rawSub.toLowerCase();
  if (type.includes("*") && type !== "*") return fail(`"*" must be the whole type: use */* or e.g. image/*`);
  if (subtype.includes("*") && subtype !== "*") {
    return fail(
      `"*" must be the whole subtype: use ${type === "*" ? "*" : type}/* or e.g. ${type === "*" ? "image" : type}/png`,
    );
  }
  if (type === "*" && subtype !== "*") {
    // docs/aws-binary-rules.md §3: configured */subtype never matches on AWS ([V1] rows 5–6).
    return fail(
      `"*/${subtype}" never matches on API Gateway: use e.g. image/${subtype} for one type, or */* for everything`,
    );
  }

  const parameters: Array<[string, string]> = [];
  for (const raw of paramParts) {
    const p = raw.trim();
    if (p === "") return fail(`Empty parameter after ";": e.g. text/plain;charset=utf-8`);
    const eq = p.indexOf("=");
    if (eq < 0) return fail(`Parameter "${p}" needs a value: e.g. text/plain;charset=utf-8`);
    const name = p.slice(0, eq);
    let value = p.slice(eq + 1);
    if (name === "" || !TOKEN_RE.test(name)) {
      return fail(`Parameter name "${name}" is not valid: e.g. text/plain;charset=utf-8`);
    }
    if (value.startsWith('"')) {
      if (value.length < 2 || !value.endsWith('"') || /(^|[^\\])"/.test(value.slice(1, -1))) {
        return fail(`Parameter "${name}" has an unterminated quoted value: e.g. text/plain;charset="utf-8"`);
      }
      value = value.slice(1, -1).replace(/\\(.)/g, "$1");
    } else if (value === "" || !TOKEN_RE.test(value)) {
      return fail(`Parameter "${name}" has an invalid value "${value}": e.g. text/plain;charset=utf-8`);
    }
    parameters.push([name.toLowerCase(), value]);
  }

  const plus = subtype.lastIndexOf("+");
  const suffix = plus > 0 && plus < subtype.length - 1 ? subtype.slice(plus + 1) : null;
  const essence = `${type}/${subtype}`;
  const warnings: string[] = [];
  if (parameters.length > 0) {
    // docs/aws-binary-rules.md §3: parameters on configured entries — AWS unknown, emulators strip them.
    warnings.push(`Parameters are ignored when matching: this entry behaves like ${essence}`);
  }
  if (essence === "*/*") {
    // docs/aws-binary-rules.md §2, §10: the */* side effects.
    warnings.push(
      "*/* makes every request body (JSON too) reach the Lambda base64-encoded, and breaks MOCK CORS preflights",
    );
  }
  const value =
    essence +
    parameters.map(([n, v]) => `;${n}=${TOKEN_RE.test(v) ? v : `"${v.replace(/(["\\])/g, "\\$1")}"`}`).join("");
  return {
    ok: true,
    value,
    parsed: {
      type,
      subtype,
      suffix,
      essence,
      wildcard: essence === "*/*" ? "all" : subtype === "*" ? "subtype" : "none",
      parameters,
      warnings,
    },
  };
}

function fail(error: string): ParseMediaTypeResult {
  return { ok: false, error };
}

function firstBadTokenChar(s: string): string | null {
  for (const ch of s) if (!TOKEN_CHAR_RE.test(ch)) return ch;
  return null;
}

function describeChar(ch: string): string {
  if (ch === " ") return "A space";
  if (ch === '"') return "A quote";
  return `"${ch}"`;
}
