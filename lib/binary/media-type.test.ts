import { describe, expect, it } from "vitest";
import { parseMediaType } from "./media-type";

describe("parseMediaType — valid entries (docs/aws-binary-rules.md §3)", () => {
  it.each([
    ["image/png", "image/png", "none", null],
    ["  image/png  ", "image/png", "none", null],
    ["image/png\n", "image/png", "none", null], // a pasted trailing newline is trimmed, not an error
    ["Image/PNG", "image/png", "none", null],
    ["image/*", "image/*", "subtype", null],
    ["*/*", "*/*", "all", null],
    ["application/vnd.api+json", "application/vnd.api+json", "none", "json"],
    ["image/svg+xml", "image/svg+xml", "none", "xml"],
    ["application/octet-stream", "application/octet-stream", "none", null],
    ["text/plain;charset=utf-8", "text/plain;charset=utf-8", "none", null],
    ["text/plain; Charset=UTF-8", "text/plain;charset=UTF-8", "none", null],
    ['text/plain;charset="utf 8"', 'text/plain;charset="utf 8"', "none", null],
    ["application/x-protobuf", "application/x-protobuf", "none", null],
  ] as const)("%j → %j", (input, value, wildcard, suffix) => {
    const r = parseMediaType(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toBe(value);
    expect(r.parsed.wildcard).toBe(wildcard);
    expect(r.parsed.suffix).toBe(suffix);
  });

  it("splits parts and warns about ignored parameters and */* side effects", () => {
    const r = parseMediaType("text/plain; charset=utf-8");
    expect(r.ok && r.parsed).toMatchObject({
      type: "text",
      subtype: "plain",
      essence: "text/plain",
      parameters: [["charset", "utf-8"]],
    });
    expect(r.ok && r.parsed.warnings[0]).toContain("behaves like text/plain");
    const all = parseMediaType("*/*");
    expect(all.ok && all.parsed.warnings.join(" ")).toContain("base64");
    const png = parseMediaType("image/png");
    expect(png.ok && png.parsed.warnings).toEqual([]);
  });
});

describe("parseMediaType — rejected entries, each with a message and an example", () => {
  it.each([
    ["", "Enter a media type"],
    ["   ", "Enter a media type"],
    ["imagepng", 'Missing "/"'],
    ["-", 'Missing "/"'], // AWS would store it [V3]; it can never match
    ["image/png/x", 'More than one "/"'],
    ["/png", "Missing the type"],
    ["image/", "Missing the subtype"],
    ["image/ png", "Contains a space"],
    ["image /png", "Contains a space"],
    ["image\t/png", "control character"],
    ["image/p\u0000ng", "control character"],
    ["image/png,image/jpeg", "One media type per entry"],
    ["*/png", "never matches"],
    ["*/test", "never matches"],
    ["ima*/png", '"*" must be the whole type'],
    ["image/pn*", '"*" must be the whole subtype'],
    ["image/pñg", "is not allowed"],
    ["image/(png)", "is not allowed"],
    ["text/plain;", "Empty parameter"],
    ["text/plain;charset", "needs a value"],
    ["text/plain;charset=", "invalid value"],
    ['text/plain;charset="utf-8', "unterminated"],
    ["text/plain;=utf-8", "Parameter name"],
    ["a".repeat(128) + "/png", "longer than 127"],
    ["image/" + "a".repeat(300), "Too long"],
  ])("%j → %j", (input, fragment) => {
    const r = parseMediaType(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain(fragment);
    expect(r.error).toMatch(/e\.g\.|looks like|limit is/);
  });

  it("accepts exactly 255 characters and rejects 256", () => {
    const at = "application/" + "x".repeat(243);
    expect(at.length).toBe(255);
    expect(parseMediaType(at).ok).toBe(false); // subtype 243 > 127
    const ok255 = "application/x" + ";p=" + "v".repeat(255 - 16);
    expect(ok255.length).toBe(255);
    expect(parseMediaType(ok255).ok).toBe(true);
    expect(parseMediaType(ok255 + "v").ok).toBe(false);
  });
});
