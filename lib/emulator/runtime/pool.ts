/**
 * One function's workers (≈ LocalStack's assignment service): hands a ready worker to each invocation,
 * spawns up to the pool's size, queues beyond it, replaces workers that die and stops idle ones.
 */
import { rmSync } from "node:fs";
import { Worker, type WorkerSpec } from "./worker";

/** One function's warm workers: at most `max`, spawned on demand, reused, reaped when idle; a queue beyond. */
export class Pool {
  readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly waiters: Array<{ give: (w: Worker | "retry") => void; cancelled: boolean }> = [];
  private reaper: NodeJS.Timeout | undefined;
  retired = false;

  constructor(
    /** The function's identity (environment.ts fingerprint): a different one needs a new pool. */
    readonly fingerprint: string,
    private readonly makeSpec: () => WorkerSpec,
    private readonly max: number,
    private readonly idleMs: number,
    private readonly onEmpty: (p: Pool) => void,
  ) {}

  /**
   * A ready (or failed-init) worker; spawns one if the pool has room, else queues. "retry": the pool was
   * retired while queued (the function changed or the runtime closed) — ask the runtime for the current pool.
   */
  acquire(deadlineAt: number): Promise<Worker | "deadline" | "retry"> {
    if (this.retired) return Promise.resolve("retry");
    while (this.idle.length > 0) {
      const w = this.idle.pop()!;
      if (w.alive && w.state === "ready") return Promise.resolve(w);
    }
    if (this.workers.size < this.max) {
      const w = this.spawn();
      return w.ready.then(() => w);
    }
    return new Promise((resolve) => {
      const waiter = { give: (w: Worker | "retry") => resolve(w), cancelled: false };
      this.waiters.push(waiter);
      if (Number.isFinite(deadlineAt)) {
        const t = setTimeout(
          () => {
            waiter.cancelled = true;
            resolve("deadline");
          },
          Math.max(0, deadlineAt - Date.now()),
        );
        const give = waiter.give;
        waiter.give = (w) => {
          clearTimeout(t);
          give(w);
        };
      }
    });
  }

  /** Returns a worker after an invocation: to a waiter, to the idle list, or to the grave. */
  release(w: Worker): void {
    if (this.retired || !w.alive || w.state !== "ready") {
      w.kill();
      return;
    }
    const waiter = this.nextWaiter();
    if (waiter) {
      waiter.give(w);
      return;
    }
    this.idle.push(w);
    this.scheduleReap();
  }

  /** Stops idle workers now and busy ones when they come back; queued invocations go to the current pool. */
  retire(): void {
    this.retired = true;
    if (this.reaper) clearTimeout(this.reaper);
    for (const w of this.idle.splice(0)) w.kill();
    for (let waiter = this.nextWaiter(); waiter; waiter = this.nextWaiter()) waiter.give("retry");
  }

  /** Kills every worker, busy or not. */
  killAll(): void {
    this.retire();
    for (const w of this.workers) w.kill();
  }

  private nextWaiter() {
    while (this.waiters.length > 0) {
      const waiter = this.waiters.shift()!;
      if (!waiter.cancelled) return waiter;
    }
    return undefined;
  }

  private spawn(): Worker {
    const spec = this.makeSpec();
    const w = new Worker(spec, (gone) => {
      this.workers.delete(gone);
      const i = this.idle.indexOf(gone);
      if (i >= 0) this.idle.splice(i, 1);
      // The worker's /tmp goes with it, as a Lambda sandbox's does.
      if (spec.env.TMPDIR) rmSync(spec.env.TMPDIR, { recursive: true, force: true });
      // A queued invocation gets a replacement (whatever its init outcome: the invocation reports it).
      if (!this.retired && this.workers.size < this.max && this.waiters.some((x) => !x.cancelled)) {
        let fresh: Worker | undefined;
        try {
          fresh = this.spawn();
        } catch {
          // Cannot start one (e.g. the scratch dir is gone): the queued invocations retry and report it.
          for (let waiter = this.nextWaiter(); waiter; waiter = this.nextWaiter()) waiter.give("retry");
        }
        if (fresh) {
          const w2 = fresh;
          void w2.ready.then(() => {
            const waiter = this.retired ? undefined : this.nextWaiter();
            if (waiter) waiter.give(w2);
            else this.release(w2);
          });
        }
      }
      if (this.workers.size === 0) this.onEmpty(this);
    });
    this.workers.add(w);
    return w;
  }

  private scheduleReap(): void {
    if (this.reaper || this.idleMs <= 0) return;
    const tick = () => {
      this.reaper = undefined;
      const now = Date.now();
      for (const w of [...this.idle]) {
        if (now - w.lastUsed >= this.idleMs) {
          this.idle.splice(this.idle.indexOf(w), 1);
          w.kill();
        }
      }
      if (this.idle.length > 0) this.reaper = setTimeout(tick, Math.min(this.idleMs, 60_000)).unref();
    };
    this.reaper = setTimeout(tick, this.idleMs).unref();
  }
}
