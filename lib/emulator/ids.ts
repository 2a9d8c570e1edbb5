import { randomBytes, randomUUID } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random id of lower-case alphanumerics, as API Gateway's REST API/resource/deployment ids (10 chars). */
export function newId(length = 10): string {
  // Rejection sampling keeps the distribution uniform (256 is not a multiple of 36).
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 252 && out.length < length) out += ALPHABET[b % 36];
    }
  }
  return out;
}

/** A request id for x-amzn-RequestId (AWS sends a UUID). */
export function newRequestId(): string {
  return randomUUID();
}

/** Epoch seconds, as API Gateway's wire dates (docs/aws-binary-rules.md §6). */
export function epochSeconds(now = Date.now()): number {
  return Math.floor(now / 1000);
}
