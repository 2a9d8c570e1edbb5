/**
 * lib/binary runs in the browser too (the preview). These tests load it with Buffer hidden, so the portable
 * code paths (base64, UTF-8, whitespace stripping) are exercised and compared with the Node fast paths.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as node from "./index";

const NodeBuf = Buffer;
const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=";
const enc = (s: string) => new TextEncoder().encode(s);
const hex = (u: Uint8Array | null | undefined) => (u == null ? null : NodeBuf.from(u).toString("hex"));

let web: typeof node;

beforeAll(async () => {
  vi.stubGlobal("Buffer", undefined);
  vi.resetModules();
  web = await import("./index");
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describe("without Buffer (browser)", () => {
  it("really runs without Node's Buffer", () => {
    expect(web.NodeBuffer).toBeNull();
    expect(node.NodeBuffer).not.toBeNull();
  });

  it.each([[PNG_B64], ["QQ"], ["QUI="], ["èé+à)("], ["-_-_"], ["QUJD\n"], ["QQ==QUJD"], [""]])(
    "decodeBase64Strict(%j) agrees with Node",
    (s) => {
      expect(hex(web.decodeBase64Strict(s))).toBe(hex(node.decodeBase64Strict(s)));
      expect(hex(web.decodeBase64Strict(enc(s)))).toBe(hex(node.decodeBase64Strict(enc(s))));
    },
  );

  it("encodeBase64 agrees with Buffer for lengths 0–40 and 100 KB", () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      expect(web.encodeBase64(bytes)).toBe(NodeBuf.from(bytes).toString("base64"));
    }
    const big = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 31) & 255);
    expect(web.encodeBase64(big)).toBe(NodeBuf.from(big).toString("base64"));
  });

  it("converts requests and responses identically (docs/aws-binary-rules.md Q2, Q6, R2, R17)", () => {
    const q2 = [Uint8Array.from([0xff, 0xd8, 0xff]), "application/octet-stream", ["application/octet-stream"]] as const;
    expect(web.requestBodyToEvent(...q2)).toEqual({ body: "/9j/", isBase64Encoded: true });
    const q6 = [Uint8Array.from([0x1f, 0x8b, 0x08]), "application/octet-stream", []] as const;
    expect(web.requestBodyToEvent(...q6)).toEqual(node.requestBodyToEvent(...q6));
    const r2 = { statusCode: 200, isBase64Encoded: true, headers: { "content-type": "image/png" }, body: PNG_B64 };
    const a = web.lambdaResultToResponse(r2, "image/png", ["image/png"]);
    expect(a.kind).toBe("response");
    expect(hex(a.body)).toBe(hex(node.lambdaResultToResponse(r2, "image/png", ["image/png"]).body));
    expect(a.body).toHaveLength(68);
    const r17 = web.lambdaResultToResponse({ isBase64Encoded: true, body: "èé+à)(" }, "image/png", ["image/png"]);
    expect(r17.statusCode).toBe(500);
    const text = web.lambdaResultToResponse({ body: "héllo ✓" }, null, []);
    expect(new TextDecoder().decode(text.body)).toBe("héllo ✓");
  });

  it("detects base64 text of a PNG with line breaks", () => {
    const r = web.detectBase64Binary(enc(PNG_B64.replace(/(.{16})/g, "$1\n")));
    expect(r?.format.id).toBe("png");
    expect(r?.decoded).toHaveLength(68);
  });
});
