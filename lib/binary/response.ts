/**
 * Response side of a REST Lambda proxy integration: the Lambda's result → what the client receives
 * (docs/aws-binary-rules.md §1.1–§1.3, §11.1, vectors R1–R29).
 *
 * Readings chosen where AWS is unknown (each also noted where it is applied):
 *  - `body` that is neither a string nor null/absent (a number, an object) → 502. AWS's output format says
 *    body is a string [A4]; "Malformed Lambda proxy response" for an object body is the common community
 *    report, and it is the strict reading.
 *  - `headers` values must be strings or booleans (docs/aws-binary-rules.md §11.1: "headers values str/bool"); numbers
 *    and null → 502. multiValueHeaders values must be lists [V2]; their items may be strings, booleans or numbers.
 *  - A header name that is not an HTTP token, or a value with control characters (CR, LF, NUL…), → 502:
 *    they cannot be sent on the wire, and the gateway must keep serving.
 *  - statusCode: an integer or an integer-like string ([V2] "201" → 201, "test" → 502); null/absent → 200;
 *    a fraction, or a status outside 200–599 (1xx cannot be a final response, RFC 9110 §15.2), → 502.
 *  - An empty object `{}` → 502 ([V2]), while `{"headers": {…}}` without statusCode → 200 ([V2]): the
 *    reading is that a result must carry at least one of the five keys (any of them, even null).
 *  - Only `isBase64Encoded === true` triggers decoding ("is True", docs/aws-binary-rules.md §11.1); any other value is
 *    ignored.
 *  - Header names in the result are lower-cased (HTTP names are case-insensitive; merging is by name).
 */
import { decodeBase64Strict, describeBase64Problem, type DecodeTarget } from "./base64";
import { firstAcceptValue } from "./accept";
import { matchesBinaryMediaTypes } from "./match";
import { utf8Encode } from "./utf8";

/** What the gateway sends to the client for one proxy invocation. */
export type ProxyResponse =
  | {
      kind: "response";
      statusCode: number;
      /** Lower-cased names; multiValueHeaders values first, then headers (docs/aws-binary-rules.md §1.1 [V2]). */
      headers: Record<string, string[]>;
      body: Uint8Array;
      /** "binary": the body was base64-decoded; "text": the body string's UTF-8 bytes, sent as-is. */
      bodyMode: "binary" | "text";
    }
  | {
      kind: "error";
      statusCode: number;
      headers: Record<string, string[]>;
      body: Uint8Array;
      /**
       * malformed-result → 502 (docs/aws-binary-rules.md §1.1); invalid-base64 → 500 (docs/aws-binary-rules.md §1.3,
       * [V1] row 19).
       */
      reason: "malformed-result" | "invalid-base64";
      /** For logs and the dashboard: what exactly was wrong (never sent to the client). */
      detail: string;
    };

/** An AWS gateway error response: status, headers and body. */
export interface GatewayError {
  statusCode: number;
  headers: Record<string, string[]>;
  body: Uint8Array;
}

