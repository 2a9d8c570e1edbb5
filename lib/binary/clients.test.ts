import { describe, expect, it } from "vitest";
import { CLIENT_ACCEPT_PRESETS } from "./clients";
import { firstAcceptValue } from "./accept";
import { matchesBinaryMediaTypes } from "./match";

const byId = (id: string) => {
  const p = CLIENT_ACCEPT_PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
};

describe("CLIENT_ACCEPT_PRESETS (docs/aws-binary-rules.md §10, [W1][W3][W4])", () => {
  it("has unique ids, a source and a known context for each", () => {
    const ids = CLIENT_ACCEPT_PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of CLIENT_ACCEPT_PRESETS) {
      expect(p.source.length).toBeGreaterThan(5);
      expect(["navigation", "image", "fetch", "cli", "library", "explicit"]).toContain(p.context);
      expect(firstAcceptValue(p.accept)).toMatch(/^[a-z*]+\/[a-z0-9.+*-]+$/);
    }
  });

  // The first value is what decides (docs/aws-binary-rules.md §0.4): browsers never put image/png first.
  it.each([
    ["chrome-tab", "text/html"],
    ["firefox-tab", "text/html"],
    ["safari-tab", "text/html"],
    ["chrome-img", "image/jxl"],
    ["edge-img", "image/avif"],
    ["firefox-img", "image/avif"],
    ["safari-img", "image/webp"],
    ["fetch", "*/*"],
    ["curl", "*/*"],
    ["postman", "*/*"],
    ["python-requests", "*/*"],
    ["axios", "application/json"],
    ["explicit-png", "image/png"],
    ["explicit-jpeg", "image/jpeg"],
    ["explicit-pdf", "application/pdf"],
    ["explicit-mp3", "audio/mpeg"],
    ["explicit-any", "*/*"],
  ])("%s sends %s first", (id, first) => {
    expect(firstAcceptValue(byId(id).accept)).toBe(first);
  });

  it("reproduces docs/aws-binary-rules.md §10: [image/png] is binary for no browser or default client, only for an explicit Accept", () => {
    const binary = CLIENT_ACCEPT_PRESETS.filter((p) =>
      matchesBinaryMediaTypes(firstAcceptValue(p.accept), ["image/png"]),
    ).map((p) => p.id);
    expect(binary).toEqual(["explicit-png"]);
  });

  it("with [*/*] every preset is binary (docs/aws-binary-rules.md §0.4)", () => {
    for (const p of CLIENT_ACCEPT_PRESETS)
      expect(matchesBinaryMediaTypes(firstAcceptValue(p.accept), ["*/*"])).toBe(true);
  });

  it("matches the exact header values of the sources", () => {
    expect(byId("chrome-img").accept).toBe(
      "image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
    );
    expect(byId("edge-img").accept).toBe("image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8");
    expect(byId("firefox-img").accept).toBe("image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5");
    expect(byId("safari-img").accept).toBe("image/webp,image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5");
  });
});
