import { describe, expect, it } from "vitest";
import { AccountLimiter, Spacer, TokenBucket, type Clock } from "./limiter";

/** A virtual clock: sleep advances time instantly, so limiter waits are measured without waiting. */
function virtualClock(start = 1_000_000): Clock & { t: number; sleeps: number[] } {
  const c = {
    t: start,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe("TokenBucket (10/s, burst 40 — docs/aws-binary-rules.md §8)", () => {
  it("lets a burst of 40 through at once, then spaces calls 100 ms apart", () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(10, 40, clock);
    const waits = Array.from({ length: 43 }, () => bucket.reserve());
    expect(waits.slice(0, 40).every((w) => w === 0)).toBe(true);
    expect(waits.slice(40)).toEqual([100, 200, 300]);
  });

  it("refills with time and never above the burst", () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(10, 40, clock);
    for (let i = 0; i < 40; i++) bucket.reserve();
    clock.t += 60_000; // a minute later: refilled to 40, not 600
    const waits = Array.from({ length: 41 }, () => bucket.reserve());
    expect(waits.filter((w) => w === 0)).toHaveLength(40);
    expect(waits[40]).toBe(100);
  });

  it("keeps 100 sequential calls at or under 10/s after the burst", async () => {
    const clock = virtualClock(0);
    const bucket = new TokenBucket(10, 40, clock);
    for (let i = 0; i < 100; i++) await bucket.acquire();
    // 40 free, 60 more at 10/s = 6 s
    expect(clock.t).toBe(6000);
  });
});

describe("CreateDeployment spacing (1 per 5 s — docs/aws-binary-rules.md §8)", () => {
  it("queues quick calls 5 s apart instead of failing them", () => {
    const clock = virtualClock();
    const spacer = new Spacer(5000, clock);
    expect([spacer.reserve(), spacer.reserve(), spacer.reserve()]).toEqual([0, 5000, 10000]);
  });

  it("does not delay a call made after the interval", () => {
    const clock = virtualClock();
    const spacer = new Spacer(5000, clock);
    spacer.reserve();
    clock.t += 7000;
    expect(spacer.reserve()).toBe(0);
    clock.t += 1000;
    expect(spacer.reserve()).toBe(4000);
  });

  it("AccountLimiter spaces two redeploys ≥ 5 s apart while other operations go at once", async () => {
    const clock = virtualClock(0);
    const limiter = new AccountLimiter(clock);
    const times: Array<[string, number]> = [];
    for (const op of ["CreateDeployment", "GetRestApi", "CreateDeployment", "GetStages"]) {
      await limiter.acquire(op);
      times.push([op, clock.t]);
    }
    expect(times).toEqual([
      ["CreateDeployment", 0],
      ["GetRestApi", 0],
      ["CreateDeployment", 5000],
      ["GetStages", 5000],
    ]);
  });

  it("limits GetResources to 5 per 2 s", () => {
    const clock = virtualClock();
    const limiter = new AccountLimiter(clock);
    const waits = Array.from({ length: 7 }, () => limiter.getResources.reserve());
    expect(waits).toEqual([0, 0, 0, 0, 0, 400, 800]);
  });
});
