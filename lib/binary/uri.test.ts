import { describe, expect, it } from "vitest";
import { safeDecodeURIComponent } from "./uri";

describe("safeDecodeURIComponent", () => {
  it.each([
    ["a%20b", "a b"],
    ["%E2%9C%93", "✓"],
    ["plain", "plain"],
    ["100%", "100%"],
    ["%E2%9C", "%E2%9C"],
    ["%zz", "%zz"],
  ])("%s → %s", (input, output) => {
    expect(safeDecodeURIComponent(input)).toBe(output);
  });
});
