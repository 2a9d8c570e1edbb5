// docs/streaming.md §0.6, §1.2: the mode's default, and where binary media types stop mattering.
import { describe, expect, it } from "vitest";
import { binaryMediaTypesApply, TRANSFER_MODES, transferModeOf } from "./transfer-mode";

describe("transferModeOf", () => {
  it.each([
    ["STREAM", "STREAM"],
    ["BUFFERED", "BUFFERED"],
    [undefined, "BUFFERED"],
    [null, "BUFFERED"],
    ["", "BUFFERED"],
  ] as const)("%j → %s", (raw, want) => {
    expect(transferModeOf(raw)).toBe(want);
  });
});

describe("binaryMediaTypesApply", () => {
  it("binary media types decide BUFFERED responses and not STREAM ones", () => {
    expect(binaryMediaTypesApply("BUFFERED")).toBe(true);
    expect(binaryMediaTypesApply("STREAM")).toBe(false);
  });

  it("knows exactly AWS's two modes", () => {
    expect([...TRANSFER_MODES]).toEqual(["BUFFERED", "STREAM"]);
  });
});
