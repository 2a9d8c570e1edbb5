/**
 * Request side of a Lambda proxy integration: how the request body appears in the event (spec §2, §11.1).
 */
import { encodeBase64 } from "./base64";
import { contentTypeKey } from "./accept";
import { matchesBinaryMediaTypes } from "./match";
import { utf8Decode } from "./utf8";

/** The `body` / `isBase64Encoded` pair of a REST Lambda proxy event. */
export interface EventBody {
  body: string | null;
  isBase64Encoded: boolean;
}

/** Event body for a request: none → null; Content-Type matches → base64; else UTF-8 with U+FFFD replacement (spec §2, §11.1). */
export function requestBodyToEvent(
  body: Uint8Array | null,
  contentType: string | null | undefined,
  binaryMediaTypes: readonly string[],
): EventBody {
  // No body (GET, or an empty POST) → null / false, as AWS's event snapshot shows ([V6], Q1).
  if (body == null || body.length === 0) return { body: null, isBase64Encoded: false };
  // Parameters are stripped before matching (Q7); no Content-Type never matches, even with */* (match.ts).
  if (matchesBinaryMediaTypes(contentTypeKey(contentType), binaryMediaTypes)) {
    return { body: encodeBase64(body), isBase64Encoded: true };
  }
  // Unlisted binary is silently corrupted by UTF-8 decoding — AWS does it too ([V5], Q6).
  return { body: utf8Decode(body), isBase64Encoded: false };
}
