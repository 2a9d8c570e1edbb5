/** Reused buffers for response bodies read out of workers' body files. */

/**
 * Reusable buffers for bodies read out of body files. A fresh megabyte per response costs more than anything
 * else on the emulator's side (measured at 1 MiB: ~1.0 ms of CPU per request with a fresh Buffer.allocUnsafe —
 * page faults on first touch, then GC and munmap — against ~0.43 ms with a reused one). A buffer goes back only
 * through `release`, which its user calls once nothing refers to the bytes any more (the data plane: when the
 * response is handed to the kernel); one that is never released is simply garbage-collected.
 */
export class BodyPool {
  private readonly free = new Map<number, Buffer[]>();
  private retained = 0;

  constructor(
    /** Bytes kept in free lists at most (beyond that, released buffers are left to the GC). */
    private readonly maxRetained = 32 * 1024 * 1024,
    /** Smallest capacity handed out (smaller bodies come inline, not from files). */
    private readonly minCapacity = 64 * 1024,
  ) {}

  /** A buffer of exactly `length` bytes (a view of a pooled one) and the function that gives it back once. */
  take(length: number): { buf: Buffer; release: () => void } {
    let cap = this.minCapacity;
    while (cap < length) cap *= 2;
    const list = this.free.get(cap);
    let whole: Buffer;
    if (list && list.length > 0) {
      whole = list.pop()!;
      this.retained -= cap;
    } else {
      whole = Buffer.allocUnsafeSlow(cap);
    }
    let released = false;
    return {
      buf: whole.subarray(0, length),
      release: () => {
        if (released) return;
        released = true;
        this.put(cap, whole);
      },
    };
  }

  /**
   * Makes sure a buffer for `length` bytes is in the free list with its pages touched, so the first large body
   * does not pay for first-touch page faults (~1,100 of them for 4.5 MB, tens of ms on a loaded machine).
   */
  prime(length: number): void {
    let cap = this.minCapacity;
    while (cap < length) cap *= 2;
    if ((this.free.get(cap)?.length ?? 0) > 0) return;
    const { buf, release } = this.take(length);
    buf.fill(0);
    release();
  }

  private put(cap: number, whole: Buffer): void {
    if (this.retained + cap > this.maxRetained) return;
    let list = this.free.get(cap);
    if (!list) this.free.set(cap, (list = []));
    list.push(whole);
    this.retained += cap;
  }
}
