/**
 * An integration's `responseTransferMode` (docs/streaming.md §0.1, §0.6): BUFFERED (the default) or STREAM. Under
 * STREAM the bytes after the prelude reach the client unchanged, so binary media types, the Accept header and
 * `isBase64Encoded` play no part in the response.
 */

export const TRANSFER_MODES = ["BUFFERED", "STREAM"] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

/** The mode as read from AWS: absent (older integrations, older tools) means BUFFERED (docs/streaming.md §1.2). */
export function transferModeOf(raw: string | undefined | null): TransferMode {
  return raw === "STREAM" ? "STREAM" : "BUFFERED";
}

/** Whether the API's binary media types decide how a method's RESPONSE is encoded: not under STREAM. */
export function binaryMediaTypesApply(mode: TransferMode): boolean {
  return mode !== "STREAM";
}
