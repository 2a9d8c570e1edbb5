import { describe, expect, it } from "vitest";
import {
  INTERRUPTED_MESSAGE,
  PREVIEW_MAX_BYTES,
  TIMEOUT_MESSAGE,
  TOO_LARGE_MESSAGE,
  decodePreviewMeta,
  encodePreviewMeta,
  streamFailureMessage,
  type PreviewMeta,
} from "./protocol";

const meta: PreviewMeta = {
  status: 200,
  headers: [
    ["content-type", "image/png"],
    ["x-name", "café ✓"],
    ["set-cookie", "a=1"],
    ["set-cookie", "b=2"],
  ],
  upstreamMs: 12,
  invokeUrl: "http://abc.execute-api.localhost:4599/prod/image",
  routePath: "/files/{name}",
  deployedBinaryMediaTypes: ["image/png"],
  currentBinaryMediaTypes: ["image/png", "text/html"],
};

describe("preview metadata on the wire", () => {
  it("round-trips through ASCII-only header values", () => {
    const headers = encodePreviewMeta(meta);
    for (const v of Object.values(headers)) expect(v).toMatch(/^[\x20-\x7e]*$/);
    expect(decodePreviewMeta((n) => headers[n] ?? null)).toEqual(meta);
  });

  it("is absent on a JSON error answer", () => {
    expect(decodePreviewMeta(() => null)).toBeNull();
  });

  it("cuts header values when they would pass 16 KB, keeping every header", () => {
    const big = {
      ...meta,
      headers: [["x-big", "a".repeat(20_000)] as [string, string], ["content-type", "image/png"] as [string, string]],
    };
    const decoded = decodePreviewMeta((n) => encodePreviewMeta(big)[n] ?? null)!;
    expect(decoded.headers).toEqual([
      ["x-big", "a".repeat(256)],
      ["content-type", "image/png"],
    ]);
  });

  it("ignores malformed values instead of throwing", () => {
    const decoded = decodePreviewMeta((n) => (n === "x-binarygate-upstream-status" ? "502" : "{not json"))!;
    expect(decoded).toMatchObject({ status: 502, headers: [], deployedBinaryMediaTypes: [], invokeUrl: "" });
  });
});

describe("streamFailureMessage", () => {
  it.each([
    [PREVIEW_MAX_BYTES - 100, 10, TOO_LARGE_MESSAGE],
    [1000, 29_500, TIMEOUT_MESSAGE],
    [1000, 2_000, INTERRUPTED_MESSAGE],
  ])("%d bytes after %d ms → %s", (bytes, ms, message) => {
    expect(streamFailureMessage(bytes, ms)).toBe(message);
  });
});
