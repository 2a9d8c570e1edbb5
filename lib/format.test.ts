import { describe, expect, it } from "vitest";
import { formatUtc } from "./format";

describe("formatUtc", () => {
  it("writes an ISO instant as UTC text to the second, or to the minute", () => {
    expect(formatUtc("2026-12-01T07:28:05.123Z")).toBe("2026-12-01 07:28:05 UTC");
    expect(formatUtc("2026-12-01T07:28:05.123Z", "minute")).toBe("2026-12-01 07:28 UTC");
  });
});
