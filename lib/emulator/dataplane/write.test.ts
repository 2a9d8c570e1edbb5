// The streamed write step over real HTTP: chunks go out as they arrive, and a client that stops reading holds
// the producer back (backpressure) instead of the emulator buffering the stream.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { forwardChunks, writeHeadOnce } from "./write";

const IDS = { requestId: "r", apigwId: "a", traceId: "t" };
const CHUNK = 64 * 1024;

interface Served {
  url: string;
  result: Promise<boolean>;
  close(): Promise<void>;
}

const servers: Served[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** A server that streams `source()` to its one request with writeHeadOnce + forwardChunks. */
async function serve(source: () => AsyncIterable<Uint8Array>): Promise<Served> {
  let settle: (ok: boolean) => void = () => {};
  const result = new Promise<boolean>((resolve) => (settle = resolve));
  const server = http.createServer((_req, res) => {
    writeHeadOnce(res, IDS, 200, { "Content-Type": "application/octet-stream" });
    void forwardChunks(res, source()).then(settle);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const served = {
    url,
    result,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  servers.push(served);
  return served;
}

/** Polls until `value()` stops changing for `quietMs` (or `maxMs` passes); returns the last value. */
async function settled(value: () => number, quietMs = 300, maxMs = 5_000): Promise<number> {
  const start = Date.now();
  let last = value();
  let since = Date.now();
  while (Date.now() - start < maxMs) {
    await new Promise((r) => setTimeout(r, 50));
    const now = value();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) break;
  }
  return last;
}

describe("forwardChunks", () => {
  it("pulls only what the socket takes while the client does not read, then delivers all 100 MB in order", async () => {
    const total = 100 * 1024 * 1024;
    let pulled = 0;
    const s = await serve(async function* () {
      for (let i = 0; pulled < total; i++) {
        pulled += CHUNK;
        yield Buffer.alloc(CHUNK, i % 251);
      }
    });
    const res = await new Promise<http.IncomingMessage>((resolve) => http.get(s.url, resolve));
    res.pause();
    const heldBack = await settled(() => pulled);
    // Loopback socket buffers take a few MB; without backpressure the whole 100 MB would be pulled at once.
    expect(heldBack).toBeLessThan(32 * 1024 * 1024);
    expect(res.headers["transfer-encoding"]).toBe("chunked");
    let received = 0;
    let wrong = 0;
    res.on("data", (c: Buffer) => {
      for (let k = 0; k < c.length; k += 4096) if (c[k] !== Math.floor((received + k) / CHUNK) % 251) wrong++;
      received += c.length;
    });
    res.resume();
    await new Promise((resolve) => res.on("end", resolve));
    expect(received).toBe(total);
    expect(wrong).toBe(0);
    expect(await s.result).toBe(true);
  }, 60_000);

  it("sends the first chunk before the source has produced the second", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const s = await serve(async function* () {
      yield Buffer.from("first ");
      await gate;
      yield Buffer.from("second");
    });
    const res = await new Promise<http.IncomingMessage>((resolve) => http.get(s.url, resolve));
    const first = await new Promise<Buffer>((resolve) => res.once("data", resolve));
    expect(first.toString()).toBe("first ");
    const rest: Buffer[] = [];
    res.on("data", (c: Buffer) => rest.push(c));
    release();
    await new Promise((resolve) => res.on("end", resolve));
    expect(Buffer.concat(rest).toString()).toBe("second");
  });

  it("stops pulling and closes the source when the client goes away", async () => {
    let closed = false;
    const s = await serve(async function* () {
      try {
        for (;;) yield Buffer.alloc(CHUNK, 1);
      } finally {
        closed = true;
      }
    });
    const req = http.get(s.url, (res) => res.once("data", () => req.destroy()));
    req.on("error", () => {});
    expect(await s.result).toBe(false);
    expect(closed).toBe(true);
  });
});
