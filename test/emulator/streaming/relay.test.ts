// The data plane's STREAM step on its own (lib/emulator/dataplane/stream.ts relayStream): a plain node:http server
// hands each request to relayStream with a stream source built here, and a real HTTP client reads the answer.
// Framing cases the emulator-level tests do not reach: Content-Length honoured exactly, a prelude's own
// Transfer-Encoding, headers HTTP cannot carry.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idleTimeoutFor, relayStream } from "@/lib/emulator/dataplane/stream";
import { writeGatewayResponse } from "@/lib/emulator/dataplane/write";
import { GatewayResponse } from "@/lib/emulator/dataplane/gateway-responses";
import type { StreamSource } from "@/lib/emulator/lambda/stream-source";

const enc = (s: string) => Buffer.from(s, "utf8");
const prelude = (meta: unknown) => Buffer.concat([enc(JSON.stringify(meta)), Buffer.alloc(8)]);
const ids = { requestId: "req-1", apigwId: "apigw-1", traceId: "Root=1-0-0" };

let next: { chunks: Uint8Array[]; closed: boolean; result?: boolean } = { chunks: [], closed: false };
let server: http.Server;
let base = "";

function sourceOf(state: typeof next): StreamSource {
  return {
    chunks: (async function* () {
      try {
        for (const c of state.chunks) yield c;
      } finally {
        state.closed = true;
      }
    })(),
    completion: Promise.resolve({ logTail: "" }),
  };
}

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    const state = next;
    const limits = { deadline: Date.now() + 5000, idleTimeoutMs: 1000, preludeLimitBytes: 16 * 1024 };
    relayStream(res, ids, sourceOf(state), limits).then(
      (whole) => (state.result = whole),
      (err: unknown) => {
        if (err instanceof GatewayResponse) writeGatewayResponse(res, ids, err);
        else res.destroy();
      },
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function get() {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; complete: boolean }>(
    (resolve, reject) => {
      http
        .get(base, { agent: false }, (res) => {
          const chunks: Buffer[] = [];
          const done = (complete: boolean) => () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), complete });
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", done(true));
          res.on("aborted", done(false));
          res.on("error", done(false));
        })
        .on("error", reject);
    },
  );
}

describe("relayStream", () => {
  it("adds the gateway's ids and resolves true once the whole stream is sent", async () => {
    next = { chunks: [prelude({ statusCode: 201 }), enc("ok")], closed: false };
    const r = await get();
    expect([r.status, r.body.toString(), r.headers["x-amzn-requestid"], r.headers["x-amz-apigw-id"]]).toEqual([
      201,
      "ok",
      "req-1",
      "apigw-1",
    ]);
    expect(next.result).toBe(true);
  });

  it("a Content-Length longer than the bytes written cuts the connection", async () => {
    next = { chunks: [prelude({ headers: { "Content-Length": "10" } }), enc("short")], closed: false };
    const r = await get();
    expect(r.headers["content-length"]).toBe("10");
    expect(r.complete).toBe(false);
    expect(r.body.length).toBeLessThan(10);
  });

  it("bytes beyond a declared Content-Length are not sent", async () => {
    next = { chunks: [prelude({ headers: { "Content-Length": "3" } }), enc("abcdef")], closed: false };
    const r = await get();
    expect([r.body.toString(), r.complete]).toEqual(["abc", true]);
  });

  it("a prelude's Transfer-Encoding: chunked is HTTP framing, done once by the server", async () => {
    next = { chunks: [prelude({ headers: { "Transfer-Encoding": "chunked" } }), enc("x")], closed: false };
    const r = await get();
    expect(r.headers["transfer-encoding"]).toBe("chunked");
    expect(r.headers["x-amzn-remapped-transfer-encoding"]).toBeUndefined();
    expect(r.body.toString()).toBe("x");
  });

  it("an invalid Content-Length is passed on remapped and the body goes chunked", async () => {
    next = { chunks: [prelude({ headers: { "Content-Length": "abc" } }), enc("x")], closed: false };
    const r = await get();
    expect(r.headers["transfer-encoding"]).toBe("chunked");
    expect(r.headers["x-amzn-remapped-content-length"]).toBe("abc");
  });

  it("a header value HTTP cannot carry answers 502 and closes the function's stream", async () => {
    next = { chunks: [prelude({ headers: { "x-bad": "a\r\nb" } }), enc("x"), enc("y")], closed: false };
    const r = await get();
    expect([r.status, r.body.toString()]).toEqual([502, '{"message": "Internal server error"}']);
    await new Promise((res) => setTimeout(res, 50));
    expect(next.closed).toBe(true);
  });
});

describe("idleTimeoutFor (docs/streaming.md §0.10)", () => {
  it.each([
    [["EDGE"], 30_000],
    [["REGIONAL"], 300_000],
    [["PRIVATE"], 300_000],
  ])("%j → %i ms", (types, ms) => {
    expect(idleTimeoutFor(types)).toBe(ms);
  });
});
