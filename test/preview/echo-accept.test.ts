import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/preview/echo-accept/[kind]/route";

// The "This browser" capture: what a frame navigation and an <img> really sent is recorded under the
// client's nonce and read back; nothing else can read or write it.

const NONCE = "abcdefghijklmnop0123";
const call = (kind: string, query: string, headers: Record<string, string> = {}) =>
  GET(
    new Request(`http://127.0.0.1:3000/api/preview/echo-accept/${kind}?${query}`, {
      headers: { host: "127.0.0.1:3000", ...headers },
    }),
    {
      params: Promise.resolve({ kind }),
    },
  );

describe("echo-accept", () => {
  it("records a navigation's and an image's Accept and reads them back", async () => {
    const page = await call("page", `nonce=${NONCE}`, {
      accept: "text/html,application/xhtml+xml;q=0.9",
      "sec-fetch-site": "same-origin",
    });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    const img = await call("image", `nonce=${NONCE}`, { accept: "image/avif,image/webp,*/*;q=0.8" });
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("cache-control")).toBe("no-store");
    const bytes = new Uint8Array(await img.arrayBuffer());
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const result = await call("result", `nonce=${NONCE}`);
    expect(await result.json()).toEqual({
      page: "text/html,application/xhtml+xml;q=0.9",
      image: "image/avif,image/webp,*/*;q=0.8",
    });
  });

  it("returns nulls for an unknown nonce", async () => {
    const r = await call("result", "nonce=zzzzzzzzzzzzzzzzzzzz");
    expect(await r.json()).toEqual({ page: null, image: null });
  });

  it.each(["", "short", "has space in it 123456", "x".repeat(65)])("refuses nonce %j", async (nonce) => {
    const r = await call("page", `nonce=${encodeURIComponent(nonce)}`);
    expect(r.status).toBe(400);
    expect((await r.json()).message).toBe("nonce must be 16–64 letters, digits, - or _");
  });

  it("refuses an unknown kind", async () => {
    const r = await call("script", `nonce=${NONCE}`);
    expect(r.status).toBe(404);
  });

  it.each([[{ "sec-fetch-site": "cross-site" }], [{ origin: "http://evil.example" }], [{ host: "attacker.example" }]])(
    "refuses a cross-site or foreign-host read %j",
    async (headers) => {
      const r = await call("result", `nonce=${NONCE}`, headers);
      expect(r.status).toBe(403);
    },
  );
});
