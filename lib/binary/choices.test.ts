import { describe, expect, it } from "vitest";
import { AWS_UNKNOWN_CHOICES } from "./choices";
import { findBinaryMatch } from "./match";
import { lambdaResultToResponse } from "./response";
import { decodeBase64Strict } from "./base64";
import { parseMediaType } from "./media-type";

describe("AWS_UNKNOWN_CHOICES describes what the code does", () => {
  it("has unique ids", () => {
    const ids = AWS_UNKNOWN_CHOICES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it("matches the behaviour it documents", () => {
    expect(findBinaryMatch(null, ["*/*"])).toBeNull(); // no-accept-with-star
    expect(findBinaryMatch("IMAGE/PNG", ["image/png"])).toBe("image/png"); // case
    expect(findBinaryMatch("image/png", ["image/png;q=1"])).toBe("image/png;q=1"); // entry-parameters
    expect(decodeBase64Strict("QQ")).not.toBeNull(); // missing padding accepted
    expect(decodeBase64Strict("QQ==\n")).toBeNull(); // whitespace rejected
    expect(lambdaResultToResponse({ body: {} }, null, []).statusCode).toBe(502); // non-string-body
    expect(lambdaResultToResponse({ headers: { a: 1 } }, null, []).statusCode).toBe(502); // number-header
    expect(lambdaResultToResponse({ statusCode: 100 }, null, []).statusCode).toBe(502); // status-range
    expect(parseMediaType("*/png").ok).toBe(false); // star-subtype-entry
  });
});
