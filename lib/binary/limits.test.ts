import { describe, expect, it } from "vitest";
import {
  DEFAULT_INTEGRATION_TIMEOUT_MS,
  LAMBDA_REQUEST_LIMIT_BYTES,
  LAMBDA_RESPONSE_LIMIT_BYTES,
  REQUEST_BODY_LIMIT_BYTES,
} from "./limits";

describe("limits (docs/aws-binary-rules.md §8; R30, R31, Q9, Q10)", () => {
  it("match AWS's published and observed values", () => {
    expect(REQUEST_BODY_LIMIT_BYTES).toBe(10 * 1024 * 1024); // "HTTP content length exceeded 10485760 bytes." [C18]
    expect(LAMBDA_REQUEST_LIMIT_BYTES).toBe(6 * 1024 * 1024);
    expect(LAMBDA_RESPONSE_LIMIT_BYTES).toBe(6_291_556); // R30: 100 bytes over 6 MiB [C19]
    expect(DEFAULT_INTEGRATION_TIMEOUT_MS).toBe(29_000); // R31
  });
  it("leave ≈4.7 MB of raw binary for a proxy response after base64 (docs/aws-binary-rules.md §8 arithmetic)", () => {
    const maxRaw = Math.floor((LAMBDA_RESPONSE_LIMIT_BYTES * 3) / 4);
    expect(maxRaw).toBeGreaterThan(4_700_000);
    expect(maxRaw).toBeLessThan(4_720_000);
  });
});
