/**
 * UTF-8 conversions with AWS's semantics: invalid sequences become U+FFFD (docs/aws-binary-rules.md §2, [V5][E9]) and a
 * BOM is kept as U+FEFF, not swallowed (TextDecoder strips it unless told not to; API Gateway has no reason to).
 */
import { NodeBuffer } from "./base64";

const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const encoder = new TextEncoder();

/** UTF-8 bytes → string, invalid sequences replaced by U+FFFD (docs/aws-binary-rules.md §2). */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** String → UTF-8 bytes; lone surrogates become U+FFFD (docs/aws-binary-rules.md §11.1 "UTF-8 bytes of body"). */
export function utf8Encode(text: string): Uint8Array {
  // Buffer.from is a native single pass and skips TextEncoder's extra copy on large bodies.
  if (NodeBuffer !== null) return NodeBuffer.from(text, "utf8");
  return encoder.encode(text);
}
