/**
 * Request side of a Lambda proxy integration: how the request body appears in the event
 * (docs/aws-binary-rules.md §2, §11.1).
 */
import { encodeBase64 } from "./base64";
import { contentTypeKey } from "./accept";
import { findCatchAll, matchesBinaryMediaTypes } from "./match";
import { utf8Decode } from "./utf8";

/** The `body` / `isBase64Encoded` pair of a REST Lambda proxy event. */
export interface EventBody {
  body: string | null;
  isBase64Encoded: boolean;
}

/**
 * Whether a request's payload counts as binary for API Gateway's request conversion (docs/aws-binary-rules.md §2, §10,
 * R32): its Content-Type matches; or it has none and `*∕*` is configured. AWS documents neither way for a missing
 * Content-Type; `*∕*` "includes all content types" [A1], and CORS preflights (no Content-Type) to MOCK
 * integrations fail under `*∕*` exactly as binary payloads do (R32, [C12]–[C14]) — so we read it as binary.
 */
export function requestContentIsBinary(
  contentType: string | null | undefined,
  binaryMediaTypes: readonly string[],
): boolean {
  const key = contentTypeKey(contentType);
  return key !== null ? matchesBinaryMediaTypes(key, binaryMediaTypes) : findCatchAll(binaryMediaTypes) !== null;
}

/**
 * Event body for a request: none → null; Content-Type matches → base64; else UTF-8 with U+FFFD replacement
 * (docs/aws-binary-rules.md §2, §11.1).
 */
export function requestBodyToEvent(
  body: Uint8Array | null,
  contentType: string | null | undefined,
  binaryMediaTypes: readonly string[],
): EventBody {
  // No body (GET, or an empty POST) → null / false, as AWS's event snapshot shows ([V6], Q1).
  if (body == null || body.length === 0) return { body: null, isBase64Encoded: false };
  // Parameters are stripped before matching (Q7); no Content-Type counts only under */* (requestContentIsBinary).
  if (requestContentIsBinary(contentType, binaryMediaTypes)) {
    return { body: encodeBase64(body), isBase64Encoded: true };
  }
  // Unlisted binary is silently corrupted by UTF-8 decoding — AWS does it too ([V5], Q6).
  return { body: utf8Decode(body), isBase64Encoded: false };
}
