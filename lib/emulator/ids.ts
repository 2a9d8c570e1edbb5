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

// Random bytes for per-request ids, drawn from the CSPRNG 4 KiB at a time: one call per ~180 stage requests instead
// of two per request (each synchronous call costs a getpid and the DRBG's locking, measurable per request).
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;

/** `n` (≤ 4096) cryptographically random bytes, encoded; never the same bytes twice. */
export function randomEncoded(n: number, encoding: "hex" | "base64"): string {
  if (poolAt + n > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const s = pool.toString(encoding, poolAt, poolAt + n);
  poolAt += n;
  return s;
}

/** Epoch seconds, as API Gateway's wire dates (docs/aws-binary-rules.md §6). */
export function epochSeconds(now = Date.now()): number {
  return Math.floor(now / 1000);
}
