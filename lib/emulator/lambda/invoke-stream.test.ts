// frames(): each chunk goes out as soon as the source yields it, not once the invocation has ended
// (docs/streaming.md §2.6), and large writes are split into frames of at most MAX_CHUNK_BYTES.
import { EventStreamCodec } from "@smithy/core/event-streams";
import { describe, expect, it } from "vitest";
import { frames, MAX_CHUNK_BYTES } from "./invoke-stream";
import type { StreamCompletion } from "./stream-source";

const codec = new EventStreamCodec(
  (b) => Buffer.from(b).toString("utf8"),
  (s) => new Uint8Array(Buffer.from(s, "utf8")),
);

describe("frames", () => {
  it("yields the first PayloadChunk while the source is still producing", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let finish!: (c: StreamCompletion) => void;
    const completion = new Promise<StreamCompletion>((r) => (finish = r));
    const chunks = (async function* () {
      yield new TextEncoder().encode("first");
      await gate;
      yield new TextEncoder().encode("second");
      finish({ logTail: "" });
    })();
    const it = frames({ chunks, completion }, false);
    const first = await it.next();
    expect(Buffer.from(codec.decode(first.value!).body).toString()).toBe("first");
    release();
    const second = await it.next();
    expect(Buffer.from(codec.decode(second.value!).body).toString()).toBe("second");
    const last = codec.decode((await it.next()).value!);
    expect(last.headers[":event-type"].value).toBe("InvokeComplete");
    expect((await it.next()).done).toBe(true);
  });

  it("splits a large chunk into frames of at most MAX_CHUNK_BYTES that add up to it", async () => {
    const big = new Uint8Array(MAX_CHUNK_BYTES * 2 + 5).map((_, i) => i & 0xff);
    const out: Uint8Array[] = [];
    const source = {
      chunks: (async function* () {
        yield big;
      })(),
      completion: Promise.resolve({ logTail: "log" }),
    };
    for await (const f of frames(source, true)) out.push(f);
    const decoded = out.map((f) => codec.decode(f));
    expect(decoded.map((d) => d.body.length)).toEqual([MAX_CHUNK_BYTES, MAX_CHUNK_BYTES, 5, expect.any(Number)]);
    expect(Buffer.concat(decoded.slice(0, 3).map((d) => d.body)).equals(Buffer.from(big))).toBe(true);
    expect(JSON.parse(Buffer.from(decoded[3].body).toString())).toEqual({
      LogResult: Buffer.from("log").toString("base64"),
    });
  });
});
