// The event-stream encoder against known CRC32 values and, independently, the AWS SDK's own decoder
// (@smithy/core's EventStreamCodec, which checks both CRCs and the lengths: docs/streaming.md §2.6, LW4).
import { EventStreamCodec } from "@smithy/core/event-streams";
import { describe, expect, it } from "vitest";
import { crc32, encodeMessage, invokeComplete, payloadChunk } from "./event-stream";

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const codec = new EventStreamCodec(
  (b) => Buffer.from(b).toString("utf8"),
  (s) => new Uint8Array(Buffer.from(s, "utf8")),
);

describe("crc32", () => {
  it.each([
    ["", 0],
    ["a", 0xe8b7be43],
    ["123456789", 0xcbf43926],
    ["The quick brown fox jumps over the lazy dog", 0x414fa339],
  ])("crc32(%j) = %i", (s, want) => {
    expect(crc32(bytes(s))).toBe(want);
  });

  it("continues over split input as over the whole", () => {
    expect(crc32(bytes("6789"), crc32(bytes("12345")))).toBe(0xcbf43926);
  });
});

describe("encodeMessage", () => {
  it("LW4: lengths and both CRCs are where the framing says", () => {
    const msg = encodeMessage({ a: "b" }, bytes("hi"));
    const view = new DataView(msg.buffer);
    const headersLen = 1 + 1 + 1 + 2 + 1;
    expect(view.getUint32(0)).toBe(msg.length);
    expect(msg.length).toBe(16 + headersLen + 2);
    expect(view.getUint32(4)).toBe(headersLen);
    expect(view.getUint32(8)).toBe(crc32(msg.subarray(0, 8)));
    expect(view.getUint32(msg.length - 4)).toBe(crc32(msg.subarray(0, msg.length - 4)));
  });

  it("a PayloadChunk decodes with the SDK's codec to the same bytes and AWS's headers", () => {
    const payload = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
    const decoded = codec.decode(payloadChunk(payload));
    expect(Buffer.from(decoded.body).equals(Buffer.from(payload))).toBe(true);
    expect(decoded.headers).toEqual({
      ":event-type": { type: "string", value: "PayloadChunk" },
      ":content-type": { type: "string", value: "application/octet-stream" },
      ":message-type": { type: "string", value: "event" },
    });
  });

  it("InvokeComplete carries JSON, {} when nothing went wrong, and leaves unset members out", () => {
    const ok = codec.decode(invokeComplete({}));
    expect(ok.headers[":event-type"].value).toBe("InvokeComplete");
    expect(ok.headers[":content-type"].value).toBe("application/json");
    expect(Buffer.from(ok.body).toString()).toBe("{}");
    const failed = codec.decode(invokeComplete({ ErrorCode: "Error", ErrorDetails: "boom", LogResult: undefined }));
    expect(JSON.parse(Buffer.from(failed.body).toString())).toEqual({ ErrorCode: "Error", ErrorDetails: "boom" });
  });

  it("a corrupted byte fails the SDK's CRC check (the test can fail)", () => {
    const msg = payloadChunk(bytes("hello"));
    msg[msg.length - 6] ^= 1;
    expect(() => codec.decode(msg)).toThrow(/checksum/i);
  });

  it("refuses a header name over 255 bytes rather than writing a bad frame", () => {
    expect(() => encodeMessage({ ["x".repeat(256)]: "v" }, new Uint8Array())).toThrow(RangeError);
  });
});
