import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  BUSY_MESSAGE,
  HEADERS_TOO_LARGE_MESSAGE,
  PREVIEW_MAX_IN_FLIGHT,
  TIMEOUT_MESSAGE,
  TOO_LARGE_MESSAGE,
  headerJson,
} from "@/lib/preview/protocol";
import { parsePreviewParams } from "@/lib/preview/request";
import { matchDeployedRoute } from "@/lib/preview/route";
import { acquirePreviewSlot, fetchUpstream, previewsInFlight } from "@/lib/preview/upstream";

// A local stand-in for a stage: the preview's fetch logic is exercised against real sockets (oversize,
// slow, redirect), while the public route never accepts a URL (see route.test.ts).
let server: Server;
let base = "";
const seen: { accept?: string }[] = [];

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ accept: req.headers.accept });
    const url = req.url ?? "/";
    if (url === "/png") {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    } else if (url === "/big-declared") {
      res.writeHead(200, { "content-length": String(11 * 1024 * 1024) });
      res.write(Buffer.alloc(1024));
      // never finishes: the client must refuse on the declared length alone
    } else if (url === "/big-chunked") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = Buffer.alloc(64 * 1024, 7);
      let sent = 0;
      const pump = () => {
        while (sent < 12 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
      res.on("error", () => {});
    } else if (url === "/slow") {
      setTimeout(() => {
        if (!res.destroyed) res.end("late");
      }, 5_000).unref();
    } else if (url === "/slow-body") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("first");
      setTimeout(() => {
        if (!res.destroyed) res.end("late");
      }, 5_000).unref();
    } else if (url === "/huge-headers") {
      res.writeHead(200, { "content-type": "text/plain", "x-padding": "a".repeat(20 * 1024) });
      res.end("ok");
    } else if (url === "/accept") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(req.headers.accept === undefined ? "(none)" : req.headers.accept);
    } else if (url === "/redirect") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe("fetchUpstream", () => {
  it("sends the given Accept and streams the bytes with status and headers", async () => {
    const r = await fetchUpstream(`${base}/png`, { method: "GET", accept: "image/avif,image/webp,*/*;q=0.8" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.status).toBe(200);
    expect(Object.fromEntries(r.data.headers)["content-type"]).toBe("image/png");
    expect(Array.from(await readAll(r.data.body))).toEqual([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(seen.at(-1)?.accept).toBe("image/avif,image/webp,*/*;q=0.8");
  });

  it("refuses a declared body over 10 MB with the specific message", async () => {
    let done = 0;
    const r = await fetchUpstream(`${base}/big-declared`, { method: "GET", accept: "*/*", onDone: () => done++ });
    expect(r).toEqual({ ok: false, error: { code: "too-large", message: TOO_LARGE_MESSAGE } });
    expect(TOO_LARGE_MESSAGE).toBe("response larger than 10 MB");
    expect(done).toBe(1);
  });

  it("aborts a chunked body at 10 MB with the specific message", async () => {
    let done = 0;
    const r = await fetchUpstream(`${base}/big-chunked`, { method: "GET", accept: "*/*", onDone: () => done++ });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    await expect(readAll(r.data.body)).rejects.toThrow(TOO_LARGE_MESSAGE);
    expect(done).toBe(1);
  });

  it("gives up on a slow stage with the specific message", async () => {
    const t0 = Date.now();
    const r = await fetchUpstream(`${base}/slow`, { method: "GET", accept: "*/*", timeoutMs: 300 });
    expect(r).toEqual({ ok: false, error: { code: "timeout", message: TIMEOUT_MESSAGE } });
    expect(TIMEOUT_MESSAGE).toBe("no response within 30 s");
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it("gives up on a body that stalls past the deadline", async () => {
    const r = await fetchUpstream(`${base}/slow-body`, { method: "GET", accept: "*/*", timeoutMs: 300 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    await expect(readAll(r.data.body)).rejects.toThrow(TIMEOUT_MESSAGE);
  });

  it("reports a redirect and does not follow it", async () => {
    const before = seen.length;
    const r = await fetchUpstream(`${base}/redirect`, { method: "GET", accept: "*/*" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.status).toBe(302);
    expect(Object.fromEntries(r.data.headers).location).toBe("http://169.254.169.254/latest/meta-data/");
    await readAll(r.data.body);
    expect(seen.length).toBe(before + 1);
  });

  it("names a stage that answers with more than 16 KB of headers instead of calling it unreachable", async () => {
    let done = 0;
    const r = await fetchUpstream(`${base}/huge-headers`, { method: "GET", accept: "*/*", onDone: () => done++ });
    expect(r).toEqual({ ok: false, error: { code: "headers-too-large", message: HEADERS_TOO_LARGE_MESSAGE } });
    expect(HEADERS_TOO_LARGE_MESSAGE).toBe(
      "the stage answered with more than 16 KB of headers, more than the dashboard reads (Node's limit)",
    );
    expect(done).toBe(1);
  });

  it("sends no Accept header at all for the empty Accept (fetch() would add */*)", async () => {
    const r = await fetchUpstream(`${base}/accept`, { method: "GET", accept: "" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(new TextDecoder().decode(await readAll(r.data.body))).toBe("(none)");
  });

  it("reports an unreachable stage as a value", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await fetchUpstream(`http://127.0.0.1:${port}/x`, { method: "GET", accept: "*/*" });
    expect(r).toEqual({ ok: false, error: { code: "unreachable", message: "the stage could not be reached" } });
  });
});

describe("preview slots", () => {
  it(`allows ${PREVIEW_MAX_IN_FLIGHT} in flight and refuses the next`, () => {
    const releases = Array.from({ length: PREVIEW_MAX_IN_FLIGHT }, () => acquirePreviewSlot());
    expect(releases.every((r) => r !== null)).toBe(true);
    expect(acquirePreviewSlot()).toBeNull();
    expect(BUSY_MESSAGE).toMatch(/too many previews in flight/);
    releases[0]!();
    releases[0]!(); // idempotent
    expect(previewsInFlight()).toBe(PREVIEW_MAX_IN_FLIGHT - 1);
    const again = acquirePreviewSlot();
    expect(again).not.toBeNull();
    again!();
    for (const r of releases.slice(1)) r!();
    expect(previewsInFlight()).toBe(0);
  });
});

describe("parsePreviewParams", () => {
  const good = {
    region: "us-east-1",
    apiId: "abc123defg",
    stage: "prod",
    path: "/image",
    method: "GET",
    accept: "text/html",
  };
  const q = (over: Record<string, string>) => new URLSearchParams({ ...good, ...over });

  it("accepts ids and a filled path", () => {
    const r = parsePreviewParams(q({ path: "/files/a%20b/report.pdf" }));
    expect(r).toEqual({ ok: true, data: { ...good, path: "/files/a%20b/report.pdf" } });
  });

  it.each([
    ["/a/../b", "path must not contain . or .. segments"],
    ["/a/%2e%2E/b", "path must not contain . or .. segments"],
    ["/a//b", "path must not contain // or end with /"],
    ["//evil.example/x", "path must not contain // or end with /"],
    ["/a?x=1", "path must not contain ? or #"],
    ["/a#frag", "path must not contain ? or #"],
    ["/a\nb", "path contains control characters"],
    ["/a\u0000b", "path contains control characters"],
    ["/a%2fb", "path must not contain an encoded slash, backslash or NUL"],
    ["/a%zz", "path has an invalid percent-escape"],
    ["/a b", "path contains characters that must be percent-encoded"],
    ["image", "path must start with /"],
    ["/" + "a".repeat(1100), "path is longer than 1024 characters"],
  ])("refuses path %j", (path, message) => {
    const r = parsePreviewParams(q({ path }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors.path).toBe(message);
  });

  it("refuses a url parameter outright", () => {
    const r = parsePreviewParams(q({ url: "http://127.0.0.1:22/" }));
    expect(r).toEqual({ ok: false, fieldErrors: { url: "the preview takes ids, never a URL" } });
  });

  it.each([
    ["apiId", "../x", "Not a REST API id (10 lower-case letters or digits)"],
    ["stage", "prod/x", "Stage names use letters, digits, '-' and '_' (1–128 characters)"],
    ["region", "local", "Unknown AWS region"],
    ["accept", "text/html\r\nX-Evil: 1", "accept must be printable ASCII"],
    ["method", "TRACE", undefined],
  ])("refuses %s=%j", (field, value, message) => {
    const r = parsePreviewParams(q({ [field]: value }));
    expect(r.ok).toBe(false);
    if (!r.ok && message) expect(r.fieldErrors[field]).toBe(message);
    if (!r.ok) expect(r.fieldErrors[field]).toBeTruthy();
  });
});

describe("matchDeployedRoute", () => {
  const routes = [
    { path: "/", methods: ["GET"] },
    { path: "/image", methods: ["GET"] },
    { path: "/items/{id}", methods: ["GET", "DELETE"] },
    { path: "/items/special", methods: ["POST"] },
    { path: "/files/{proxy+}", methods: ["ANY"] },
  ];
  it.each([
    ["/", "/"],
    ["/image", "/image"],
    ["/items/42", "/items/{id}"],
    ["/items/special", "/items/special"],
    ["/files/a/b/c.pdf", "/files/{proxy+}"],
    ["/files/x", "/files/{proxy+}"],
    ["/files", null],
    ["/image/extra", null],
    ["/items", null],
    ["/nope", null],
  ])("%s → %s", (path, expected) => {
    expect(matchDeployedRoute(path, routes)?.path ?? null).toBe(expected);
  });
});

describe("headerJson", () => {
  it("keeps header values ASCII", () => {
    const s = headerJson([["x-name", "café ✓"]]);
    expect(s).toBe('[["x-name","caf\\u00e9 \\u2713"]]');
    expect(JSON.parse(s)).toEqual([["x-name", "café ✓"]]);
  });
});
