import { describe, expect, it } from "vitest";
import { BodyPool } from "./body-pool";

describe("BodyPool", () => {
  it("hands out exact-length views and reuses a released buffer of the same size class", () => {
    const pool = new BodyPool();
    const a = pool.take(100_000);
    expect(a.buf.length).toBe(100_000);
    a.release();
    const b = pool.take(90_000); // same 128 KiB class
    expect(b.buf.length).toBe(90_000);
    expect(b.buf.buffer).toBe(a.buf.buffer);
    const c = pool.take(300_000); // another class: a fresh buffer
    expect(c.buf.buffer).not.toBe(a.buf.buffer);
  });

  it("never hands the same buffer to two users: not before release, not twice after a double release", () => {
    const pool = new BodyPool();
    const a = pool.take(70_000);
    const b = pool.take(70_000);
    expect(b.buf.buffer).not.toBe(a.buf.buffer);
    a.release();
    a.release();
    const c = pool.take(70_000);
    const d = pool.take(70_000);
    expect(c.buf.buffer).toBe(a.buf.buffer);
    expect(d.buf.buffer).not.toBe(a.buf.buffer);
  });

  it("keeps at most maxRetained bytes in its free lists", () => {
    const pool = new BodyPool(128 * 1024);
    const a = pool.take(100_000);
    const b = pool.take(100_000);
    a.release();
    b.release(); // over the cap: left to the GC
    const c = pool.take(100_000);
    const d = pool.take(100_000);
    expect(c.buf.buffer).toBe(a.buf.buffer);
    expect(d.buf.buffer).not.toBe(b.buf.buffer);
  });
});