const ALLOWED_KEYS = new Set(["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]);
// RFC 9110 §5.1 field-name = token.
const HEADER_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What Node's http refuses in a header value (and what HTTP/1.1 cannot carry).
const BAD_HEADER_VALUE_RE = /[^\t\x20-\x7e\x80-\xff]/;
const INT_STRING_RE = /^\s*[+-]?\d+\s*$/;

const DEFAULT_ERROR_TYPES: Record<number, string> = {
  500: "InternalServerErrorException",
  502: "InternalServerErrorException",
  413: "BadRequestException",
};

/**
 * AWS's gateway error: `{"message": "…"}`, Content-Type application/json, x-amzn-ErrorType
 * (docs/aws-binary-rules.md §1.1, §8, [V1][V2][C18]).
 */
export function awsGatewayError(statusCode: number, message: string, errorType?: string): GatewayError {
  const type = errorType ?? DEFAULT_ERROR_TYPES[statusCode];
  const headers: Record<string, string[]> = { "content-type": ["application/json"] };
  if (type) headers["x-amzn-errortype"] = [type];
  // AWS writes these bodies with a space after the colon: {"message": "Internal server error"}
  // (docs/aws-binary-rules.md §1.1).
  return { statusCode, headers, body: utf8Encode(`{"message": ${JSON.stringify(message)}}`) };
}

/**
 * Converts a parsed Lambda proxy result into the client response, by the first Accept value and the deployed list
 * (docs/aws-binary-rules.md §1, §11.1).
 */
export function lambdaResultToResponse(
  result: unknown,
  accept: string | null | undefined,
  binaryMediaTypes: readonly string[],
  options: { decodeInto?: DecodeTarget } = {},
): ProxyResponse {
  return convert(result, undefined, accept, binaryMediaTypes, options.decodeInto);
}

/**
 * Same rules as lambdaResultToResponse for a result whose string `body` was split off as UTF-8 bytes
 * (`envelope` = the result without `body`); byte-identical output for the same result
 * (docs/aws-binary-rules.md §1, §11.1). Pass `body` undefined when the result had no string body — and then leave a
 * non-string body IN the envelope, so that it still gets its 502.
 */
export function envelopeToResponse(
  envelope: unknown,
  body: Uint8Array | undefined,
  accept: string | null | undefined,
  binaryMediaTypes: readonly string[],
): ProxyResponse {
  return convert(envelope, body, accept, binaryMediaTypes);
}

function convert(
  result: unknown,
  splitBody: Uint8Array | undefined,
  accept: string | null | undefined,
  binaryMediaTypes: readonly string[],
  decodeInto?: DecodeTarget,
): ProxyResponse {
  if (result === null || typeof result !== "object" || Array.isArray(result)) {
    // "justAString" → 502 [V2]
    return malformed(`The Lambda result must be a JSON object, got ${describe(result)}`);
  }
  const r = result as Record<string, unknown>;
  const keys = Object.keys(r);
  // {} → 502, though a result with only headers gets the default 200 [V2]. A split-off body counts as a key.
  if (keys.length === 0 && splitBody === undefined) {
    return malformed("The Lambda result is an empty object: it needs at least a statusCode");
  }
  for (const key of keys) {
    // {"statusCode":200,"wrongValue":"value"} → 502 [V2] (R28); when split, a leftover "body" is the runtime's business.
    if (!ALLOWED_KEYS.has(key)) {
      return malformed(
        `Unknown key "${key}" in the Lambda result: only statusCode, headers, multiValueHeaders, body and isBase64Encoded are allowed`,
      );
    }
  }

  // Status: int or int-like string, default 200 ([V2]; R29).
  let statusCode = 200;
  const sc = r.statusCode;
  if (sc !== undefined && sc !== null) {
    if (typeof sc === "number" && Number.isInteger(sc)) statusCode = sc;
    else if (typeof sc === "string" && INT_STRING_RE.test(sc)) statusCode = Number.parseInt(sc, 10);
    else return malformed(`statusCode must be an integer, got ${describe(sc)}`);
    if (statusCode < 200 || statusCode > 599)
      return malformed(`statusCode ${statusCode} is not a final HTTP status (200–599)`);
  }

  // Headers: multi-value first, then single ("value-multi, value-solo" [V2]).
  const headers: Record<string, string[]> = Object.create(null);
  const mvh = r.multiValueHeaders;
  if (mvh !== undefined && mvh !== null) {
    if (typeof mvh !== "object" || Array.isArray(mvh))
      return malformed(`multiValueHeaders must be an object, got ${describe(mvh)}`);
    for (const [name, values] of Object.entries(mvh as Record<string, unknown>)) {
      if (!Array.isArray(values))
        return malformed(`multiValueHeaders["${name}"] must be a list, got ${describe(values)}`);
      for (const v of values) {
        if (typeof v !== "string" && typeof v !== "boolean" && typeof v !== "number") {
          return malformed(`multiValueHeaders["${name}"] holds ${describe(v)}; items must be strings`);
        }
        const err = addHeader(headers, name, String(v));
        if (err) return malformed(err);
      }
    }
  }
  const h = r.headers;
  if (h !== undefined && h !== null) {
    // {"headers": null} → 200 [V2]
    if (typeof h !== "object" || Array.isArray(h)) return malformed(`headers must be an object, got ${describe(h)}`);
    for (const [name, v] of Object.entries(h as Record<string, unknown>)) {
      // Booleans are serialised "true"/"false" [V2]; other non-strings are malformed (docs/aws-binary-rules.md §11.1).
      if (typeof v !== "string" && typeof v !== "boolean") {
        return malformed(`headers["${name}"] must be a string or boolean, got ${describe(v)}`);
      }
      const err = addHeader(headers, name, String(v));
      if (err) return malformed(err);
    }
  }
  // No Content-Type from the Lambda → application/json ([A17][V2]; R15, R27).
  if (headers["content-type"] === undefined) headers["content-type"] = ["application/json"];

  // Body: bytes (split) or the string; null/absent → empty (R29).
  let bodyText: string | undefined;
  const bodyBytes: Uint8Array | undefined = splitBody;
  if (bodyBytes === undefined) {
    const b = r.body;
    if (typeof b === "string") bodyText = b;
    else if (b !== undefined && b !== null) return malformed(`body must be a string, got ${describe(b)}`);
  }

  // The decision (docs/aws-binary-rules.md §0.1, §1.2): isBase64Encoded is true AND the FIRST Accept value matches the
  // deployed list. The response's own Content-Type plays no part ([V1]; R13–R16).
  if (r.isBase64Encoded === true && matchesBinaryMediaTypes(firstAcceptValue(accept), binaryMediaTypes)) {
    const source = bodyBytes ?? bodyText ?? "";
    const decoded = decodeBase64Strict(source, typeof source === "string" ? decodeInto : undefined);
    if (decoded === null) {
      const e = awsGatewayError(500, "Internal server error");
      return {
        kind: "error",
        ...e,
        reason: "invalid-base64",
        detail: `isBase64Encoded is true and Accept matched, but the body is ${describeBase64Problem(source)}`,
      };
    }
    return { kind: "response", statusCode, headers: { ...headers }, body: decoded, bodyMode: "binary" };
  }
  const body = bodyBytes ?? (bodyText === undefined ? new Uint8Array(0) : utf8Encode(bodyText));
  return { kind: "response", statusCode, headers: { ...headers }, body, bodyMode: "text" };
}

function addHeader(headers: Record<string, string[]>, name: string, value: string): string | null {
  if (!HEADER_NAME_RE.test(name)) return `Header name ${JSON.stringify(name)} is not a valid HTTP header name`;
  if (BAD_HEADER_VALUE_RE.test(value)) {
    return `Header ${JSON.stringify(name)} has a value with a control or non-Latin-1 character, which HTTP cannot carry`;
  }
  const key = name.toLowerCase();
  const list = headers[key];
  if (list === undefined) headers[key] = [value];
  else list.push(value);
  return null;
}

function malformed(detail: string): ProxyResponse {
  // Any other shape → 502 {"message": "Internal server error"} ([A4][V2]).
  return { kind: "error", ...awsGatewayError(502, "Internal server error"), reason: "malformed-result", detail };
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}
