import { describe, expect, it } from "vitest";
import { findBinaryMatch, matchesBinaryMediaTypes } from "./match";

// [mediaType, configured, expected matched entry or null]
const cases: Array<[string | null, string[], string | null]> = [
  ["image/png", ["image/png", "*/test"], "image/png"], // [V1] row 2
  ["image/jpg", ["image/png", "*/test"], null], // row 3
  ["image/*", ["image/png", "*/test"], null], // row 4: client wildcard never matches a specific type
  ["*/test", ["image/png", "*/test"], null], // row 5: */subtype never, not even literally
  ["random/test", ["image/png", "*/test"], null], // row 6
  ["*/*", ["image/png", "*/test"], null], // row 7
  ["application/whatever", ["image/png", "application/*", "image/jpg"], "application/*"], // row 11
  ["application/test", ["image/png", "application/*", "image/jpg"], "application/*"], // row 12
  ["application/*", ["image/png", "application/*", "image/jpg"], "application/*"], // row 13
  ["image/jpg", ["image/png", "application/*", "image/jpg"], "image/jpg"], // row 14
  ["application", ["image/png", "application/*", "image/jpg"], null], // row 17: no slash
  ["application", ["*/*"], null], // no slash never, even with */*
  ["image/png", ["*/*"], "*/*"], // [A1][A6]
  ["text/html", ["*/*"], "*/*"],
  ["*/*", ["*/*"], "*/*"], // R25
  ["image/avif", ["image/*"], "image/*"], // R23
  ["*/png", ["image/*"], null], // type "*" is not "image"
  ["image/png", ["*/*", "image/png"], "*/*"], // first matching entry is reported
  [null, ["*/*"], null], // absent never matches (documented choice, docs/aws-binary-rules.md §3)
  [null, [], null],
  ["image/png", [], null],
  ["image/png", ["IMAGE/PNG"], "IMAGE/PNG"], // case-insensitive
  ["image/png", [" image/png "], " image/png "],
  ["image/png", ["image/png;charset=binary"], "image/png;charset=binary"], // params on entries stripped
  ["image/png", ["image/*;q=1"], "image/*;q=1"],
  ["Image/PNG", ["image/png"], "image/png"],
  ["image/png;q=0.8", ["image/png"], "image/png"], // params on the tested type stripped too
  ["image/pngx", ["image/png"], null],
  ["image/png", ["image/pn*"], null], // only a whole-subtype "*" is a wildcard
  ["image/png", ["image"], null],
  ["image/png", ["-"], null], // [V3]: AWS stores "-"; it can never match
  ["image/png", ["*"], null],
];

describe("matchesBinaryMediaTypes / findBinaryMatch (docs/aws-binary-rules.md §3, §11.1 match)", () => {
  it.each(cases)("%j vs %j → %j", (x, list, want) => {
    expect(findBinaryMatch(x, list)).toBe(want);
    expect(matchesBinaryMediaTypes(x, list)).toBe(want !== null);
  });

  it("scans a 100,000-entry list and finds the last entry", () => {
    const list = Array.from({ length: 100_000 }, (_, i) => `application/x-type-${i}`);
    expect(findBinaryMatch("application/x-type-99999", list)).toBe("application/x-type-99999");
    expect(findBinaryMatch("application/x-type-100000", list)).toBeNull();
    list.push("application/*");
    expect(findBinaryMatch("application/zzz", list)).toBe("application/*");
  });

  it("ignores non-string entries instead of throwing", () => {
    expect(findBinaryMatch("image/png", [null as unknown as string, "image/png"])).toBe("image/png");
  });
});
