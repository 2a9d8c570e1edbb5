import { describe, expect, it } from "vitest";
import { binaryMediaTypePatchPath, escapePatchPathSegment, unescapePatchPathSegment } from "./patch-path";

describe("patch path escaping (docs/aws-binary-rules.md §6.1, P1–P3, RFC 6901)", () => {
  it.each([
    ["image/png", "image~1png"], // P1
    ["image/jpeg", "image~1jpeg"],
    ["*/*", "*~1*"],
    ["image/gif", "image~1gif"], // P3
    ["-", "-"], // P4: stored literally
    ["a~b", "a~0b"],
    ["a~1b", "a~01b"], // "~" escaped first, so "~1" in a name survives
    ["x/~y", "x~1~0y"],
    ["a//b", "a~1~1b"],
    ["", ""],
  ])("%j ⇄ %j", (raw, escaped) => {
    expect(escapePatchPathSegment(raw)).toBe(escaped);
    expect(unescapePatchPathSegment(escaped)).toBe(raw);
  });

  it("unescapes ~1 before ~0, so ~01 is a literal ~1", () => {
    expect(unescapePatchPathSegment("~01")).toBe("~1");
    expect(unescapePatchPathSegment("image~1png")).toBe("image/png");
  });

  it("builds full paths", () => {
    expect(binaryMediaTypePatchPath("image/png")).toBe("/binaryMediaTypes/image~1png");
    expect(binaryMediaTypePatchPath("*/*")).toBe("/binaryMediaTypes/*~1*");
    expect(binaryMediaTypePatchPath("application/vnd.a~b+json")).toBe("/binaryMediaTypes/application~1vnd.a~0b+json");
  });
});
