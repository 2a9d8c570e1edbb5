import { describe, expect, it } from "vitest";
import { contentTypeKey, firstAcceptValue } from "./accept";

describe("firstAcceptValue (docs/aws-binary-rules.md §3, §11.1)", () => {
  it.each([
    ["image/png", "image/png"],
    ["image/png;q=0.8", "image/png"], // [C1]
    ["image/webp,image/png,*/*;q=0.8", "image/webp"], // [V1] row 8
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"],
    ["  Image/PNG ; q=0.5 , text/html", "image/png"], // trimmed, lower-cased (documented choice)
    ["application", "application"], // malformed stays as-is; match() rejects it
    ["*/*", "*/*"],
    ["", null],
    ["   ", null],
    [";q=1", null],
    [",image/png", null], // literally the first value, which is empty
    [null, null],
    [undefined, null],
  ] as const)("%j → %j", (input, want) => {
    expect(firstAcceptValue(input)).toBe(want);
  });
});

describe("contentTypeKey (docs/aws-binary-rules.md §11.1)", () => {
  it.each([
    ["application/octet-stream; charset=binary", "application/octet-stream"], // Q7
    ["Application/JSON", "application/json"],
    ["text/plain;charset=UTF-8", "text/plain"],
    ["image/png, image/jpeg", "image/png, image/jpeg"], // a comma is not a separator in Content-Type
    ["", null],
    [" ; a=b", null],
    [null, null],
    [undefined, null],
  ] as const)("%j → %j", (input, want) => {
    expect(contentTypeKey(input)).toBe(want);
  });
});
