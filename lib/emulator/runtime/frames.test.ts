import { describe, expect, it } from "vitest";
import {
  FrameReader,
  T_INVOKE,
  T_PROXY,
  T_RESPONSE,
  decodeProxyFrame,
  decodeResponseFrame,
  invokeFrame,
} from "./frames";

function frame(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32LE(body.length, 0);
  head[4] = type;
  return Buffer.concat([head, body]);
}

function collect(stream: Buffer, cut: (i: number) => number): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const reader = new FrameReader((type, body) => out.push([type, body.toString("hex")]));
  for (let off = 0, i = 0; off < stream.length; i++) {
    const n = Math.max(1, cut(i));
    reader.push(stream.subarray(off, off + n));
    off += n;
  }
  return out;
}

describe("FrameReader", () => {
  const bodies = [
    Buffer.alloc(0),
    Buffer.from("a"),
    Buffer.from("hello frames"),
    Buffer.from(Array.from({ length: 70_000 }, (_, i) => i & 255)),
  ];
  const stream = Buffer.concat(bodies.map((b, i) => frame(10 + i, b)));
  const expected = bodies.map((b, i) => [10 + i, b.toString("hex")]);

  it.each([
    ["one chunk", () => stream.length],
    ["byte by byte", () => 1],
    ["3-byte chunks (heads split)", () => 3],
    ["64 KiB chunks", () => 65536],
    ["irregular chunks", (i: number) => [2, 7, 1, 4096, 5, 33_000, 6][i % 7]],
  ])("reassembles frames from %s", (_name, cut) => {
    expect(collect(stream, cut)).toEqual(expected);
  });

  it("refuses a frame beyond its cap (a broken worker)", () => {
    const reader = new FrameReader(() => {}, 1024);
    const head = Buffer.alloc(5);
    head.writeUInt32LE(1025, 0);
    expect(() => reader.push(head)).toThrow(/exceeds/);
  });

  it("builds INVOKE frames the worker can read and decodes PROXY frames", () => {
    const [head, payload] = invokeFrame({ id: "r-1", deadline: 1, mode: 1, arn: "a" }, Buffer.from('{"a":"é"}'));
    const got: Array<[number, Buffer]> = [];
    new FrameReader((t, b) => got.push([t, Buffer.from(b)])).push(Buffer.concat([head, payload]));
    expect(got[0][0]).toBe(T_INVOKE);
    const hlen = got[0][1].readUInt32LE(0);
    expect(JSON.parse(got[0][1].toString("utf8", 4, 4 + hlen))).toEqual({ id: "r-1", deadline: 1, mode: 1, arn: "a" });
    expect(got[0][1].subarray(4 + hlen).toString()).toBe('{"a":"é"}');

    const env = Buffer.from('{"statusCode":200}');
    const body = Buffer.from("aGk=");
    const fixed = Buffer.alloc(13);
    fixed.writeUInt32LE(env.length, 0);
    fixed.writeDoubleLE(36, 4);
    fixed[12] = 1;
    const d = decodeProxyFrame(Buffer.concat([fixed, env, body]));
    expect(d).toEqual({
      envelopeJson: '{"statusCode":200}',
      resultJsonBytes: 36,
      body: Buffer.from("aGk="),
      bodyFileLength: undefined,
    });
    fixed[12] = 2;
    const len = Buffer.alloc(4);
    len.writeUInt32LE(123456, 0);
    expect(decodeProxyFrame(Buffer.concat([fixed, env, len]))).toEqual({
      envelopeJson: '{"statusCode":200}',
      resultJsonBytes: 36,
      body: undefined,
      bodyFileLength: 123456,
    });
    expect(T_PROXY).toBe(14);
  });
});

describe("decodeResponseFrame", () => {
  function responseFrame(meta: unknown, mode: number, tail: Buffer): Buffer {
    const m = Buffer.from(JSON.stringify(meta));
    const fixed = Buffer.alloc(13);
    fixed.writeUInt32LE(m.length, 0);
    fixed.writeDoubleLE(1234, 4);
    fixed[12] = mode;
    return Buffer.concat([fixed, m, tail]);
  }
  const meta = { kind: "response", statusCode: 200, headers: { "content-type": ["image/png"] }, bodyMode: "binary" };

  it("reads the meta, the exact result size and an inline body, a body-file length, or no body", () => {
    expect(T_RESPONSE).toBe(17);
    const inline = decodeResponseFrame(responseFrame(meta, 1, Buffer.from([0, 255, 7])));
    expect(inline).toEqual({ meta, resultJsonBytes: 1234, body: Buffer.from([0, 255, 7]), bodyFileLength: undefined });
    const len = Buffer.alloc(4);
    len.writeUInt32LE(1048576, 0);
    expect(decodeResponseFrame(responseFrame(meta, 2, len))).toEqual({
      meta,
      resultJsonBytes: 1234,
      body: undefined,
      bodyFileLength: 1048576,
    });
    expect(decodeResponseFrame(responseFrame(meta, 0, Buffer.alloc(0))).body).toEqual(Buffer.alloc(0));
  });

  it.each([
    ["a status that is not an integer", { ...meta, statusCode: "200" }],
    ["an informational status", { ...meta, statusCode: 101 }],
    ["a status past 599", { ...meta, statusCode: 600 }],
    ["headers that are not lists of strings", { ...meta, headers: { a: "b" } }],
    ["an unknown kind", { ...meta, kind: "ok" }],
    ["null", null],
  ])("refuses a frame with %s (the worker is then killed)", (_name, bad) => {
    expect(() => decodeResponseFrame(responseFrame(bad, 1, Buffer.alloc(0)))).toThrow();
  });

  it("refuses a meta length past the frame", () => {
    const f = responseFrame(meta, 1, Buffer.alloc(0));
    f.writeUInt32LE(10_000, 0);
    expect(() => decodeResponseFrame(f)).toThrow();
  });
});
